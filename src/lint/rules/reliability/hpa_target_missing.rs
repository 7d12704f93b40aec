use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};
use crate::lint::rules::networking::index::Named;

declare_rule! {
    /// ## What it does
    /// Flags a HorizontalPodAutoscaler whose `scaleTargetRef` names an object (by `kind` and
    /// `name`) that is not in the set, in the autoscaler's namespace. When an object of that name
    /// but another kind is in the set, the note says so.
    ///
    /// ## Why
    /// An autoscaler with a missing target does nothing: it reports `FailedGetScale` in its events
    /// and the workload it was meant to scale keeps its fixed replica count under load. A renamed
    /// Deployment, or a workload switched from Deployment to StatefulSet without the autoscaler, is
    /// the usual cause.
    ///
    /// ## Example
    /// ```yaml
    /// kind: HorizontalPodAutoscaler
    /// spec:
    ///   scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: journal-api}
    /// # the Deployment is called journal-frontend
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: HorizontalPodAutoscaler
    /// spec:
    ///   scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: journal-frontend}
    /// ```
    pub static RULE = Rule {
        id: "hpa-target-missing",
        group: Group::Reliability,
        severity: Severity::Error,
        summary: "HorizontalPodAutoscaler scaleTargetRef names an object not in the set",
        check,
    }
}

/// Kinds an autoscaler usually targets, to suggest when the named kind is wrong.
const SCALABLE: &[&str] = &[
    "Deployment",
    "StatefulSet",
    "ReplicaSet",
    "ReplicationController",
];

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    let named = Named::all(context);
    for hpa in context.of_kind("HorizontalPodAutoscaler") {
        let target = &hpa.json["spec"]["scaleTargetRef"];
        let (Some(kind), Some(name)) = (target["kind"].as_str(), target["name"].as_str()) else {
            continue;
        };
        if named.find(kind, name, hpa).is_some() {
            continue;
        }
        let finding = findings
            .add(
                hpa,
                "/spec/scaleTargetRef/name",
                format!(
                    "HorizontalPodAutoscaler `{}` scales {kind} `{name}`, which is not in the set",
                    hpa.name
                ),
            )
            .on_value()
            .note(
                "an autoscaler without its target scales nothing; it only reports FailedGetScale",
            );
        if let Some(other) = named.elsewhere(kind, name, hpa) {
            finding.note(format!(
                "{} is in another namespace: an autoscaler scales objects of its own namespace only",
                other.display()
            ));
        }
        if let Some(other) = SCALABLE
            .iter()
            .find_map(|k| named.find(k, name, hpa).filter(|_| *k != kind))
        {
            finding.help(format!(
                "the set has a {} `{name}`: set `scaleTargetRef.kind: {}`",
                other.kind, other.kind
            ));
        } else if let Some(similar) = named.similar(kind, name, hpa) {
            finding.help(format!("did you mean {kind} `{similar}`?"));
        } else {
            finding.help(format!("name a {kind} of this chart"));
        }
    }
}
