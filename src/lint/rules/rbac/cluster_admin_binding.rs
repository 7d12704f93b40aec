use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};

use super::{bindings, in_namespace, role_ref};

declare_rule! {
    /// ## What it does
    /// Flags a ClusterRoleBinding or RoleBinding whose `roleRef` is the ClusterRole
    /// `cluster-admin`, at `roleRef.name`.
    ///
    /// A ClusterRoleBinding is an error: its subjects control the whole cluster. A RoleBinding is
    /// a warning: its subjects control everything in one namespace, including its Secrets, its
    /// roles and who holds them.
    ///
    /// ## Why
    /// `cluster-admin` is `*` on everything: whoever holds it (or steals the token of a
    /// ServiceAccount that does) can read every Secret, run any pod on any node and grant
    /// themselves anything. A chart that needs it rarely does; the permissions its controller
    /// uses fit in a ClusterRole of its own.
    ///
    /// ## Example
    /// ```yaml
    /// kind: ClusterRoleBinding
    /// roleRef:
    ///   apiGroup: rbac.authorization.k8s.io
    ///   kind: ClusterRole
    ///   name: cluster-admin
    /// subjects:
    ///   - kind: ServiceAccount
    ///     name: operator
    ///     namespace: operators
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: ClusterRoleBinding
    /// roleRef:
    ///   apiGroup: rbac.authorization.k8s.io
    ///   kind: ClusterRole
    ///   name: operator   # a ClusterRole listing what the operator uses
    /// ```
    pub static RULE = Rule {
        id: "rbac-cluster-admin-binding",
        group: Group::Rbac,
        severity: Severity::Error,
        summary: "Binding grants the `cluster-admin` ClusterRole",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    for binding in bindings(context) {
        if role_ref(binding) != Some(("ClusterRole", "cluster-admin")) {
            continue;
        }
        let subjects: Vec<String> = binding.json["subjects"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| Some(format!("{} `{}`", s["kind"].as_str()?, s["name"].as_str()?)))
            .collect();
        let whom = if subjects.is_empty() {
            "its subjects".to_owned()
        } else {
            subjects.join(", ")
        };
        let finding = if binding.kind == "ClusterRoleBinding" {
            findings.add(
                binding,
                "/roleRef/name",
                format!(
                    "ClusterRoleBinding `{}` makes {whom} cluster-admin: full control of the \
                     whole cluster",
                    binding.name
                ),
            )
        } else {
            let finding = findings.add(
                binding,
                "/roleRef/name",
                format!(
                    "RoleBinding `{}` grants {whom} cluster-admin {}: full control \
                     of it, its Secrets and its roles",
                    binding.name,
                    in_namespace(&binding.namespace)
                ),
            );
            finding.severity(Severity::Warning);
            finding
        };
        finding
            .on_value()
            .help("bind a ClusterRole or Role that lists only what the subjects use");
    }
}
