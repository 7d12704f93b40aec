use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};

use super::{added_capabilities, capability, container_label, is_windows, misplaced_note};

declare_rule! {
    /// ## What it does
    /// Flags Linux capabilities a container adds in `securityContext.capabilities.add`, other than
    /// `NET_BIND_SERVICE` (one finding per capability), and containers whose
    /// `capabilities.drop` does not include `ALL`. Names are compared without case and without a
    /// `CAP_` prefix.
    ///
    /// A privileged container has every capability whatever it drops; `privileged` reports it, so
    /// the `drop` check skips it. Pods with `spec.os.name: windows` are skipped: the field does not
    /// exist there.
    ///
    /// Checks every container, init container and ephemeral container of every pod-bearing kind.
    ///
    /// With `pod-security` also running, a field this rule reports is not reported again there:
    /// this finding gets a note naming the Pod Security Standards level and control it fails.
    ///
    /// Adding a capability is an error; keeping the runtime's default set (no `drop: [ALL]`) is a
    /// warning.
    ///
    /// ## Why
    /// Container runtimes grant a default set of capabilities (`CHOWN`, `DAC_OVERRIDE`, `FOWNER`,
    /// `SETUID`, `NET_RAW`, …) that most applications never use, and each added capability widens
    /// what a compromised process can do to the node: `SYS_ADMIN` is close to root, `NET_ADMIN`
    /// rewrites the node's network, `SYS_PTRACE` reads other processes. Dropping `ALL` and adding
    /// back only what is needed is what the Pod Security Standards' `restricted` profile requires
    /// (it allows adding only `NET_BIND_SERVICE`).
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   capabilities:
    ///     add: [SYS_ADMIN, NET_BIND_SERVICE]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// securityContext:
    ///   capabilities:
    ///     drop: [ALL]
    ///     add: [NET_BIND_SERVICE]   # only to bind ports below 1024
    /// ```
    pub static RULE = Rule {
        id: "added-capabilities",
        group: Group::Security,
        severity: Severity::Warning,
        summary: "Container adds capabilities beyond NET_BIND_SERVICE, or does not drop ALL",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    for pod in context.pod_templates().filter(|p| !is_windows(p)) {
        for container in pod.containers() {
            let label = container_label(&container);
            for (index, cap) in added_capabilities(&container) {
                let normal = capability(cap);
                if normal == "NET_BIND_SERVICE" {
                    continue;
                }
                let what = if normal == "ALL" {
                    "adds ALL capabilities".to_owned()
                } else {
                    format!("adds the capability `{cap}`")
                };
                findings
                    .add(
                        pod.object,
                        container.at(&format!("securityContext/capabilities/add/{index}")),
                        format!("{label} {what} in `securityContext.capabilities.add`"),
                    )
                    .on_value()
                    .severity(Severity::Error)
                    .help(
                        "remove it from `capabilities.add`; only NET_BIND_SERVICE (ports below \
                         1024) is safe to add",
                    );
            }

            let security = &container.json["securityContext"];
            if security["privileged"].as_bool() == Some(true) {
                continue;
            }
            let drop = &security["capabilities"]["drop"];
            let drops_all = drop
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| c.as_str())
                .any(|c| capability(c) == "ALL");
            if drops_all {
                continue;
            }
            let help = "set `capabilities.drop: [ALL]` in the container's securityContext, and \
                        add back only what it needs";
            let pointer = container.at("securityContext/capabilities/drop");
            if drop.as_array().is_some_and(|d| !d.is_empty()) {
                findings
                    .add(
                        pod.object,
                        pointer,
                        format!(
                            "{label} drops only some capabilities: `securityContext.capabilities.\
                             drop` does not include ALL"
                        ),
                    )
                    .help(help);
            } else {
                let finding = findings
                    .add(
                        pod.object,
                        pointer,
                        format!(
                            "{label} keeps the runtime's default capabilities: it does not set \
                             `securityContext.capabilities.drop: [ALL]`"
                        ),
                    )
                    .help(help);
                if let Some(note) = misplaced_note(&pod, "capabilities") {
                    finding.note(note);
                }
            }
        }
    }
}
