use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};
use crate::lint::rules::networking::index::{
    Pods, describe_label_selector, label_selector_is_empty,
};
use crate::lint::rules::networking::outside::{Boundary, Outside, label_selector_pairs};

declare_rule! {
    /// ## What it does
    /// Flags a PodDisruptionBudget whose `selector` is not empty but matches no pod template (of a
    /// Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob) in its namespace.
    /// `matchLabels` and `matchExpressions` are both evaluated. An empty selector (`{}`) selects
    /// every pod of the namespace and is not checked.
    ///
    /// Pods the chart does not create itself are assumed to exist, and not reported:
    /// - the PodDisruptionBudget names a namespace where the set has no pod template (a PodDisruptionBudget in
    ///   `kube-system` for CoreDNS or the scheduler, as monitoring charts write one); unless pods
    ///   with those labels are in another namespace of the set, or a pod template it could select
    ///   has some of the selector's pairs: then the selector is more likely wrong. An object
    ///   without `metadata.namespace` is in the release namespace, which may be any of them.
    /// - a custom resource of the set in the same namespace (an object whose API group is not one
    ///   of Kubernetes' own: a `Prometheus`, `RabbitmqCluster`, `Kafka`) is named by a value of the
    ///   selector (`operator.prometheus.io/name: main`, `strimzi.io/cluster: events`), or carries
    ///   every pair of it in `metadata.labels` or `spec.podMetadata.labels`: its operator makes
    ///   those pods. This takes evidence on purpose: most custom resources make no pods (a
    ///   `ServiceMonitor`, a `Certificate`), so "some custom resource in the namespace" would hide
    ///   real mistakes next to one.
    ///
    /// ## Why
    /// A budget that selects no pod protects nothing: a node drain or a cluster upgrade evicts every
    /// replica of the workload at once, and the outage the budget was written to prevent happens
    /// anyway. It usually follows a label renamed in the workload but not in the budget.
    ///
    /// ## Example
    /// ```yaml
    /// kind: PodDisruptionBudget
    /// spec:
    ///   minAvailable: 1
    ///   selector:
    ///     matchLabels: {app.kubernetes.io/component: api}   # the pods say component: frontend
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: PodDisruptionBudget
    /// spec:
    ///   minAvailable: 1
    ///   selector:
    ///     matchLabels: {app.kubernetes.io/component: frontend}
    /// ```
    pub static RULE = Rule {
        id: "pdb-selects-nothing",
        group: Group::Reliability,
        severity: Severity::Warning,
        summary: "PodDisruptionBudget selector matches no pod template",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    let pods = Pods::new(context);
    let boundary = Boundary::new(context, &pods);
    for budget in context.of_kind("PodDisruptionBudget") {
        let selector = &budget.json["spec"]["selector"];
        if label_selector_is_empty(selector)
            || pods
                .selected_by_label_selector(budget, selector)
                .next()
                .is_some()
        {
            continue;
        }
        let elsewhere = pods.elsewhere(budget, selector, true);
        let closest = selector["matchLabels"]
            .as_object()
            .and_then(|labels| pods.closest(budget, labels));
        // Labels in another namespace of the set, or nearly those of a pod template here, are
        // a mistake rather than pods made elsewhere.
        let made_elsewhere = match boundary.outside(budget, &label_selector_pairs(selector)) {
            Some(Outside::Namespace) => elsewhere.is_none() && closest.is_none(),
            Some(Outside::Operator) => elsewhere.is_none(),
            None => false,
        };
        if made_elsewhere {
            continue;
        }
        let finding = findings
            .add(
                budget,
                "/spec/selector",
                format!(
                    "PodDisruptionBudget `{}` selects no pods: no pod template in the set matches `{}`",
                    budget.name,
                    describe_label_selector(selector)
                ),
            )
            .note("a budget that selects no pod does not stop a drain from evicting every replica");
        if let Some(pod) = elsewhere {
            finding.note(format!(
                "{} matches, but in namespace `{}`: a PodDisruptionBudget selects pods of its own namespace only",
                pod.object.display(),
                pod.object.namespace
            ));
        } else if let Some((pod, lacking)) = closest {
            finding.note(format!(
                "closest: {} lacks {}",
                pod.object.display(),
                lacking.join(", ")
            ));
        }
        finding.help("make the selector match the pod template labels of the workload it protects");
    }
}
