use crate::diagnostic::Severity;
use crate::kube::{deprecation, group_of};
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};
use crate::manifest::Object;
use crate::validate::closest;

declare_rule! {
    /// ## What it does
    /// Flags an object of one of Kubernetes' own API groups whose kind the target version does not
    /// serve in that apiVersion: a misspelled kind (`Deploymnt`), a kind in the wrong group
    /// (`apps/v1` Ingress), or a version the group never had (`autoscaling/v3`). Removed
    /// apiVersions are `removed-api`'s. The same for custom resources whose CRD chartcheck has
    /// (see `unchecked-kind`): an apiVersion the CRD does not serve.
    ///
    /// ## Why
    /// The cluster refuses the object ("no matches for kind"), and nothing else checks it: no
    /// rule recognises it, so its containers, ports and selectors go unchecked too.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deploymnt
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// ```
    pub static RULE = Rule {
        id: "unknown-kind",
        group: Group::Schema,
        severity: Severity::Error,
        summary: "Kind that Kubernetes does not serve in that apiVersion",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    let kube = context.kube;
    for object in context.objects {
        let group = group_of(&object.api_version);
        if !kube.serves_group(group) {
            check_custom(context, object, group, findings);
            continue;
        }
        if kube.definition(&object.api_version, &object.kind).is_some()
            || deprecation(&object.api_version, &object.kind).is_some()
            || kube.removed_in(&object.api_version, &object.kind).is_some()
        {
            continue;
        }
        let elsewhere = kube.versions_of(group, &object.kind);
        let kinds = kube.kinds_in(&object.api_version);
        let group_name = if group.is_empty() { "core" } else { group };
        let finding = findings.add(
            object,
            "/kind",
            format!(
                "Kubernetes {} has no kind `{}` in `{}`",
                kube.version, object.kind, object.api_version
            ),
        );
        finding.on_value();
        if !elsewhere.is_empty() {
            finding.help(format!(
                "the {group_name} group serves {} as {}",
                object.kind,
                elsewhere
                    .iter()
                    .map(|v| format!("`{v}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        } else if let Some(other) = kube.served_as(&object.kind).first() {
            finding.help(format!("{} is served as `{other}`", object.kind));
        } else if let Some(suggestion) = closest(&object.kind, kinds.iter().copied()) {
            finding.help(format!("did you mean `{suggestion}`?"));
        } else if kinds.is_empty() {
            finding.note(format!(
                "the {group_name} group has no version `{}`",
                object.api_version
            ));
        }
    }
}

/// A custom resource in an apiVersion its CRD does not serve.
fn check_custom<'a>(
    context: &Context<'a>,
    object: &'a Object,
    group: &str,
    findings: &mut Findings<'a>,
) {
    let served = context.crds.versions_of(group, &object.kind);
    if served.is_empty()
        || context
            .crds
            .get(&object.api_version, &object.kind)
            .is_some()
    {
        return;
    }
    findings
        .add(
            object,
            "/apiVersion",
            format!(
                "the CustomResourceDefinition of {} serves no `{}`",
                object.kind, object.api_version
            ),
        )
        .on_value()
        .help(format!(
            "it serves {}",
            served
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
}
