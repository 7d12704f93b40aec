//! Each control: a pod that violates it and one that conforms, and the level each meets.

use std::sync::Arc;

use super::*;
use crate::lint::context::pod_template;
use crate::manifest::{Object, parse_objects};

/// A pod that meets `restricted`; cases change one part of it.
const RESTRICTED: &str = r#"
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsNonRoot: true
    seccompProfile: {type: RuntimeDefault}
  containers:
    - name: app
      image: app:1
      securityContext:
        allowPrivilegeEscalation: false
        capabilities: {drop: [ALL]}
"#;

fn object(yaml: &str) -> Object {
    let text: Arc<str> = yaml.into();
    let (mut objects, problems) = parse_objects(&text, 0, "test.yaml");
    assert!(problems.is_empty(), "{yaml}");
    objects.remove(0)
}

/// `RESTRICTED` with `patch` (a JSON merge patch) applied.
fn pod(patch: serde_json::Value) -> Object {
    let mut object = object(RESTRICTED);
    merge(&mut object.json, patch);
    object
}

fn merge(target: &mut serde_json::Value, patch: serde_json::Value) {
    match (target, patch) {
        (serde_json::Value::Object(target), serde_json::Value::Object(patch)) => {
            for (key, value) in patch {
                if value.is_null() {
                    target.remove(&key);
                } else {
                    merge(target.entry(key).or_insert(serde_json::Value::Null), value);
                }
            }
        }
        (target, patch) => *target = patch,
    }
}

/// (control name, control level, pointer) of every violation, and the level met.
fn verdict(object: &Object) -> (Vec<(&'static str, Level, String)>, Level) {
    let pod = pod_template(object).expect("a pod");
    let violations = evaluate(&pod);
    let level = level(&violations);
    let found = violations
        .into_iter()
        .map(|v| (v.control.name, v.control.level, v.pointer))
        .collect();
    (found, level)
}

fn container(security: serde_json::Value) -> serde_json::Value {
    serde_json::json!({"spec": {"containers": [{"name": "app", "image": "app:1",
        "securityContext": security}]}})
}

/// Asserts that `bad` violates exactly `control` (at `level`, at `pointer`) and meets the level
/// below, and that `good` meets `restricted`.
fn case(
    control: &str,
    level: Level,
    pointer: &str,
    bad: serde_json::Value,
    good: serde_json::Value,
) {
    let (found, met) = verdict(&pod(bad));
    assert_eq!(found, [(control, level, pointer.to_owned())], "{control}");
    let below = if level == Level::Baseline {
        Level::Privileged
    } else {
        Level::Baseline
    };
    assert_eq!(met, below, "{control}");
    let (found, met) = verdict(&pod(good));
    assert_eq!(
        (found, met),
        (vec![], Level::Restricted),
        "{control}: conforming case"
    );
}

fn secure(extra: serde_json::Value) -> serde_json::Value {
    let mut base = serde_json::json!({"allowPrivilegeEscalation": false,
        "capabilities": {"drop": ["ALL"]}});
    merge(&mut base, extra);
    base
}

use serde_json::json;

#[test]
fn the_restricted_pod_meets_restricted() {
    assert_eq!(verdict(&object(RESTRICTED)), (vec![], Level::Restricted));
}

#[test]
fn host_process() {
    case(
        "HostProcess",
        Level::Baseline,
        "/spec/securityContext/windowsOptions/hostProcess",
        json!({"spec": {"securityContext": {"windowsOptions": {"hostProcess": true}}}}),
        json!({"spec": {"securityContext": {"windowsOptions": {"hostProcess": false}}}}),
    );
}

#[test]
fn host_namespaces() {
    for field in ["hostNetwork", "hostPID", "hostIPC"] {
        case(
            "Host Namespaces",
            Level::Baseline,
            &format!("/spec/{field}"),
            json!({"spec": {field: true}}),
            json!({"spec": {field: false}}),
        );
    }
}

#[test]
fn privileged_containers() {
    case(
        "Privileged Containers",
        Level::Baseline,
        "/spec/containers/0/securityContext/privileged",
        container(secure(json!({"privileged": true}))),
        container(secure(json!({"privileged": false}))),
    );
}

#[test]
fn baseline_capabilities() {
    case(
        "Capabilities",
        Level::Baseline,
        "/spec/containers/0/securityContext/capabilities/add/0",
        container(secure(json!({"capabilities": {"add": ["SYS_ADMIN"]}}))),
        container(secure(
            json!({"capabilities": {"add": ["NET_BIND_SERVICE"]}}),
        )),
    );
    // Exactly as the admission controller compares: `CAP_` is not stripped.
    let (found, _) = verdict(&pod(container(secure(
        json!({"capabilities": {"add": ["CAP_NET_BIND_SERVICE"]}}),
    ))));
    assert_eq!(found[0].0, "Capabilities");
    assert_eq!(found[0].1, Level::Baseline);
}

#[test]
fn host_path_volumes() {
    case(
        "HostPath Volumes",
        Level::Baseline,
        "/spec/volumes/0/hostPath",
        json!({"spec": {"volumes": [{"name": "v", "hostPath": {"path": "/var/log"}}]}}),
        json!({"spec": {"volumes": [{"name": "v", "emptyDir": {}}]}}),
    );
}

#[test]
fn host_ports() {
    let ports = |port| {
        json!({"spec": {"containers": [{"name": "app", "image": "app:1",
            "ports": [{"containerPort": 80, "hostPort": port}], "securityContext": secure(json!({}))}]}})
    };
    case(
        "Host Ports",
        Level::Baseline,
        "/spec/containers/0/ports/0/hostPort",
        ports(8080),
        ports(0),
    );
    // One finding per container, however many ports it binds.
    let several = pod(
        json!({"spec": {"containers": [{"name": "app", "image": "app:1",
        "ports": [{"containerPort": 80}, {"containerPort": 81, "hostPort": 81},
                  {"containerPort": 82, "hostPort": 82}],
        "securityContext": secure(json!({}))}]}}),
    );
    let pod = pod_template(&several).expect("a pod");
    let violations = evaluate(&pod);
    assert_eq!(violations.len(), 1);
    assert_eq!(violations[0].pointer, "/spec/containers/0/ports/1/hostPort");
    assert!(
        violations[0]
            .message
            .contains("binds ports `81`, `82` of the node"),
        "{}",
        violations[0].message
    );
}

#[test]
fn host_probes_and_lifecycle_hooks() {
    let probe = |host: &str| {
        json!({"spec": {"containers": [{"name": "app", "image": "app:1",
            "livenessProbe": {"httpGet": {"port": 80, "host": host}},
            "securityContext": secure(json!({}))}]}})
    };
    case(
        "Host Probes / Lifecycle Hooks",
        Level::Baseline,
        "/spec/containers/0/livenessProbe/httpGet/host",
        probe("169.254.169.254"),
        probe(""),
    );
    let hook = json!({"spec": {"containers": [{"name": "app", "image": "app:1",
        "lifecycle": {"preStop": {"tcpSocket": {"port": 80, "host": "db"}}},
        "securityContext": secure(json!({}))}]}});
    let (found, _) = verdict(&pod(hook));
    assert_eq!(
        found[0].2,
        "/spec/containers/0/lifecycle/preStop/tcpSocket/host"
    );
}

#[test]
fn apparmor_field_and_annotation() {
    case(
        "AppArmor",
        Level::Baseline,
        "/spec/containers/0/securityContext/appArmorProfile/type",
        container(secure(json!({"appArmorProfile": {"type": "Unconfined"}}))),
        container(secure(
            json!({"appArmorProfile": {"type": "Localhost", "localhostProfile": "p"}}),
        )),
    );
    let annotated = |value: &str| {
        json!({"metadata": {"annotations": {
            "container.apparmor.security.beta.kubernetes.io/app": value}}})
    };
    case(
        "AppArmor",
        Level::Baseline,
        "/metadata/annotations/container.apparmor.security.beta.kubernetes.io~1app",
        annotated("unconfined"),
        annotated("runtime/default"),
    );
    let (found, met) = verdict(&pod(annotated("localhost/k8s-apparmor")));
    assert_eq!((found.len(), met), (0, Level::Restricted));
}

#[test]
fn selinux() {
    case(
        "SELinux",
        Level::Baseline,
        "/spec/securityContext/seLinuxOptions/type",
        json!({"spec": {"securityContext": {"seLinuxOptions": {"type": "spc_t"}}}}),
        json!({"spec": {"securityContext": {"seLinuxOptions": {"type": "container_engine_t", "level": "s0:c1"}}}}),
    );
    for field in ["user", "role"] {
        case(
            "SELinux",
            Level::Baseline,
            &format!("/spec/containers/0/securityContext/seLinuxOptions/{field}"),
            container(secure(json!({"seLinuxOptions": {field: "system_u"}}))),
            container(secure(json!({"seLinuxOptions": {field: ""}}))),
        );
    }
}

#[test]
fn proc_mount() {
    case(
        "/proc Mount Type",
        Level::Baseline,
        "/spec/containers/0/securityContext/procMount",
        container(secure(json!({"procMount": "Unmasked"}))),
        container(secure(json!({"procMount": "Default"}))),
    );
}

#[test]
fn baseline_seccomp() {
    case(
        "Seccomp",
        Level::Baseline,
        "/spec/securityContext/seccompProfile/type",
        json!({"spec": {"securityContext": {"seccompProfile": {"type": "Unconfined"}}}}),
        json!({"spec": {"securityContext": {"seccompProfile": {"type": "Localhost", "localhostProfile": "p.json"}}}}),
    );
}

#[test]
fn sysctls() {
    let sysctl = |name: &str| json!({"spec": {"securityContext": {"sysctls": [{"name": name, "value": "1"}]}}});
    case(
        "Sysctls",
        Level::Baseline,
        "/spec/securityContext/sysctls/0/name",
        sysctl("net.core.somaxconn"),
        sysctl("net.ipv4.tcp_keepalive_time"),
    );
}

#[test]
fn volume_types() {
    case(
        "Volume Types",
        Level::Restricted,
        "/spec/volumes/0/nfs",
        json!({"spec": {"volumes": [{"name": "v", "nfs": {"server": "s", "path": "/"}}]}}),
        json!({"spec": {"volumes": [{"name": "v", "persistentVolumeClaim": {"claimName": "c"}},
            {"name": "w", "projected": {"sources": []}}, {"name": "x", "csi": {"driver": "d"}}]}}),
    );
    // A hostPath volume is one violation, of baseline.
    let (found, _) = verdict(&pod(
        json!({"spec": {"volumes": [{"name": "v", "hostPath": {"path": "/"}}]}}),
    ));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "HostPath Volumes");
}

#[test]
fn privilege_escalation() {
    case(
        "Privilege Escalation",
        Level::Restricted,
        "/spec/containers/0/securityContext/allowPrivilegeEscalation",
        container(json!({"capabilities": {"drop": ["ALL"]}})),
        container(secure(json!({}))),
    );
    case(
        "Privilege Escalation",
        Level::Restricted,
        "/spec/containers/0/securityContext/allowPrivilegeEscalation",
        container(secure(json!({"allowPrivilegeEscalation": true}))),
        container(secure(json!({"allowPrivilegeEscalation": false}))),
    );
}

#[test]
fn running_as_non_root() {
    // Unset in the pod and the container.
    case(
        "Running as Non-root",
        Level::Restricted,
        "/spec/containers/0/securityContext/runAsNonRoot",
        json!({"spec": {"securityContext": {"runAsNonRoot": null}}}),
        json!({"spec": {"securityContext": {"runAsNonRoot": null},
            "containers": [{"name": "app", "image": "app:1", "securityContext": secure(json!({"runAsNonRoot": true}))}]}}),
    );
    // The container overrides the pod.
    case(
        "Running as Non-root",
        Level::Restricted,
        "/spec/containers/0/securityContext/runAsNonRoot",
        container(secure(json!({"runAsNonRoot": false}))),
        container(secure(json!({"runAsNonRoot": true}))),
    );
    case(
        "Running as Non-root",
        Level::Restricted,
        "/spec/securityContext/runAsNonRoot",
        json!({"spec": {"securityContext": {"runAsNonRoot": false},
            "containers": [{"name": "app", "image": "app:1", "securityContext": secure(json!({"runAsNonRoot": true}))}]}}),
        json!({"spec": {"securityContext": {"runAsNonRoot": true}}}),
    );
}

#[test]
fn running_as_non_root_user() {
    case(
        "Running as Non-root user",
        Level::Restricted,
        "/spec/securityContext/runAsUser",
        json!({"spec": {"securityContext": {"runAsUser": 0}}}),
        json!({"spec": {"securityContext": {"runAsUser": 1000}}}),
    );
    case(
        "Running as Non-root user",
        Level::Restricted,
        "/spec/containers/0/securityContext/runAsUser",
        container(secure(json!({"runAsUser": 0}))),
        container(secure(json!({"runAsUser": 10001}))),
    );
}

#[test]
fn restricted_seccomp() {
    case(
        "Seccomp",
        Level::Restricted,
        "/spec/containers/0/securityContext/seccompProfile",
        json!({"spec": {"securityContext": {"seccompProfile": null}}}),
        json!({"spec": {"securityContext": {"seccompProfile": null},
            "containers": [{"name": "app", "image": "app:1",
                "securityContext": secure(json!({"seccompProfile": {"type": "RuntimeDefault"}}))}]}}),
    );
}

#[test]
fn restricted_capabilities() {
    case(
        "Capabilities",
        Level::Restricted,
        "/spec/containers/0/securityContext/capabilities/drop",
        container(json!({"allowPrivilegeEscalation": false, "capabilities": {"drop": ["all"]}})),
        container(secure(
            json!({"capabilities": {"add": ["NET_BIND_SERVICE"]}}),
        )),
    );
    case(
        "Capabilities",
        Level::Restricted,
        "/spec/containers/0/securityContext/capabilities/add/0",
        container(secure(json!({"capabilities": {"add": ["CHOWN"]}}))),
        container(secure(json!({}))),
    );
}

#[test]
fn windows_pods_are_exempt_from_the_linux_only_controls() {
    let windows = json!({"spec": {"os": {"name": "windows"},
        "securityContext": {"seccompProfile": null},
        "containers": [{"name": "app", "image": "app:1"}]}});
    assert_eq!(verdict(&pod(windows)), (vec![], Level::Restricted));
    // The same pod on Linux fails all three.
    let linux = json!({"spec": {"securityContext": {"seccompProfile": null},
        "containers": [{"name": "app", "image": "app:1"}]}});
    let (found, met) = verdict(&pod(linux));
    let names: Vec<&str> = found.iter().map(|f| f.0).collect();
    assert_eq!(names, ["Privilege Escalation", "Seccomp", "Capabilities"]);
    assert_eq!(met, Level::Baseline);
}

#[test]
fn odd_shapes_never_panic_and_count_as_unset() {
    for odd in [
        json!({"spec": {"securityContext": "yes", "volumes": "none"}}),
        json!({"spec": {"containers": [{"name": "app", "securityContext": [1, 2],
            "ports": {"hostPort": 1}, "livenessProbe": "x"}], "volumes": [3, {"name": 4}]}}),
        json!({"spec": {"containers": "app", "initContainers": [null]}}),
    ] {
        let _ = verdict(&pod(odd));
    }
}

#[test]
fn every_container_list_is_checked() {
    let init = json!({"spec": {"initContainers": [{"name": "init", "image": "i:1",
        "securityContext": secure(json!({"privileged": true}))}],
        "ephemeralContainers": [{"name": "debug", "image": "d:1",
        "securityContext": secure(json!({"procMount": "Unmasked"}))}]}});
    let (found, _) = verdict(&pod(init));
    let pointers: Vec<&str> = found.iter().map(|f| f.2.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/spec/initContainers/0/securityContext/privileged",
            "/spec/ephemeralContainers/0/securityContext/procMount"
        ]
    );
}
