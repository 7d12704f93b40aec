use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};

use super::{policy_rules, reach};

declare_rule! {
    /// ## What it does
    /// Flags a Role or ClusterRole rule that can open a shell in pods: `create` (or `*`) on
    /// `pods/exec` or `pods/attach` in the core API group, also through `*/exec`, `*/attach` or
    /// `*` resources, without `resourceNames`. The finding is at the `resources` item, and says
    /// whether it reaches one namespace or every one.
    ///
    /// `pods/*` is not matched: the API server's authorizer reads `*` only as a whole resource or
    /// as `*/subresource`, so `pods/*` grants neither exec nor attach.
    ///
    /// ## Why
    /// Exec runs any command in any container the holder can reach, with that container's
    /// ServiceAccount token, mounted Secrets and network access: reading a Secret is not needed
    /// when you can exec into the pod that mounts it. Interactive debugging belongs to people
    /// (through their own bindings), not to a chart's ServiceAccount.
    ///
    /// ## Example
    /// ```yaml
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: [pods, pods/exec]
    ///     verbs: [get, create]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: [pods]
    ///     verbs: [get]
    /// ```
    pub static RULE = Rule {
        id: "rbac-pod-exec",
        group: Group::Rbac,
        severity: Severity::Warning,
        summary: "Role or ClusterRole can exec into or attach to pods",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    for rule in policy_rules(context) {
        if rule.verbs(&["create"]).is_empty() || rule.restricted() || !rule.in_group("") {
            continue;
        }
        let mut reported = Vec::new();
        for (subresource, power) in [
            ("pods/exec", "runs commands in pods"),
            ("pods/attach", "attaches to the processes of pods"),
        ] {
            let Some(index) = rule.resource(subresource) else {
                continue;
            };
            if reported.contains(&index) {
                continue;
            }
            reported.push(index);
            findings
                .add(
                    rule.role,
                    rule.at("resources", index),
                    format!(
                        "{} can create {subresource}: it {power} {}",
                        rule.label(),
                        reach(context, rule.role).describe(rule.role)
                    ),
                )
                .on_value()
                .help("remove pods/exec and pods/attach; people who debug pods have their own bindings");
        }
    }
}
