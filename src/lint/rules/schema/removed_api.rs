use crate::diagnostic::Severity;
use crate::kube::deprecation;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an object whose apiVersion the target Kubernetes version no longer serves
    /// (`extensions/v1beta1` Ingress, `policy/v1beta1` PodDisruptionBudget, `batch/v1beta1`
    /// CronJob, …), naming the apiVersion that replaces it. Removals before the oldest supported
    /// version come from Kubernetes' deprecation guide; later ones from the schemas of each
    /// supported version (an alpha or beta version one release served and the next does not).
    ///
    /// ## Why
    /// The cluster refuses the whole release: `helm upgrade` fails with "no matches for kind", and
    /// a release installed before the cluster upgrade can no longer be upgraded or rolled back
    /// until its manifests are fixed.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: policy/v1beta1      # removed in Kubernetes 1.25
    /// kind: PodDisruptionBudget
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: policy/v1
    /// kind: PodDisruptionBudget
    /// ```
    pub static RULE = Rule {
        id: "removed-api",
        group: Group::Schema,
        severity: Severity::Error,
        summary: "apiVersion the target Kubernetes version no longer serves",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    let kube = context.kube;
    let target = kube.minor();
    for object in context.objects {
        let (api_version, kind) = (object.api_version.as_str(), object.kind.as_str());
        if kube.definition(api_version, kind).is_some() {
            continue;
        }
        let listed = deprecation(api_version, kind).and_then(|d| {
            Some((
                d.removed_in.filter(|&r| r <= target)?,
                d.replacement,
                d.note,
            ))
        });
        let Some((removed_in, replacement, note)) = listed.or_else(|| {
            let removed_in = kube.removed_in(api_version, kind)?;
            Some((removed_in, kube.replacement(api_version, kind), None))
        }) else {
            continue;
        };
        let finding = findings
            .add(
                object,
                "/apiVersion",
                format!(
                    "{api_version} {kind} was removed in Kubernetes 1.{removed_in}; the target is {}",
                    kube.version
                ),
            )
            .on_value();
        match replacement {
            Some(replacement) => {
                finding.help(format!(
                    "use `apiVersion: {replacement}` (check the fields that changed between \
                     the versions)"
                ));
            }
            None => {
                finding.help("remove the object: there is no replacement API");
            }
        }
        if let Some(note) = note {
            finding.note(note);
        }
        if object.template.is_some() {
            // Charts often pick the apiVersion from `.Capabilities`, which `helm template`
            // fills with its own defaults unless told the cluster's version.
            finding.note(
                "helm rendered this: a chart that picks its apiVersion from `.Capabilities` \
                 renders the newer one only when helm knows the cluster (`chartcheck lint \
                 CHART` tells it; `helm template --kube-version`, `--api-versions`)",
            );
        }
    }
}
