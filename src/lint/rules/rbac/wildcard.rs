use std::collections::HashSet;

use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};

use super::{PolicyRule, RBAC_GROUP, policy_rules};

declare_rule! {
    /// ## What it does
    /// Flags a Role or ClusterRole rule with `*` in `verbs`, `resources` or `apiGroups`: one
    /// finding per `*`, at the list item.
    ///
    /// ClusterRoles with an `aggregationRule` are skipped: the controller fills their rules from
    /// the ClusterRoles they select, and those are checked themselves. `nonResourceURLs` are not
    /// checked.
    ///
    /// A `*` over the resources or verbs of API groups the chart serves itself (its
    /// CustomResourceDefinitions, or an APIService it registers, as a metrics adapter does) is not
    /// flagged: the chart decides what those APIs hold. A `*` in `apiGroups` always is.
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
    let own = own_groups(context);
    for rule in policy_rules(context) {
        let only_own = {
            let mut groups = rule.items("apiGroups").map(|(_, g)| g).peekable();
            groups.peek().is_some() && groups.all(|g| own.contains(g))
        };
        for field in ["apiGroups", "resources", "verbs"] {
            if only_own && field != "apiGroups" {
                continue;
            }
            for (i, _) in rule.items(field).filter(|(_, item)| *item == "*") {
                findings
                    .add(
                        rule.role,
                        rule.at(field, i),
                        format!(
                            "{} grants `*` in {field}: {}",
                            rule.label(),
                            grants(&rule, field)
                        ),
                    )
                    .on_value()
                    .help(format!("list the {field} the workload uses instead of `*`"));
            }
        }
    }
}

/// The API groups the set serves itself: its CRDs' and its APIServices'.
fn own_groups<'a>(context: &Context<'a>) -> HashSet<&'a str> {
    let crds = context.of_kind("CustomResourceDefinition");
    crds.chain(context.of_kind("APIService"))
        .filter_map(|object| object.json["spec"]["group"].as_str())
        .filter(|group| !group.is_empty())
        .collect()
}

/// The resources whose verbs include escalate, bind or impersonate, with their API group.
const ESCALATING: &[(&str, &str)] = &[
    (RBAC_GROUP, "roles"),
    (RBAC_GROUP, "clusterroles"),
    ("", "users"),
    ("", "groups"),
    ("", "serviceaccounts"),
];

/// What a `*` in `field` grants, in the terms of the rest of the rule: a `*` verb on a metrics
/// API is not the same as one on roles.
fn grants(rule: &PolicyRule<'_>, field: &str) -> String {
    let list = |field: &str| {
        if rule.items(field).any(|(_, item)| item == "*") {
            let every = if field == "apiGroups" {
                "every API group"
            } else {
                "every resource"
            };
            return every.to_owned();
        }
        let items: Vec<String> = rule
            .items(field)
            .map(|(_, item)| match item {
                "" => "the core group".to_owned(),
                _ => format!("`{item}`"),
            })
            .collect();
        items.join(", ")
    };
    match field {
        "apiGroups" => "every API group, custom resources installed later included".to_owned(),
        "resources" if rule.in_group("") => format!(
            "every resource of {}, Secrets and subresources such as pods/exec included",
            list("apiGroups")
        ),
        "resources" => format!("every resource and subresource of {}", list("apiGroups")),
        _ if ESCALATING.iter().any(|&(group, resource)| {
            rule.in_group(group) && rule.resource(resource).is_some()
        }) =>
        {
            format!(
                "every verb on {} of {}, escalate, bind and impersonate included",
                list("resources"),
                list("apiGroups")
            )
        }
        _ => format!(
            "every verb on {} of {}, including ones added later",
            list("resources"),
            list("apiGroups")
        ),
    }
}
