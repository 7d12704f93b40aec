use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};

use super::{added_capabilities, capability, container_label, is_windows, misplaced_note};

declare_rule! {
    /// ## What it does
    /// Flags containers that can gain more privileges than their process started with:
    /// `securityContext.allowPrivilegeEscalation` is not explicitly `false` (it defaults to
    /// `true`), or it is `false` but the container is privileged or adds `CAP_SYS_ADMIN`, which
    /// grant escalation anyway (the API server rejects `false` with `privileged: true` or with
    /// `CAP_SYS_ADMIN`).
    ///
    /// A privileged container, or one that adds `SYS_ADMIN`, without `allowPrivilegeEscalation:
    /// false` is left to the `privileged` and `added-capabilities` rules: the cause is the same,
    /// and setting `false` alone would not help.
    ///
    /// Checks every container, init container and ephemeral container of every pod-bearing kind,
    /// except in pods with `spec.os.name: windows`, where the field does not exist.
    ///
    /// With `pod-security` also running, a field this rule reports is not reported again there:
    /// this finding gets a note naming the Pod Security Standards level and control it fails.
    ///
    /// Leaving the field unset (it defaults to true) is a warning; `allowPrivilegeEscalation:
    /// true`, or `false` undone by `privileged` or SYS_ADMIN, is an error.
    ///
    /// ## Why
    /// Without `allowPrivilegeEscalation: false` the kernel's `no_new_privs` flag is not set, so a
    /// setuid binary or file capability in the image can make the process root, or give it
    /// capabilities the container dropped. The Pod Security Standards' `restricted` profile
    /// requires `false`.
    ///
    /// ## Example
    /// ```yaml
    /// containers:
    ///   - name: api
    ///     image: ghcr.io/acme/api:1.4.2
    ///     securityContext:
    ///       runAsNonRoot: true
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// containers:
    ///   - name: api
    ///     image: ghcr.io/acme/api:1.4.2
    ///     securityContext:
    ///       runAsNonRoot: true
    ///       allowPrivilegeEscalation: false
    /// ```
    pub static RULE = Rule {
        id: "privilege-escalation",
        group: Group::Security,
        severity: Severity::Warning,
        summary: "Container allows privilege escalation",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    for pod in context.pod_templates().filter(|p| !is_windows(p)) {
        for container in pod.containers() {
            let label = container_label(&container);
            let context = &container.json["securityContext"];
            let pointer = container.at("securityContext/allowPrivilegeEscalation");
            let privileged = context["privileged"].as_bool() == Some(true);
            let sys_admin =
                added_capabilities(&container).find(|(_, c)| capability(c) == "SYS_ADMIN");
            match context["allowPrivilegeEscalation"].as_bool() {
                Some(false) => {
                    let (cause, rejected) = if privileged {
                        ("it is privileged (`privileged: true`)".to_owned(), true)
                    } else if let Some((_, cap)) = sys_admin {
                        (format!("it adds `{cap}`"), cap.trim() == "CAP_SYS_ADMIN")
                    } else {
                        continue;
                    };
                    let finding = findings
                        .add(
                            pod.object,
                            pointer,
                            format!(
                                "{label} sets `allowPrivilegeEscalation: false`, but {cause}, \
                                 which allows escalation anyway"
                            ),
                        )
                        .on_value()
                        .severity(Severity::Error)
                        .help(if privileged {
                            "remove `privileged: true` and add only the capabilities it needs"
                        } else {
                            "remove SYS_ADMIN from `capabilities.add`"
                        });
                    if rejected {
                        finding.note("the API server rejects this combination");
                    }
                }
                // Privileged or SYS_ADMIN: escalation is the least of it, and `privileged` or
                // `added-capabilities` reports the cause.
                _ if privileged || sys_admin.is_some() => {}
                Some(true) => {
                    findings
                        .add(
                            pod.object,
                            pointer,
                            format!("{label} sets `allowPrivilegeEscalation: true`"),
                        )
                        .on_value()
                        .severity(Severity::Error)
                        .help("set `allowPrivilegeEscalation: false`");
                }
                None => {
                    let finding = findings
                        .add(
                            pod.object,
                            pointer,
                            format!(
                                "{label} does not set `securityContext.allowPrivilegeEscalation: \
                                 false`, so it defaults to true"
                            ),
                        )
                        .help(
                            "set `allowPrivilegeEscalation: false` in the container's \
                             securityContext",
                        );
                    if let Some(note) = misplaced_note(&pod, "allowPrivilegeEscalation") {
                        finding.note(note);
                    }
                }
            }
        }
    }
}
