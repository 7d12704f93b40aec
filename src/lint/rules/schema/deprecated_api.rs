use crate::diagnostic::Severity;
use crate::kube::{deprecation, group_of};
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an object whose apiVersion the target Kubernetes version still serves but has
    /// deprecated: one the deprecation guide lists (`v1` Endpoints since 1.33), or a beta or alpha
    /// version of a kind that the target also serves at a stable version.
    ///
    /// ## Why
    /// Deprecated APIs are removed a few releases later, and the cluster upgrade that removes one
    /// breaks every release that still uses it. Moving while both are served costs nothing.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Endpoints
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: discovery.k8s.io/v1
    /// kind: EndpointSlice
    /// ```
    pub static RULE = Rule {
        id: "deprecated-api",
        group: Group::Schema,
        severity: Severity::Warning,
        summary: "apiVersion the target Kubernetes version deprecates",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    let kube = context.kube;
    for object in context.objects {
        if kube.definition(&object.api_version, &object.kind).is_none() {
            continue;
        }
        let listed = deprecation(&object.api_version, &object.kind)
            .filter(|d| d.deprecated_in <= kube.minor() && d.removed_in.is_none());
        if let Some(d) = listed {
            let finding = findings
                .add(
                    object,
                    "/apiVersion",
                    format!(
                        "{} {} is deprecated since Kubernetes 1.{}",
                        object.api_version, object.kind, d.deprecated_in
                    ),
                )
                .on_value();
            if let Some(replacement) = d.replacement {
                finding.help(format!("move to `{replacement}`"));
            }
            if let Some(note) = d.note {
                finding.note(note);
            }
            continue;
        }
        let version = object.api_version.rsplit('/').next().unwrap_or_default();
        if !(version.contains("alpha") || version.contains("beta")) {
            continue;
        }
        let group = group_of(&object.api_version);
        let stable = kube
            .versions_of(group, &object.kind)
            .into_iter()
            .rfind(|v| {
                let v = v.rsplit('/').next().unwrap_or_default();
                !v.contains("alpha") && !v.contains("beta")
            });
        if let Some(stable) = stable {
            findings
                .add(
                    object,
                    "/apiVersion",
                    format!(
                        "{} {} is a pre-release API; Kubernetes {} serves it as `{stable}`",
                        object.api_version, object.kind, kube.version
                    ),
                )
                .on_value()
                .note("Kubernetes deprecates a beta API once its stable version is out, and removes it a few releases later")
                .help(format!("use `apiVersion: {stable}`"));
        }
    }
}
