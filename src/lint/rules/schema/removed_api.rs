//! ## What it does
//! Flags an object whose apiVersion the target Kubernetes version no longer serves
//! (`extensions/v1beta1` Ingress, `policy/v1beta1` PodDisruptionBudget, `batch/v1beta1`
//! CronJob, …), naming the apiVersion that replaces it.
//!
//! ## Why
//! The cluster refuses the whole release: `helm upgrade` fails with "no matches for kind", and
//! a release installed before the cluster upgrade can no longer be upgraded or rolled back
//! until its manifests are fixed.
//!
//! ## Example
//! ```yaml
//! apiVersion: policy/v1beta1      # removed in Kubernetes 1.25
//! kind: PodDisruptionBudget
//! ```
//!
//! ## Use instead
//! ```yaml
//! apiVersion: policy/v1
//! kind: PodDisruptionBudget
//! ```

use crate::diagnostic::Severity;
use crate::kube::deprecation;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, Rule};

pub static RULE: Rule = Rule {
    id: "removed-api",
    group: Group::Schema,
    severity: Severity::Error,
    summary: "apiVersion the target Kubernetes version no longer serves",
    source: include_str!("removed_api.rs"),
    check,
};

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    let target = context.kube.minor();
    for object in context.objects {
        let Some(d) = deprecation(&object.api_version, &object.kind) else {
            continue;
        };
        let Some(removed_in) = d.removed_in.filter(|&r| r <= target) else {
            continue;
        };
        if context
            .kube
            .definition(&object.api_version, &object.kind)
            .is_some()
        {
            continue;
        }
        let finding = findings
            .add(
                object,
                "/apiVersion",
                format!(
                    "{} {} was removed in Kubernetes 1.{removed_in}; the target is {}",
                    object.api_version, object.kind, context.kube.version
                ),
            )
            .on_value();
        match d.replacement {
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
        if let Some(note) = d.note {
            finding.note(note);
        }
    }
}
