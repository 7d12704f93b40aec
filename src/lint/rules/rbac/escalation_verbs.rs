use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};

use super::{RBAC_GROUP, policy_rules};

declare_rule! {
    /// ## What it does
    /// Flags a Role or ClusterRole rule that lets its holder give itself more permissions:
    ///
    /// - the verbs `escalate`, `bind` or `impersonate`, at the verb;
    /// - `*` verbs on `roles` or `clusterroles` (which include `escalate` and `bind`), or on
    ///   `users`, `groups` or `serviceaccounts` (which include `impersonate`), also through `*`
    ///   resources, at the `resources` item.
    ///
    /// `*` verbs on `rolebindings` or `clusterrolebindings` alone are not flagged: the API server
    /// still lets a holder bind only the permissions it has. A rule limited by `resourceNames`
    /// is still flagged (binding or impersonating one named role or account is the same power,
    /// bounded by what it holds); the message says so.
    ///
    /// ## Why
    /// RBAC stops privilege escalation by refusing to let anyone create or edit a role, or bind
    /// one, with permissions they do not hold. `escalate` and `bind` switch that check off, and
    /// `impersonate` acts as another user, group or ServiceAccount with all of its permissions:
    /// whoever holds any of them can make itself cluster-admin.
    ///
    /// ## Example
    /// ```yaml
    /// rules:
    ///   - apiGroups: [rbac.authorization.k8s.io]
    ///     resources: [clusterroles, clusterrolebindings]
    ///     verbs: ["*"]
    ///   - apiGroups: [""]
    ///     resources: [serviceaccounts]
    ///     verbs: [impersonate]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// rules:
    ///   - apiGroups: [rbac.authorization.k8s.io]
    ///     resources: [rolebindings]
    ///     verbs: [get, list, watch, create, delete]
    /// ```
    pub static RULE = Rule {
        id: "rbac-escalation-verbs",
        group: Group::Rbac,
        severity: Severity::Error,
        summary: "Role or ClusterRole grants escalate, bind or impersonate",
        check,
    }
}

/// The resources whose `*` verbs include a verb that escalates, with that verb.
const TARGETS: &[(&str, &str, &str)] = &[
    (RBAC_GROUP, "roles", "escalate and bind"),
    (RBAC_GROUP, "clusterroles", "escalate and bind"),
    ("", "users", "impersonate"),
    ("", "groups", "impersonate"),
    ("", "serviceaccounts", "impersonate"),
];

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    for rule in policy_rules(context) {
        let limited = if rule.restricted() {
            " (limited to the objects of its resourceNames)"
        } else {
            ""
        };
        for (i, verb) in rule.items("verbs") {
            let power = match verb {
                "escalate" => "create or edit roles with permissions it does not hold",
                "bind" => "bind roles whose permissions it does not hold",
                "impersonate" => "act as other users, groups or ServiceAccounts",
                _ => continue,
            };
            findings
                .add(
                    rule.role,
                    rule.at("verbs", i),
                    format!("{} grants `{verb}`: it can {power}{limited}", rule.label()),
                )
                .on_value()
                .help(help());
        }
        if rule.verbs(&["*"]).is_empty() {
            continue;
        }
        // One finding per resources item, naming every target it covers.
        let mut covered: Vec<(usize, Vec<&str>, &str)> = Vec::new();
        for &(group, resource, verbs) in TARGETS {
            let Some(index) = rule.resource(resource).filter(|_| rule.in_group(group)) else {
                continue;
            };
            match covered.iter_mut().find(|(i, ..)| *i == index) {
                Some((_, resources, _)) => resources.push(resource),
                None => covered.push((index, vec![resource], verbs)),
            }
        }
        for (index, resources, verbs) in covered {
            let verbs = if resources.iter().any(|r| r.ends_with("roles"))
                && resources.iter().any(|r| !r.ends_with("roles"))
            {
                "escalate, bind and impersonate"
            } else {
                verbs
            };
            findings
                .add(
                    rule.role,
                    rule.at("resources", index),
                    format!(
                        "{} grants `*` verbs on {}, which include {verbs}{limited}",
                        rule.label(),
                        resources.join(", ")
                    ),
                )
                .on_value()
                .help(help());
        }
    }
}

fn help() -> &'static str {
    "list only the verbs the workload uses; a controller that makes roles for what it manages can \
     be limited with `resourceNames` to the ClusterRoles it binds"
}
