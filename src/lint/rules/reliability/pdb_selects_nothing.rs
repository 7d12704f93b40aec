use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};
use crate::lint::rules::networking::index::{
    Pods, describe_label_selector, label_selector_is_empty,
};

declare_rule! {
    /// ## What it does
    /// Flags a PodDisruptionBudget whose `selector` is not empty but matches no pod template (of a
    /// Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob) in its namespace.
    /// `matchLabels` and `matchExpressions` are both evaluated. An empty selector (`{}`) selects
    /// every pod of the namespace and is not checked.
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
        if let Some(pod) = pods.elsewhere(budget, selector, true) {
            finding.note(format!(
                "{} matches, but in namespace `{}`: a PodDisruptionBudget selects pods of its own namespace only",
                pod.object.display(),
                pod.object.namespace
            ));
        } else if let Some(labels) = selector["matchLabels"].as_object()
            && let Some((pod, lacking)) = pods.closest(budget, labels)
        {
            finding.note(format!(
                "closest: {} lacks {}",
                pod.object.display(),
                lacking.join(", ")
            ));
        }
        finding.help("make the selector match the pod template labels of the workload it protects");
    }
}
