//! Rules of the `security` group, and what they share: how a container's security settings are
//! resolved against its pod's.

pub mod added_capabilities;
pub mod automount_service_account_token;
pub mod host_namespaces;
pub mod host_path;
pub mod plaintext_secret;
pub mod pod_security;
pub mod privilege_escalation;
pub mod privileged;
pub mod run_as_root;
pub mod writable_root_filesystem;

use serde_json::Value;

use crate::lint::context::{Container, PodTemplate};
use crate::lint::rule::Rule;

/// Every rule of this group, in the order `chartcheck rules` lists them.
pub static RULES: &[&Rule] = &[
    &run_as_root::RULE,
    &privileged::RULE,
    &privilege_escalation::RULE,
    &writable_root_filesystem::RULE,
    &added_capabilities::RULE,
    &host_namespaces::RULE,
    &host_path::RULE,
    &plaintext_secret::RULE,
    &pod_security::RULE,
    &automount_service_account_token::RULE,
];

/// How messages name a container: `container `api``, `init container `migrate``, or
/// `ephemeral container `debug``.
pub(crate) fn container_label(container: &Container<'_>) -> String {
    let kind = match container.list {
        "initContainers" => "init container",
        "ephemeralContainers" => "ephemeral container",
        _ => "container",
    };
    format!("{kind} `{}`", container.name())
}

/// A security setting as it applies to a container: its own, else its pod's.
pub(crate) struct Effective<'a> {
    pub value: &'a Value,
    /// JSON pointer of the field that sets it.
    pub pointer: String,
    /// True when the pod's securityContext sets it (the container does not).
    pub from_pod: bool,
}

/// A field that both `SecurityContext` and `PodSecurityContext` have (`runAsUser`,
/// `runAsNonRoot`, …): the container's value when set (not null), else the pod's.
pub(crate) fn effective<'a>(
    pod: &PodTemplate<'a>,
    container: &Container<'a>,
    field: &str,
) -> Option<Effective<'a>> {
    let own = &container.json["securityContext"][field];
    if !own.is_null() {
        return Some(Effective {
            value: own,
            pointer: container.at(&format!("securityContext/{field}")),
            from_pod: false,
        });
    }
    let inherited = &pod.spec["securityContext"][field];
    (!inherited.is_null()).then(|| Effective {
        value: inherited,
        pointer: pod.at(&format!("securityContext/{field}")),
        from_pod: true,
    })
}

/// A note for a container-only field (`readOnlyRootFilesystem`, `allowPrivilegeEscalation`,
/// `capabilities`, `privileged`) written in the pod's securityContext, where Kubernetes ignores
/// it: a common reason why a chart that looks hardened is not.
pub(crate) fn misplaced_note(pod: &PodTemplate<'_>, field: &str) -> Option<String> {
    (!pod.spec["securityContext"][field].is_null()).then(|| {
        format!(
            "the pod's securityContext sets `{field}`, which has no effect there: it is a \
             container-level field"
        )
    })
}

/// True for pods that declare `spec.os.name: windows`, where Linux-only settings
/// (`readOnlyRootFilesystem`, `allowPrivilegeEscalation`, `capabilities`, …) are forbidden.
pub(crate) fn is_windows(pod: &PodTemplate<'_>) -> bool {
    pod.spec["os"]["name"].as_str() == Some("windows")
}

/// A capability as the kernel names it without the `CAP_` prefix, upper case: `SYS_ADMIN`
/// for `sys_admin` or `CAP_SYS_ADMIN`.
pub(crate) fn capability(name: &str) -> String {
    let upper = name.trim().to_ascii_uppercase();
    upper
        .strip_prefix("CAP_")
        .map_or_else(|| upper.clone(), str::to_owned)
}

/// The capabilities a container adds, with the index of each in `capabilities.add`.
pub(crate) fn added_capabilities<'a>(
    container: &Container<'a>,
) -> impl Iterator<Item = (usize, &'a str)> {
    container.json["securityContext"]["capabilities"]["add"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, c)| c.as_str().map(|c| (i, c)))
}
