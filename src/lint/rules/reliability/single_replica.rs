use serde_json::Value;

use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags Deployments and StatefulSets that run one replica: `replicas: 1`, or no `replicas` at
    /// all (which means 1). A HorizontalPodAutoscaler of the same namespace that targets the object
    /// (`scaleTargetRef` kind and name) takes over its replica count: the object passes when the
    /// autoscaler's `minReplicas` is 2 or more, and is flagged, naming the autoscaler, when it is
    /// lower or unset (which means 1).
    ///
    /// `replicas: 0` is left alone: it turns the workload off on purpose.
    ///
    /// A note by default: a chart's defaults are often one replica, for the user to scale. Raise
    /// it (`severity: {single-replica: warning}`) for the environments that must stay up.
    ///
    /// ## Why
    /// A single pod is an outage whenever it goes away: on every node drain, cluster upgrade,
    /// eviction or crash, and during a rollout whenever the new pod is not ready in time. Two
    /// replicas (with a PodDisruptionBudget, spread over nodes) keep serving through all of these.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Deployment
    /// spec:
    ///   replicas: 1
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: Deployment
    /// spec:
    ///   replicas: 2
    /// ```
    /// or leave `replicas` out and let a HorizontalPodAutoscaler with `minReplicas: 2` set it.
    pub static RULE = Rule {
        id: "single-replica",
        group: Group::Reliability,
        severity: Severity::Note,
        summary: "Deployment or StatefulSet runs a single replica",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    let workloads = ["Deployment", "StatefulSet"]
        .into_iter()
        .flat_map(|kind| context.of_kind(kind));
    for object in workloads {
        let replicas = &object.json["spec"]["replicas"];
        let Some(count) = (if replicas.is_null() {
            Some(1)
        } else {
            integer(replicas)
        }) else {
            continue;
        };
        if count == 0 {
            continue;
        }
        let kind = &object.kind;
        let name = &object.name;
        // The autoscalers of the set that scale this object; the highest minimum wins.
        let autoscaler = context
            .of_kind("HorizontalPodAutoscaler")
            .filter(|hpa| {
                let target = &hpa.json["spec"]["scaleTargetRef"];
                hpa.namespace == object.namespace
                    && target["kind"].as_str() == Some(kind)
                    && target["name"].as_str() == Some(name)
            })
            .map(|hpa| (hpa, integer(&hpa.json["spec"]["minReplicas"]).unwrap_or(1)))
            .max_by_key(|(_, min)| *min);
        match autoscaler {
            Some((_, min)) if min >= 2 => {}
            Some((hpa, min)) => {
                let set = if hpa.json["spec"]["minReplicas"].is_null() {
                    "sets no minReplicas, which means 1".to_owned()
                } else {
                    format!("has minReplicas {min}")
                };
                let finding = findings.add(
                    object,
                    "/metadata/name",
                    format!(
                        "{kind} `{name}` can scale down to a single replica: \
                         HorizontalPodAutoscaler `{}` {set}",
                        hpa.name
                    ),
                );
                if !replicas.is_null() {
                    finding.note(format!(
                        "the HorizontalPodAutoscaler sets the replica count; spec.replicas ({count}) \
                         only holds until it first scales"
                    ));
                }
                finding.help("set the HorizontalPodAutoscaler's minReplicas to 2 or more");
            }
            None if replicas.is_null() => {
                findings
                    .add(
                        object,
                        "/spec/replicas",
                        format!("{kind} `{name}` sets no replicas, which means a single replica"),
                    )
                    .help(
                        "set spec.replicas to 2 or more, or scale it with a \
                         HorizontalPodAutoscaler whose minReplicas is 2 or more",
                    );
            }
            None if count == 1 => {
                findings
                    .add(
                        object,
                        "/spec/replicas",
                        format!("{kind} `{name}` runs a single replica"),
                    )
                    .on_value()
                    .help(
                        "set spec.replicas to 2 or more, or scale it with a \
                         HorizontalPodAutoscaler whose minReplicas is 2 or more",
                    );
            }
            None => {}
        }
    }
}

/// A whole number, written as an integer or a float (`1`, `1.0`).
fn integer(value: &Value) -> Option<i64> {
    value.as_i64().or_else(|| {
        value
            .as_f64()
            .filter(|f| f.fract() == 0.0)
            .map(|f| f as i64)
    })
}
