use crate::diagnostic::Severity;
use crate::lint::context::{Context, PodTemplate};
use crate::lint::rule::{Findings, Group, declare_rule};
use crate::lint::rules::networking::index::Named;
use crate::lint::rules::rbac::BoundAccounts;

declare_rule! {
    /// ## What it does
    /// Flags a pod template that mounts its ServiceAccount's API token while no RoleBinding or
    /// ClusterRoleBinding of the set names that ServiceAccount as a subject (by name, or through
    /// the `system:serviceaccounts` groups).
    ///
    /// The token is mounted when the pod's `automountServiceAccountToken` says so; when the pod
    /// does not set it, when the ServiceAccount's does (if the set has the ServiceAccount); else it
    /// is (Kubernetes' default). The ServiceAccount is `serviceAccountName`, else the deprecated
    /// `serviceAccount`, else `default`. A ServiceAccount that is neither in the set nor `default`
    /// is skipped: it is made outside the chart, and so are its bindings.
    ///
    /// The finding is at the pod's `automountServiceAccountToken` when it is `true`, else where the
    /// pod spec would set it.
    ///
    /// ## Why
    /// The chart gives the pod no permissions, so it never calls the API with any the chart
    /// chose: the token is only attack surface. Whoever gets into the container (a vulnerable
    /// dependency, an SSRF that reads files) gets an identity to explore the cluster with, and
    /// every permission a cluster grants to all ServiceAccounts. Workloads that do use the token
    /// without RBAC (TokenReview-based logins, such as Vault's Kubernetes auth) can say so with
    /// `automountServiceAccountToken: true` and a suppression with a reason.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Deployment
    /// spec:
    ///   template:
    ///     spec:
    ///       serviceAccountName: web
    ///       containers:
    ///         - name: web
    ///           image: ghcr.io/acme/web:1.2.0
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: Deployment
    /// spec:
    ///   template:
    ///     spec:
    ///       serviceAccountName: web
    ///       automountServiceAccountToken: false   # or on the ServiceAccount
    ///       containers:
    ///         - name: web
    ///           image: ghcr.io/acme/web:1.2.0
    /// ```
    pub static RULE = Rule {
        id: "automount-service-account-token",
        group: Group::Security,
        severity: Severity::Warning,
        summary: "Pod mounts a ServiceAccount token that no binding of the set gives permissions",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    let bound = BoundAccounts::new(context);
    let accounts = Named::new(context, &["ServiceAccount"]);
    for pod in context.pod_templates() {
        let object = pod.object;
        let name = account_name(&pod);
        let account = accounts.find("ServiceAccount", name, object);
        if account.is_none() && name != "default" {
            continue;
        }
        let own = &pod.spec["automountServiceAccountToken"];
        let mounted = match own.as_bool() {
            Some(set) => set,
            None if !own.is_null() => continue, // a wrong type: the schema rules say so
            None => account
                .and_then(|a| a.json["automountServiceAccountToken"].as_bool())
                .unwrap_or(true),
        };
        if !mounted || bound.contains(object, name, &object.namespace) {
            continue;
        }
        let why = if own.as_bool() == Some(true) {
            "the pod sets `automountServiceAccountToken: true`"
        } else if account.is_some_and(|a| a.json["automountServiceAccountToken"] == true) {
            "the ServiceAccount sets `automountServiceAccountToken: true`"
        } else {
            "Kubernetes' default"
        };
        let who = if object.kind == "Pod" {
            format!("Pod `{}` runs", object.name)
        } else {
            format!("the pods of {} `{}` run", object.kind, object.name)
        };
        let finding = findings.add(
            object,
            pod.at("automountServiceAccountToken"),
            format!(
                "{who} as ServiceAccount `{name}` with its API token mounted ({why}), but no \
                 binding of the set gives that account a permission"
            ),
        );
        if own.as_bool() == Some(true) {
            finding.on_value();
        }
        finding.help(
            "set `automountServiceAccountToken: false` on the pod (or on the ServiceAccount); if \
             the pod uses the token without RBAC (e.g. a TokenReview login), suppress with a reason",
        );
    }
}

/// `serviceAccountName`, else the deprecated `serviceAccount`, else `default`.
fn account_name<'a>(pod: &PodTemplate<'a>) -> &'a str {
    pod.spec["serviceAccountName"]
        .as_str()
        .or_else(|| pod.spec["serviceAccount"].as_str())
        .filter(|name| !name.is_empty())
        .unwrap_or("default")
}
