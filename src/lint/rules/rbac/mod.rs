//! Rules of the `rbac` group, and what they share: the rules of Roles and ClusterRoles read the
//! way the API server's authorizer reads them, and the bindings that grant a role.
//!
//! Objects may have any shape: whatever is not a list of strings where RBAC wants one is skipped
//! (the `schema` rules report it).

pub mod cluster_admin_binding;
pub mod dangling_reference;
pub mod escalation_verbs;
pub mod nodes_proxy;
pub mod pod_exec;
pub mod secrets_access;
pub mod wildcard;

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::lint::context::Context;
use crate::lint::rule::Rule;
use crate::manifest::Object;

/// Every rule of this group, in the order `chartcheck rules` lists them.
pub static RULES: &[&Rule] = &[
    &wildcard::RULE,
    &secrets_access::RULE,
    &escalation_verbs::RULE,
    &cluster_admin_binding::RULE,
    &pod_exec::RULE,
    &nodes_proxy::RULE,
    &dangling_reference::RULE,
];

/// The RBAC API group, where roles and bindings live.
pub(crate) const RBAC_GROUP: &str = "rbac.authorization.k8s.io";

/// One entry of a Role's or ClusterRole's `rules`.
pub(crate) struct PolicyRule<'a> {
    pub role: &'a Object,
    /// JSON pointer of the entry, e.g. `/rules/0`.
    pub pointer: String,
    json: &'a Value,
}

impl<'a> PolicyRule<'a> {
    /// The string items of a list field (`verbs`, `resources`, `apiGroups`, `resourceNames`)
    /// with their index.
    pub fn items(&self, field: &str) -> impl Iterator<Item = (usize, &'a str)> + use<'a> {
        self.json[field]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
            .filter_map(|(i, item)| item.as_str().map(|s| (i, s)))
    }

    /// A pointer to an item of a list field.
    pub fn at(&self, field: &str, index: usize) -> String {
        format!("{}/{field}/{index}", self.pointer)
    }

    /// The verbs among `wanted` that the entry grants (all of them for `*`).
    pub fn verbs<'w>(&self, wanted: &[&'w str]) -> Vec<&'w str> {
        let verbs: Vec<&str> = self.items("verbs").map(|(_, v)| v).collect();
        if verbs.contains(&"*") {
            return wanted.to_vec();
        }
        wanted
            .iter()
            .copied()
            .filter(|w| verbs.contains(w))
            .collect()
    }

    /// True when the entry covers the API group (`""` is the core group).
    pub fn in_group(&self, group: &str) -> bool {
        self.items("apiGroups").any(|(_, g)| g == group || g == "*")
    }

    /// The index of the first `resources` item that grants `resource` (`pods` or `pods/exec`),
    /// matched as the authorizer does: the item itself, `*`, or `*/exec` for a subresource.
    /// `pods/*` is no wildcard there: it grants nothing but a subresource literally named `*`.
    pub fn resource(&self, resource: &str) -> Option<usize> {
        let subresource = resource.split_once('/').map(|(_, sub)| sub);
        self.items("resources")
            .find(|(_, item)| {
                *item == "*"
                    || *item == resource
                    || subresource.is_some_and(|sub| item.strip_prefix("*/") == Some(sub))
            })
            .map(|(i, _)| i)
    }

    /// True when `resourceNames` limits the entry to named objects.
    pub fn restricted(&self) -> bool {
        self.items("resourceNames").next().is_some()
    }

    /// How messages name the entry: ``ClusterRole `reader` rules[2]``.
    pub fn label(&self) -> String {
        let index = self.pointer.rsplit('/').next().unwrap_or("");
        format!("{} `{}` rules[{index}]", self.role.kind, self.role.name)
    }
}

/// The entries of every Role and ClusterRole, except those of aggregated ClusterRoles: the
/// controller overwrites their rules with those of the ClusterRoles they select, which are
/// checked themselves.
pub(crate) fn policy_rules<'a>(context: &Context<'a>) -> impl Iterator<Item = PolicyRule<'a>> {
    let roles: Vec<&'a Object> = context
        .of_kind("Role")
        .chain(context.of_kind("ClusterRole").filter(|r| !is_aggregated(r)))
        .collect();
    roles.into_iter().flat_map(|role| {
        role.json["rules"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
            .filter(|(_, json)| json.is_object())
            .map(move |(i, json)| PolicyRule {
                role,
                pointer: format!("/rules/{i}"),
                json,
            })
    })
}

fn is_aggregated(role: &Object) -> bool {
    role.json["aggregationRule"].is_object()
}

/// Every RoleBinding and ClusterRoleBinding.
pub(crate) fn bindings<'a, 'c>(context: &'c Context<'a>) -> impl Iterator<Item = &'a Object> + 'c {
    context
        .of_kind("RoleBinding")
        .chain(context.of_kind("ClusterRoleBinding"))
}

/// A binding's `roleRef` kind and name, when both are strings.
pub(crate) fn role_ref(binding: &Object) -> Option<(&str, &str)> {
    let role_ref = &binding.json["roleRef"];
    Some((role_ref["kind"].as_str()?, role_ref["name"].as_str()?))
}

/// True when two namespaces may be the same one: an empty namespace is the release's, which a
/// render does not name (the convention of the other cross-object rules).
pub(crate) fn same_namespace(a: &str, b: &str) -> bool {
    a == b || a.is_empty() || b.is_empty()
}

/// The bindings of the same input that grant `role`: RoleBindings of its namespace for a Role;
/// RoleBindings anywhere and ClusterRoleBindings for a ClusterRole.
pub(crate) fn bindings_of<'a>(context: &Context<'a>, role: &Object) -> Vec<&'a Object> {
    bindings(context)
        .filter(|b| b.input == role.input && role_ref(b) == Some((&role.kind, &role.name)))
        .filter(|b| role.kind == "ClusterRole" || same_namespace(&b.namespace, &role.namespace))
        .collect()
}

/// Where a role's permissions apply.
pub(crate) enum Reach<'a> {
    /// A Role, in its namespace.
    Namespace,
    /// A ClusterRole bound by this ClusterRoleBinding.
    Cluster(&'a Object),
    /// A ClusterRole bound only by these RoleBindings, each in its namespace.
    Bindings(Vec<&'a Object>),
    /// A ClusterRole the set does not bind: assumed bound cluster-wide.
    Unbound,
}

pub(crate) fn reach<'a>(context: &Context<'a>, role: &Object) -> Reach<'a> {
    if role.kind != "ClusterRole" {
        return Reach::Namespace;
    }
    let bound = bindings_of(context, role);
    if let Some(cluster) = bound.iter().find(|b| b.kind == "ClusterRoleBinding") {
        return Reach::Cluster(cluster);
    }
    if bound.is_empty() {
        Reach::Unbound
    } else {
        Reach::Bindings(bound)
    }
}

impl Reach<'_> {
    /// True when the role's permissions apply to the whole cluster, or may.
    pub fn cluster_wide(&self) -> bool {
        matches!(self, Reach::Cluster(_) | Reach::Unbound)
    }

    /// Where the permissions apply, for messages: "in every namespace (bound by ClusterRoleBinding
    /// `x`)".
    pub fn describe(&self, role: &Object) -> String {
        match self {
            Reach::Namespace => in_namespace(&role.namespace),
            Reach::Cluster(binding) => format!(
                "in every namespace (bound by ClusterRoleBinding `{}`)",
                binding.name
            ),
            Reach::Bindings(bound) => {
                let mut namespaces: Vec<String> =
                    bound.iter().map(|b| in_namespace(&b.namespace)).collect();
                namespaces.dedup();
                format!(
                    "{} only (bound by RoleBinding `{}`{})",
                    namespaces.join(", "),
                    bound[0].name,
                    if bound.len() > 1 { " and others" } else { "" }
                )
            }
            Reach::Unbound => "in every namespace (no binding in the set grants it: assumed \
                               bound by a ClusterRoleBinding)"
                .to_owned(),
        }
    }
}

/// "in namespace `shop`", or "in the release namespace" for an object that names none.
pub(crate) fn in_namespace(namespace: &str) -> String {
    if namespace.is_empty() {
        "in the release namespace".to_owned()
    } else {
        format!("in namespace `{namespace}`")
    }
}

/// A ServiceAccount subject of a binding.
pub(crate) struct AccountSubject<'a> {
    pub index: usize,
    pub name: &'a str,
    /// The subject's namespace, else the binding's (empty: the release namespace).
    pub namespace: &'a str,
}

/// The ServiceAccount subjects of a binding with a string name.
pub(crate) fn account_subjects(binding: &Object) -> impl Iterator<Item = AccountSubject<'_>> {
    binding.json["subjects"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
        .filter(|(_, s)| s["kind"].as_str() == Some("ServiceAccount"))
        .filter_map(|(index, s)| {
            Some(AccountSubject {
                index,
                name: s["name"].as_str()?,
                namespace: s["namespace"].as_str().unwrap_or(&binding.namespace),
            })
        })
}

/// The ServiceAccounts the bindings of the set name, found once so that a render with many pods
/// and many bindings stays linear.
pub(crate) struct BoundAccounts<'a> {
    /// (input, name) → the namespaces the bindings name it in.
    by_name: HashMap<(usize, &'a str), Vec<&'a str>>,
    /// (input, namespace) of `system:serviceaccounts:<namespace>` subjects; `None` for
    /// `system:serviceaccounts`, every account.
    groups: HashSet<(usize, Option<&'a str>)>,
}

impl<'a> BoundAccounts<'a> {
    pub fn new(context: &Context<'a>) -> Self {
        let mut by_name: HashMap<(usize, &str), Vec<&str>> = HashMap::new();
        let mut groups = HashSet::new();
        for binding in bindings(context) {
            for subject in account_subjects(binding) {
                by_name
                    .entry((binding.input, subject.name))
                    .or_default()
                    .push(subject.namespace);
            }
            let subjects = binding.json["subjects"].as_array().into_iter().flatten();
            for group in subjects
                .filter(|s| s["kind"].as_str() == Some("Group"))
                .filter_map(|s| s["name"].as_str()?.strip_prefix("system:serviceaccounts"))
            {
                match group {
                    "" => groups.insert((binding.input, None)),
                    rest => match rest.strip_prefix(':') {
                        Some(namespace) => groups.insert((binding.input, Some(namespace))),
                        None => false,
                    },
                };
            }
        }
        Self { by_name, groups }
    }

    /// True when a binding of `near`'s input names the ServiceAccount `name` of `namespace`, by
    /// name or through the `system:serviceaccounts[:namespace]` groups.
    pub fn contains(&self, near: &Object, name: &str, namespace: &str) -> bool {
        let input = near.input;
        self.by_name
            .get(&(input, name))
            .is_some_and(|namespaces| namespaces.iter().any(|n| same_namespace(n, namespace)))
            || self.groups.contains(&(input, None))
            || self.groups.iter().any(|&(i, group)| {
                i == input && group.is_some_and(|g| same_namespace(g, namespace))
            })
    }
}
