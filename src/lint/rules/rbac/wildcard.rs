use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};

use super::policy_rules;

declare_rule! {
    /// ## What it does
    /// Flags a Role or ClusterRole rule with `*` in `verbs`, `resources` or `apiGroups`: one
    /// finding per `*`, at the list item.
    ///
    /// ClusterRoles with an `aggregationRule` are skipped: the controller fills their rules from
    /// the ClusterRoles they select, and those are checked themselves. `nonResourceURLs` are not
    /// checked.
    ///
    /// ## Why
    /// A wildcard grants more than anyone reviewed, today and later: `verbs: ["*"]` includes
    /// `escalate`, `bind` and `impersonate`; `resources: ["*"]` includes Secrets and subresources
    /// such as `pods/exec` and `nodes/proxy`; `apiGroups: ["*"]` includes every custom resource
    /// installed after the chart. Listing what the workload uses keeps its token worth little when
    /// it leaks.
    ///
    /// ## Example
    /// ```yaml
    /// kind: ClusterRole
    /// rules:
    ///   - apiGroups: ["*"]
    ///     resources: ["*"]
    ///     verbs: ["*"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: ClusterRole
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: [configmaps, services]
    ///     verbs: [get, list, watch]
    /// ```
    pub static RULE = Rule {
        id: "rbac-wildcard",
        group: Group::Rbac,
        severity: Severity::Warning,
        summary: "Role or ClusterRole rule with `*` in verbs, resources or apiGroups",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    for rule in policy_rules(context) {
        for (field, grants) in [
            (
                "apiGroups",
                "every API group, including custom resources installed later",
            ),
            (
                "resources",
                "every resource of its API groups, including Secrets and subresources",
            ),
            (
                "verbs",
                "every verb, including escalate, bind and impersonate",
            ),
        ] {
            for (i, _) in rule.items(field).filter(|(_, item)| *item == "*") {
                findings
                    .add(
                        rule.role,
                        rule.at(field, i),
                        format!("{} grants `*` in {field}: {grants}", rule.label()),
                    )
                    .on_value()
                    .help(format!("list the {field} the workload uses instead of `*`"));
            }
        }
    }
}
