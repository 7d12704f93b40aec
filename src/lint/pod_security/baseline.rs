//! The `baseline` controls: no known privilege escalation.

use serde_json::Value;

use super::{Control, Level, Violation, one_of, shown};
use crate::lint::context::PodTemplate;
use crate::lint::rules::security::{added_capabilities, container_label};
use crate::yaml::escape_token;

pub static HOST_PROCESS: Control = Control {
    name: "HostProcess",
    level: Level::Baseline,
    help: "remove `windowsOptions.hostProcess: true`: a HostProcess container is privileged on \
           the Windows node",
};
pub static HOST_NAMESPACES: Control = Control {
    name: "Host Namespaces",
    level: Level::Baseline,
    help: "remove `hostNetwork`, `hostPID` and `hostIPC`, or set them to false",
};
pub static PRIVILEGED: Control = Control {
    name: "Privileged Containers",
    level: Level::Baseline,
    help: "remove `privileged: true`; add only the capabilities the container needs",
};
pub static CAPABILITIES: Control = Control {
    name: "Capabilities",
    level: Level::Baseline,
    help: "add only capabilities of the runtime's default set (AUDIT_WRITE, CHOWN, \
           DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, \
           SETPCAP, SETUID, SYS_CHROOT), written as such",
};
pub static HOST_PATH: Control = Control {
    name: "HostPath Volumes",
    level: Level::Baseline,
    help: "use a persistentVolumeClaim, or emptyDir for scratch space",
};
pub static HOST_PORTS: Control = Control {
    name: "Host Ports",
    level: Level::Baseline,
    help: "remove `hostPort` and reach the container through a Service",
};
pub static HOST_PROBES: Control = Control {
    name: "Host Probes / Lifecycle Hooks",
    level: Level::Baseline,
    help: "remove `host`: probes and hooks then reach the pod's own IP",
};
pub static APPARMOR: Control = Control {
    name: "AppArmor",
    level: Level::Baseline,
    help: "use the `RuntimeDefault` or a `Localhost` AppArmor profile (annotation values \
           `runtime/default` or `localhost/<profile>`), or leave it unset",
};
pub static SELINUX: Control = Control {
    name: "SELinux",
    level: Level::Baseline,
    help: "leave `seLinuxOptions.user` and `role` unset, and `type` unset or one of \
           container_t, container_init_t, container_kvm_t, container_engine_t",
};
pub static PROC_MOUNT: Control = Control {
    name: "/proc Mount Type",
    level: Level::Baseline,
    help: "remove `procMount`, or set it to `Default`",
};
pub static SECCOMP: Control = Control {
    name: "Seccomp",
    level: Level::Baseline,
    help: "set `seccompProfile.type` to `RuntimeDefault` (or `Localhost` with a profile)",
};
pub static SYSCTLS: Control = Control {
    name: "Sysctls",
    level: Level::Baseline,
    help: "set only the safe, namespaced sysctls; others need a node that allows them, and \
           `privileged` Pod Security",
};

/// What `capabilities.add` may hold: the container runtime's default set.
const DEFAULT_CAPABILITIES: &[&str] = &[
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

/// Sysctls isolated to the pod (the kubelet's safe set).
const SAFE_SYSCTLS: &[&str] = &[
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
    "net.ipv4.tcp_rmem",
    "net.ipv4.tcp_wmem",
];

const SELINUX_TYPES: &[&str] = &[
    "",
    "container_t",
    "container_init_t",
    "container_kvm_t",
    "container_engine_t",
];

const PROFILE_TYPES: &[&str] = &["RuntimeDefault", "Localhost"];

const APPARMOR_ANNOTATION: &str = "container.apparmor.security.beta.kubernetes.io/";

pub(super) fn check(pod: &PodTemplate<'_>, out: &mut Vec<Violation>) {
    let pod_context = &pod.spec["securityContext"];
    // Where each security context is, and how messages name its owner.
    let mut contexts = vec![(pod_context, pod.at("securityContext"), "the pod".to_owned())];
    for container in pod.containers() {
        contexts.push((
            &container.json["securityContext"],
            container.at("securityContext"),
            container_label(&container),
        ));
    }

    for (context, at, who) in &contexts {
        if context["windowsOptions"]["hostProcess"].as_bool() == Some(true) {
            out.push(
                Violation::new(
                    &HOST_PROCESS,
                    format!("{at}/windowsOptions/hostProcess"),
                    format!("{who} runs as a Windows HostProcess container"),
                )
                .on_value(),
            );
        }
    }

    for (field, what) in [
        ("hostNetwork", "network"),
        ("hostPID", "process (PID)"),
        ("hostIPC", "IPC"),
    ] {
        if pod.spec[field].as_bool() == Some(true) {
            out.push(
                Violation::new(
                    &HOST_NAMESPACES,
                    pod.at(field),
                    format!("the pod shares the node's {what} namespace (`{field}: true`)"),
                )
                .on_value(),
            );
        }
    }

    for container in pod.containers() {
        if container.json["securityContext"]["privileged"].as_bool() == Some(true) {
            out.push(
                Violation::new(
                    &PRIVILEGED,
                    container.at("securityContext/privileged"),
                    format!("{} is privileged", container_label(&container)),
                )
                .on_value(),
            );
        }
    }

    for container in pod.containers() {
        for (index, cap) in added_capabilities(&container) {
            if !is_default_capability(cap) {
                out.push(
                    Violation::new(
                        &CAPABILITIES,
                        container.at(&format!("securityContext/capabilities/add/{index}")),
                        format!(
                            "{} adds the capability `{cap}`, which is not in the runtime's \
                             default set",
                            container_label(&container)
                        ),
                    )
                    .on_value(),
                );
            }
        }
    }

    for (index, volume) in volumes(pod) {
        if !volume["hostPath"].is_null() {
            out.push(Violation::new(
                &HOST_PATH,
                pod.at(&format!("volumes/{index}/hostPath")),
                format!(
                    "volume `{}` mounts a directory of the node (`hostPath`)",
                    volume["name"].as_str().unwrap_or("")
                ),
            ));
        }
    }

    // On the node's network every container port is a port of the node, and the API server
    // fills `hostPort` in: Host Namespaces reports the cause.
    let host_network = pod.spec["hostNetwork"].as_bool() == Some(true);
    for container in pod.containers().filter(|_| !host_network) {
        let ports = container.json["ports"].as_array().into_iter().flatten();
        let bound: Vec<(usize, &serde_json::Value)> = ports
            .map(|port| &port["hostPort"])
            .enumerate()
            .filter(|(_, host_port)| !host_port.is_null() && host_port.as_i64() != Some(0))
            .collect();
        // One finding per container, at its first host port: the fix is the same for all.
        let Some(&(first, _)) = bound.first() else {
            continue;
        };
        let numbers: Vec<String> = bound.iter().map(|(_, port)| shown(port)).collect();
        let (noun, list) = match numbers.as_slice() {
            [one] => ("port", one.clone()),
            many => ("ports", many.join(", ")),
        };
        out.push(
            Violation::new(
                &HOST_PORTS,
                container.at(&format!("ports/{first}/hostPort")),
                format!(
                    "{} binds {noun} {list} of the node (`hostPort`)",
                    container_label(&container)
                ),
            )
            .on_value(),
        );
    }

    for container in pod.containers() {
        let handlers = ["livenessProbe", "readinessProbe", "startupProbe"]
            .into_iter()
            .map(|probe| (probe.to_owned(), &container.json[probe]))
            .chain(["postStart", "preStop"].into_iter().map(|hook| {
                (
                    format!("lifecycle/{hook}"),
                    &container.json["lifecycle"][hook],
                )
            }));
        for (path, handler) in handlers {
            for action in ["httpGet", "tcpSocket"] {
                let host = &handler[action]["host"];
                if !host.is_null() && host.as_str() != Some("") {
                    out.push(
                        Violation::new(
                            &HOST_PROBES,
                            container.at(&format!("{path}/{action}/host")),
                            format!(
                                "{} sends its `{}` {action} to the host {}, not its own pod",
                                container_label(&container),
                                path.trim_start_matches("lifecycle/"),
                                shown(host),
                            ),
                        )
                        .on_value(),
                    );
                }
            }
        }
    }

    for (context, at, who) in &contexts {
        let kind = &context["appArmorProfile"]["type"];
        if !kind.is_null() && !one_of(kind, PROFILE_TYPES) {
            out.push(
                Violation::new(
                    &APPARMOR,
                    format!("{at}/appArmorProfile/type"),
                    format!("{who} sets the AppArmor profile type {}", shown(kind)),
                )
                .on_value(),
            );
        }
    }
    let metadata = pod
        .spec_pointer
        .strip_suffix("/spec")
        .unwrap_or(pod.spec_pointer);
    let annotations = pod
        .object
        .json
        .pointer(&format!("{metadata}/metadata/annotations"))
        .and_then(Value::as_object);
    for (key, value) in annotations.into_iter().flatten() {
        let Some(container) = key.strip_prefix(APPARMOR_ANNOTATION) else {
            continue;
        };
        let allowed = value
            .as_str()
            .is_some_and(|v| v.is_empty() || v == "runtime/default" || v.starts_with("localhost/"));
        if !allowed {
            out.push(
                Violation::new(
                    &APPARMOR,
                    format!("{metadata}/metadata/annotations/{}", escape_token(key)),
                    format!(
                        "the annotation sets the AppArmor profile {} for container `{container}`",
                        shown(value)
                    ),
                )
                .on_value(),
            );
        }
    }

    for (context, at, who) in &contexts {
        let options = &context["seLinuxOptions"];
        let kind = &options["type"];
        if !kind.is_null() && !one_of(kind, SELINUX_TYPES) {
            out.push(
                Violation::new(
                    &SELINUX,
                    format!("{at}/seLinuxOptions/type"),
                    format!("{who} sets the SELinux type {}", shown(kind)),
                )
                .on_value(),
            );
        }
        for field in ["user", "role"] {
            let value = &options[field];
            if !value.is_null() && value.as_str() != Some("") {
                out.push(
                    Violation::new(
                        &SELINUX,
                        format!("{at}/seLinuxOptions/{field}"),
                        format!("{who} sets the SELinux {field} {}", shown(value)),
                    )
                    .on_value(),
                );
            }
        }
    }

    for container in pod.containers() {
        let mount = &container.json["securityContext"]["procMount"];
        if !mount.is_null() && mount.as_str() != Some("Default") {
            out.push(
                Violation::new(
                    &PROC_MOUNT,
                    container.at("securityContext/procMount"),
                    format!(
                        "{} unmasks /proc (`procMount: {}`)",
                        container_label(&container),
                        mount.as_str().unwrap_or("?")
                    ),
                )
                .on_value(),
            );
        }
    }

    for (context, at, who) in &contexts {
        let kind = &context["seccompProfile"]["type"];
        if !kind.is_null() && !one_of(kind, PROFILE_TYPES) {
            out.push(
                Violation::new(
                    &SECCOMP,
                    format!("{at}/seccompProfile/type"),
                    format!("{who} sets the seccomp profile type {}", shown(kind)),
                )
                .on_value(),
            );
        }
    }

    let sysctls = pod_context["sysctls"].as_array().into_iter().flatten();
    for (index, sysctl) in sysctls.enumerate() {
        let name = &sysctl["name"];
        if !one_of(name, SAFE_SYSCTLS) {
            out.push(
                Violation::new(
                    &SYSCTLS,
                    pod.at(&format!("securityContext/sysctls/{index}/name")),
                    format!(
                        "the pod sets the sysctl {}, which is not in the safe set",
                        shown(name)
                    ),
                )
                .on_value(),
            );
        }
    }
}

/// The pod's volumes, with their index.
pub(super) fn volumes<'a>(pod: &PodTemplate<'a>) -> impl Iterator<Item = (usize, &'a Value)> {
    pod.spec["volumes"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
}

/// True for a capability of the runtime's default set, which `baseline` lets a container add.
pub(super) fn is_default_capability(cap: &str) -> bool {
    DEFAULT_CAPABILITIES.contains(&cap)
}
