use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};

use super::{Reach, policy_rules, reach};

declare_rule! {
    /// ## What it does
    /// Flags a ClusterRole rule with any verb on `nodes/proxy` in the core API group, also
    /// through `*/proxy` or `*` resources, at the `resources` item.
    ///
    /// Roles are skipped (nodes are cluster-scoped: a Role cannot grant them), and so are
    /// ClusterRoles that the set binds only with RoleBindings. `nodes/*` is not matched: the
    /// authorizer reads `*` only as a whole resource or as `*/subresource`.
    ///
    /// ## Why
    /// `nodes/proxy` reaches the kubelet API of every node through the API server. The kubelet
    /// runs commands in any pod of its node (`/exec`, `/run`), and its authorization maps the
    /// WebSocket handshake of an exec to `get`: even read-only access to `nodes/proxy` is a shell
    /// in every pod of the cluster, with no audit record of the commands. Metrics agents often ask
    /// for it when `nodes/metrics` and `nodes/stats` would do.
    ///
    /// ## Example
    /// ```yaml
    /// kind: ClusterRole
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: [nodes, nodes/proxy]
    ///     verbs: [get, list, watch]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: ClusterRole
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: [nodes, nodes/metrics, nodes/stats]
    ///     verbs: [get, list, watch]
    /// ```
    pub static RULE = Rule {
        id: "rbac-nodes-proxy",
        group: Group::Rbac,
        severity: Severity::Warning,
        summary: "ClusterRole can reach the kubelet API through `nodes/proxy`",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    for rule in policy_rules(context) {
        if rule.role.kind != "ClusterRole" || !rule.in_group("") {
            continue;
        }
        let verbs: Vec<&str> = rule.items("verbs").map(|(_, v)| v).collect();
        if verbs.is_empty() {
            continue;
        }
        let Some(index) = rule.resource("nodes/proxy") else {
            continue;
        };
        let reach = reach(context, rule.role);
        if matches!(reach, Reach::Bindings(_)) {
            continue;
        }
        let assumed = if matches!(reach, Reach::Unbound) {
            " (no binding in the set grants it: assumed bound by a ClusterRoleBinding)"
        } else {
            ""
        };
        findings
            .add(
                rule.role,
                rule.at("resources", index),
                format!(
                    "{} grants {} on nodes/proxy: the kubelet API of every node, which runs \
                     commands in any pod{assumed}",
                    rule.label(),
                    verbs.join("/")
                ),
            )
            .on_value()
            .help("use nodes/metrics or nodes/stats for metrics; drop nodes/proxy");
    }
}
