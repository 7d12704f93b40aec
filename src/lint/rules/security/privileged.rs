use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};

use super::container_label;

declare_rule! {
    /// ## What it does
    /// Flags containers with `securityContext.privileged: true`.
    ///
    /// Checks every container, init container and ephemeral container of every pod-bearing kind.
    ///
    /// With `pod-security` also running, a field this rule reports is not reported again there:
    /// this finding gets a note naming the Pod Security Standards level and control it fails.
    ///
    /// ## Why
    /// A privileged container has every capability, every device of the node, and no seccomp or
    /// AppArmor confinement: it is root on the node in all but name. Almost nothing needs it; what
    /// does (a CNI or CSI agent) should say so with a suppression and a reason. The Pod Security
    /// Standards' `baseline` profile forbids it.
    ///
    /// ## Example
    /// ```yaml
    /// containers:
    ///   - name: agent
    ///     image: ghcr.io/acme/agent:2.0.1
    ///     securityContext:
    ///       privileged: true
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// containers:
    ///   - name: agent
    ///     image: ghcr.io/acme/agent:2.0.1
    ///     securityContext:
    ///       privileged: false
    ///       capabilities:
    ///         drop: [ALL]
    ///         add: [NET_ADMIN]   # only the capability it really needs
    /// ```
    pub static RULE = Rule {
        id: "privileged",
        group: Group::Security,
        severity: Severity::Error,
        summary: "Container runs privileged",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    for pod in context.pod_templates() {
        for container in pod.containers() {
            if container.json["securityContext"]["privileged"].as_bool() != Some(true) {
                continue;
            }
            findings
                .add(
                    pod.object,
                    container.at("securityContext/privileged"),
                    format!(
                        "{} is privileged (`securityContext.privileged: true`): it has every \
                         capability and device of the node",
                        container_label(&container)
                    ),
                )
                .on_value()
                .help(
                    "remove `privileged: true`; add to `capabilities.add` only the capability \
                     the container needs",
                );
        }
    }
}
