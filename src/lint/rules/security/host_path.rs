use serde_json::Value;

use crate::diagnostic::Severity;
use crate::lint::context::{Context, PodTemplate};
use crate::lint::rule::{Findings, Group, declare_rule};

use super::container_label;

declare_rule! {
    /// ## What it does
    /// Flags `hostPath` volumes: in the `volumes` of every pod-bearing kind, and PersistentVolumes
    /// whose source is `hostPath`. Notes say which containers mount the volume, where, and whether
    /// read-only.
    ///
    /// With `pod-security` also running, a field this rule reports is not reported again there:
    /// this finding gets a note naming the Pod Security Standards level and control it fails.
    ///
    /// ## Why
    /// A `hostPath` volume hands the pod a directory or file of the node it lands on. Written to,
    /// it can plant files the node runs or trusts; even read, it can leak other pods' logs, secrets
    /// and tokens (`/var/lib/kubelet`, `/var/log`), and a runtime socket
    /// (`/run/containerd/containerd.sock`) is full control of the node. Its data also stays on one
    /// node, so a rescheduled pod does not find it. The Pod Security Standards' `baseline` profile
    /// forbids it. Agents that must read the node (log collectors, CSI and CNI plugins) should
    /// mount the narrowest path read-only and suppress this rule for the object, with a reason.
    ///
    /// ## Example
    /// ```yaml
    /// volumes:
    ///   - name: data
    ///     hostPath:
    ///       path: /srv/data
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// volumes:
    ///   - name: data
    ///     persistentVolumeClaim:
    ///       claimName: data        # or emptyDir: {} for scratch space
    /// ```
    pub static RULE = Rule {
        id: "host-path",
        group: Group::Security,
        severity: Severity::Error,
        summary: "Pod mounts a directory of the node (`hostPath` volume)",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    for pod in context.pod_templates() {
        let volumes = pod.spec["volumes"].as_array().into_iter().flatten();
        for (index, volume) in volumes.enumerate() {
            let host_path = &volume["hostPath"];
            if host_path.is_null() {
                continue;
            }
            let name = volume["name"].as_str().unwrap_or("");
            let finding = findings
                .add(
                    pod.object,
                    pod.at(&format!("volumes/{index}/hostPath")),
                    format!(
                        "volume `{name}` exposes the node's {} (`hostPath`)",
                        describe(host_path)
                    ),
                )
                .help(
                    "use a persistentVolumeClaim, or emptyDir for scratch space; if the pod \
                     must read the node, mount the narrowest path read-only and suppress this \
                     rule for the object with a reason",
                );
            let mounts = mounts(&pod, name);
            if mounts.is_empty() {
                finding.note("no container mounts it");
            }
            for mount in mounts {
                finding.note(mount);
            }
        }
    }
    for volume in context.of_kind("PersistentVolume") {
        let host_path = &volume.json["spec"]["hostPath"];
        if host_path.is_null() {
            continue;
        }
        findings
            .add(
                volume,
                "/spec/hostPath",
                format!(
                    "PersistentVolume `{}` is the node's {} (`hostPath`)",
                    volume.name,
                    describe(host_path)
                ),
            )
            .help(
                "use a StorageClass that provisions real volumes (or `local` volumes with node \
                 affinity)",
            );
    }
}

/// `path `/var/log``, or `a path` when it is not a string.
fn describe(host_path: &Value) -> String {
    match host_path["path"].as_str() {
        Some(path) => format!("path `{path}`"),
        None => "path".to_owned(),
    }
}

/// One line per container mount of the volume `name`: who, where, read-only or not.
fn mounts(pod: &PodTemplate<'_>, name: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for container in pod.containers() {
        let mounts = container.json["volumeMounts"]
            .as_array()
            .into_iter()
            .flatten();
        for mount in mounts.filter(|m| m["name"].as_str() == Some(name)) {
            let at = mount["mountPath"].as_str().unwrap_or("?");
            let access = if mount["readOnly"].as_bool() == Some(true) {
                "read-only"
            } else {
                "read-write"
            };
            lines.push(format!(
                "{} mounts it {access} at `{at}`",
                container_label(&container)
            ));
        }
    }
    lines
}
