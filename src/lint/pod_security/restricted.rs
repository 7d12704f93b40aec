//! The `restricted` controls: current pod hardening practice. Privilege Escalation, Seccomp
//! and Capabilities are Linux-only: pods with `spec.os.name: windows` are exempt from them.

use super::baseline::volumes;
use super::{Control, Level, Violation};
use crate::lint::context::PodTemplate;
use crate::lint::rules::security::{added_capabilities, container_label, is_windows};

pub static VOLUME_TYPES: Control = Control {
    name: "Volume Types",
    level: Level::Restricted,
    help: "use only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, \
           projected and secret volumes (a PersistentVolume can hold any other source)",
};
pub static PRIVILEGE_ESCALATION: Control = Control {
    name: "Privilege Escalation",
    level: Level::Restricted,
    help: "set `allowPrivilegeEscalation: false` in the container's securityContext",
};
pub static NON_ROOT: Control = Control {
    name: "Running as Non-root",
    level: Level::Restricted,
    help: "set `runAsNonRoot: true` in the pod's securityContext (or in every container's)",
};
pub static NON_ROOT_USER: Control = Control {
    name: "Running as Non-root user",
    level: Level::Restricted,
    help: "set `runAsUser` to a non-zero UID, or leave it to the image with `runAsNonRoot: true`",
};
pub static SECCOMP: Control = Control {
    name: "Seccomp",
    level: Level::Restricted,
    help: "set `seccompProfile: {type: RuntimeDefault}` in the pod's securityContext (or in \
           every container's)",
};
pub static CAPABILITIES: Control = Control {
    name: "Capabilities",
    level: Level::Restricted,
    help: "set `capabilities.drop: [ALL]` in the container's securityContext; add back at most \
           NET_BIND_SERVICE",
};

/// The inline volume sources `restricted` allows.
const VOLUME_SOURCES: &[&str] = &[
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "persistentVolumeClaim",
    "projected",
    "secret",
];

pub(super) fn check(pod: &PodTemplate<'_>, out: &mut Vec<Violation>) {
    for (index, volume) in volumes(pod) {
        let Some(fields) = volume.as_object() else {
            continue;
        };
        let source = fields.keys().find(|k| *k != "name").map(String::as_str);
        // A `hostPath` volume violates `baseline` already; a volume with no source is an
        // emptyDir.
        let allowed = fields.keys().any(|k| VOLUME_SOURCES.contains(&k.as_str()));
        if let Some(source) = source.filter(|s| !allowed && *s != "hostPath") {
            out.push(Violation::new(
                &VOLUME_TYPES,
                pod.at(&format!(
                    "volumes/{index}/{}",
                    crate::yaml::escape_token(source)
                )),
                format!(
                    "volume `{}` has the volume type `{source}`",
                    volume["name"].as_str().unwrap_or("")
                ),
            ));
        }
    }

    let linux = !is_windows(pod);
    if linux {
        for container in pod.containers() {
            let label = container_label(&container);
            let pointer = container.at("securityContext/allowPrivilegeEscalation");
            match container.json["securityContext"]["allowPrivilegeEscalation"].as_bool() {
                Some(false) => {}
                Some(true) => out.push(
                    Violation::new(
                        &PRIVILEGE_ESCALATION,
                        pointer,
                        format!("{label} sets `allowPrivilegeEscalation: true`"),
                    )
                    .on_value(),
                ),
                None => out.push(Violation::new(
                    &PRIVILEGE_ESCALATION,
                    pointer,
                    format!("{label} does not set `allowPrivilegeEscalation: false`"),
                )),
            }
        }
    }

    let pod_non_root = &pod.spec["securityContext"]["runAsNonRoot"];
    if pod_non_root.as_bool() == Some(false) {
        out.push(
            Violation::new(
                &NON_ROOT,
                pod.at("securityContext/runAsNonRoot"),
                "the pod sets `runAsNonRoot: false`".to_owned(),
            )
            .on_value(),
        );
    }
    for container in pod.containers() {
        let label = container_label(&container);
        let pointer = container.at("securityContext/runAsNonRoot");
        match container.json["securityContext"]["runAsNonRoot"].as_bool() {
            Some(true) => {}
            Some(false) => out.push(
                Violation::new(
                    &NON_ROOT,
                    pointer,
                    format!("{label} sets `runAsNonRoot: false`"),
                )
                .on_value(),
            ),
            None if pod_non_root.as_bool() == Some(true) => {}
            None => out.push(Violation::new(
                &NON_ROOT,
                pointer,
                format!("neither {label} nor the pod sets `runAsNonRoot: true`"),
            )),
        }
    }

    let users = std::iter::once((
        &pod.spec["securityContext"]["runAsUser"],
        pod.at("securityContext/runAsUser"),
        "the pod".to_owned(),
    ))
    .chain(pod.containers().map(|c| {
        (
            &c.json["securityContext"]["runAsUser"],
            c.at("securityContext/runAsUser"),
            container_label(&c),
        )
    }));
    for (user, pointer, who) in users {
        if user.as_i64() == Some(0) {
            out.push(
                Violation::new(
                    &NON_ROOT_USER,
                    pointer,
                    format!("{who} sets `runAsUser: 0` (root)"),
                )
                .on_value(),
            );
        }
    }

    if !linux {
        return;
    }
    // A profile set to another type violates `baseline`'s Seccomp already: only a missing one
    // is `restricted`'s.
    if pod.spec["securityContext"]["seccompProfile"]["type"].is_null() {
        for container in pod.containers() {
            if container.json["securityContext"]["seccompProfile"]["type"].is_null() {
                out.push(Violation::new(
                    &SECCOMP,
                    container.at("securityContext/seccompProfile"),
                    format!(
                        "{} does not set `seccompProfile`, and neither does the pod",
                        container_label(&container)
                    ),
                ));
            }
        }
    }

    for container in pod.containers() {
        let label = container_label(&container);
        for (index, cap) in added_capabilities(&container) {
            // What is not in the runtime's default set violates `baseline` already.
            if cap != "NET_BIND_SERVICE" && super::baseline::is_default_capability(cap) {
                out.push(
                    Violation::new(
                        &CAPABILITIES,
                        container.at(&format!("securityContext/capabilities/add/{index}")),
                        format!("{label} adds the capability `{cap}`"),
                    )
                    .on_value(),
                );
            }
        }
        let drop = &container.json["securityContext"]["capabilities"]["drop"];
        let drops_all = drop
            .as_array()
            .into_iter()
            .flatten()
            .any(|c| c.as_str() == Some("ALL"));
        if !drops_all {
            out.push(Violation::new(
                &CAPABILITIES,
                container.at("securityContext/capabilities/drop"),
                format!("{label} does not drop ALL capabilities (`capabilities.drop: [ALL]`)"),
            ));
        }
    }
}
