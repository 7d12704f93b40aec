use std::collections::HashSet;

use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};
use crate::manifest::Object;

use super::{account_subjects, bindings, in_namespace, role_ref, same_namespace};

declare_rule! {
    /// ## What it does
    /// Flags a RoleBinding or ClusterRoleBinding that refers to something not in the set:
    ///
    /// - a `roleRef` naming a Role (of the binding's namespace) or ClusterRole that the set does
    ///   not have, at `roleRef.name`. The roles every cluster has are known: the ClusterRoles
    ///   `cluster-admin`, `admin`, `edit` and `view`, every `system:` role, and the Role
    ///   `extension-apiserver-authentication-reader` (of `kube-system`);
    /// - a ServiceAccount subject that the set does not have, at its name. Only subjects in a
    ///   namespace the set renders into are checked (no namespace, the binding's, or one an object
    ///   of the set names): a ServiceAccount of another namespace is someone else's. Nor are
    ///   `kube-system`'s, the cluster's own components' (`horizontal-pod-autoscaler` of the
    ///   controller-manager), unless the set makes ServiceAccounts there itself.
    ///
    /// This is a note: the role or account may well exist in the cluster (made by hand, by
    /// another release, or by the platform).
    ///
    /// ## Why
    /// A binding grants nothing until both ends exist, and the API server accepts it without
    /// either. When the chart is meant to make the role or account, the name is usually wrong: a
    /// typo, a helper that builds it differently, or a value that switched the object off. The
    /// workload then fails with `forbidden` at run time, far from the cause.
    ///
    /// ## Example
    /// ```yaml
    /// kind: RoleBinding
    /// roleRef:
    ///   apiGroup: rbac.authorization.k8s.io
    ///   kind: Role
    ///   name: app-reader     # the chart makes `app-readers`
    /// subjects:
    ///   - kind: ServiceAccount
    ///     name: app
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: RoleBinding
    /// roleRef:
    ///   apiGroup: rbac.authorization.k8s.io
    ///   kind: Role
    ///   name: app-readers
    /// subjects:
    ///   - kind: ServiceAccount
    ///     name: app
    /// ```
    pub static RULE = Rule {
        id: "rbac-dangling-reference",
        group: Group::Rbac,
        severity: Severity::Note,
        summary: "Binding refers to a Role, ClusterRole or ServiceAccount not in the set",
        check,
    }
}

const NOTE: &str = "this is a note: it may well exist in the cluster (made by hand, by another \
                    release or by the platform)";

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    let rendered: HashSet<(usize, &str)> = context
        .objects
        .iter()
        .map(|o| (o.input, o.namespace.as_str()))
        .collect();
    for binding in bindings(context) {
        if let Some((kind, name)) = role_ref(binding)
            && matches!(kind, "Role" | "ClusterRole")
            && !built_in(kind, name)
            && !has_role(context, binding, kind, name)
        {
            let where_ = if kind == "Role" {
                format!(" {}", in_namespace(&binding.namespace))
            } else {
                String::new()
            };
            findings
                .add(
                    binding,
                    "/roleRef/name",
                    format!(
                        "{} `{}` binds {kind} `{name}`{where_}, which is not in the set",
                        binding.kind, binding.name
                    ),
                )
                .on_value()
                .note(NOTE)
                .help(format!(
                    "check the name against the {kind} the chart makes, or document that it \
                     must exist beforehand"
                ));
        }
        for subject in account_subjects(binding) {
            // A ServiceAccount of a namespace the set does not render into is someone else's;
            // so are kube-system's (the controller-manager's `horizontal-pod-autoscaler`, …)
            // unless the set makes accounts there itself.
            let ours = subject.namespace.is_empty()
                || subject.namespace == binding.namespace
                || rendered.contains(&(binding.input, subject.namespace));
            let cluster_component = subject.namespace == "kube-system"
                && !context
                    .of_kind("ServiceAccount")
                    .any(|account| account.namespace == "kube-system");
            let ours = ours && !cluster_component;
            if !ours || has_account(context, binding, subject.name, subject.namespace) {
                continue;
            }
            findings
                .add(
                    binding,
                    format!("/subjects/{}/name", subject.index),
                    format!(
                        "{} `{}` binds ServiceAccount `{}` {}, which is not in the set",
                        binding.kind,
                        binding.name,
                        subject.name,
                        in_namespace(subject.namespace)
                    ),
                )
                .on_value()
                .note(NOTE)
                .help(
                    "check the name against the ServiceAccount the chart makes (and the pods \
                     use), or document that it must exist beforehand",
                );
        }
    }
}

/// The roles every cluster has: the user-facing ClusterRoles, the `system:` ones, and the Role
/// that lets extension API servers read the authentication ConfigMap of `kube-system`.
fn built_in(kind: &str, name: &str) -> bool {
    name.starts_with("system:")
        || match kind {
            "ClusterRole" => matches!(name, "cluster-admin" | "admin" | "edit" | "view"),
            _ => name == "extension-apiserver-authentication-reader",
        }
}

fn has_role(context: &Context<'_>, binding: &Object, kind: &str, name: &str) -> bool {
    context.of_kind(kind).any(|role| {
        role.input == binding.input
            && role.name == name
            && (kind == "ClusterRole" || same_namespace(&role.namespace, &binding.namespace))
    })
}

fn has_account(context: &Context<'_>, binding: &Object, name: &str, namespace: &str) -> bool {
    context.of_kind("ServiceAccount").any(|account| {
        account.input == binding.input
            && account.name == name
            && same_namespace(&account.namespace, namespace)
    })
}
