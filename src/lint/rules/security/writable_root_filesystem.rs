use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};

use super::{container_label, is_windows, misplaced_note};

declare_rule! {
    /// ## What it does
    /// Flags containers whose `securityContext.readOnlyRootFilesystem` is not `true`. The field
    /// exists only on containers: set in the pod's `securityContext` it has no effect, and the
    /// finding says so.
    ///
    /// Checks every container, init container and ephemeral container of every pod-bearing kind,
    /// except in pods with `spec.os.name: windows`, where the field does not exist.
    ///
    /// ## Why
    /// A writable root filesystem lets an attacker who gets code execution drop tools or change
    /// the application's own files, and lets the application write state that silently disappears
    /// on restart. With a read-only root, everything the container writes goes to volumes you
    /// declared (`emptyDir` for scratch space), which is also what makes it visible.
    ///
    /// ## Example
    /// ```yaml
    /// containers:
    ///   - name: api
    ///     image: ghcr.io/acme/api:1.4.2
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// containers:
    ///   - name: api
    ///     image: ghcr.io/acme/api:1.4.2
    ///     securityContext:
    ///       readOnlyRootFilesystem: true
    ///     volumeMounts:
    ///       - {name: tmp, mountPath: /tmp}   # with an emptyDir volume `tmp`
    /// ```
    pub static RULE = Rule {
        id: "writable-root-filesystem",
        group: Group::Security,
        severity: Severity::Warning,
        summary: "Container's root filesystem is writable",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    for pod in context.pod_templates().filter(|p| !is_windows(p)) {
        for container in pod.containers() {
            let label = container_label(&container);
            let pointer = container.at("securityContext/readOnlyRootFilesystem");
            let help = "set `readOnlyRootFilesystem: true` in the container's securityContext, \
                        and mount an `emptyDir` where it must write";
            match container.json["securityContext"]["readOnlyRootFilesystem"].as_bool() {
                Some(true) => {}
                Some(false) => {
                    findings
                        .add(
                            pod.object,
                            pointer,
                            format!("{label} sets `readOnlyRootFilesystem: false`"),
                        )
                        .on_value()
                        .help(help);
                }
                None => {
                    let finding = findings
                        .add(
                            pod.object,
                            pointer,
                            format!(
                                "{label} has a writable root filesystem: it does not set \
                                 `securityContext.readOnlyRootFilesystem: true`"
                            ),
                        )
                        .help(help);
                    if let Some(note) = misplaced_note(&pod, "readOnlyRootFilesystem") {
                        finding.note(note);
                    }
                }
            }
        }
    }
}
