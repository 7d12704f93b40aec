use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};

use super::{policy_rules, reach};

declare_rule! {
    /// ## What it does
    /// Flags a Role or ClusterRole rule that can read Secrets: `get`, `list` or `watch` (or `*`)
    /// on `secrets` (or `*`) in the core API group (`""` or `*`), without `resourceNames`. The
    /// finding is at the `resources` item that grants Secrets, and says how far the access
    /// reaches:
    ///
    /// - a warning when it is cluster-wide: a ClusterRole bound by a ClusterRoleBinding of the
    ///   set, or not bound in the set at all (then it is assumed to be bound cluster-wide, and the
    ///   message says so);
    /// - a note when it is namespace-wide: a Role, or a ClusterRole bound only by RoleBindings.
    ///
    /// ## Why
    /// Secrets hold passwords, API keys, TLS keys and ServiceAccount tokens: reading one is often
    /// all it takes to act as whoever it belongs to. `list` and `watch` return the contents too,
    /// not only names. Cluster-wide it is every credential of every tenant, which a
    /// controller rarely needs; in its own namespace it is often what a chart's operator is for,
    /// hence only a note. `resourceNames` limits `get` to the Secrets the workload owns.
    ///
    /// ## Example
    /// ```yaml
    /// kind: ClusterRole
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: [secrets]
    ///     verbs: [get, list, watch]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: Role
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: [secrets]
    ///     resourceNames: [app-tls]
    ///     verbs: [get]
    /// ```
    pub static RULE = Rule {
        id: "rbac-secrets-access",
        group: Group::Rbac,
        severity: Severity::Warning,
        summary: "Role or ClusterRole can read every Secret of a namespace or the cluster",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    for rule in policy_rules(context) {
        let verbs = rule.verbs(&["get", "list", "watch"]);
        if verbs.is_empty() || rule.restricted() || !rule.in_group("") {
            continue;
        }
        let Some(index) = rule.resource("secrets") else {
            continue;
        };
        let reach = reach(context, rule.role);
        let finding = findings
            .add(
                rule.role,
                rule.at("resources", index),
                format!(
                    "{} can {} every Secret {}",
                    rule.label(),
                    verbs.join("/"),
                    reach.describe(rule.role)
                ),
            )
            .on_value()
            .help(
                "limit it with `resourceNames` to the Secrets the workload reads, or use a Role \
                 in the namespace that holds them",
            );
        if !reach.cluster_wide() {
            finding.severity(Severity::Note);
        }
    }
}
