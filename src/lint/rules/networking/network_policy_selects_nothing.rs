use super::index::{Pods, describe_label_selector, label_selector_is_empty};
use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a NetworkPolicy whose `podSelector` is not empty but matches no pod template (of a Pod,
    /// Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob) in the policy's namespace.
    /// `matchLabels` and `matchExpressions` are both evaluated. An empty `podSelector` selects every
    /// pod of the namespace and is not checked.
    ///
    /// ## Why
    /// A policy that selects nothing protects nothing, and it looks as if it did: a reviewer sees a
    /// policy for the API and assumes its pods are locked down, while the labels it selects were
    /// renamed in the Deployment long ago. If the policy is meant for pods created outside the
    /// chart (by an operator, or another release), ignore this rule for it with a reason.
    ///
    /// ## Example
    /// ```yaml
    /// kind: NetworkPolicy
    /// spec:
    ///   podSelector:
    ///     matchLabels: {app.kubernetes.io/component: api}   # the pods say component: frontend
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: NetworkPolicy
    /// spec:
    ///   podSelector:
    ///     matchLabels: {app.kubernetes.io/component: frontend}
    /// ```
    pub static RULE = Rule {
        id: "network-policy-selects-nothing",
        group: Group::Networking,
        severity: Severity::Warning,
        summary: "NetworkPolicy podSelector matches no pod template",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    let pods = Pods::new(context);
    for policy in context.of_kind("NetworkPolicy") {
        let selector = &policy.json["spec"]["podSelector"];
        if label_selector_is_empty(selector)
            || pods
                .selected_by_label_selector(policy, selector)
                .next()
                .is_some()
        {
            continue;
        }
        let finding = findings
            .add(
                policy,
                "/spec/podSelector",
                format!(
                    "NetworkPolicy `{}` selects no pods: no pod template in the set matches `{}`",
                    policy.name,
                    describe_label_selector(selector)
                ),
            )
            .note("a policy that selects no pod restricts no traffic");
        if let Some(pod) = pods.elsewhere(policy, selector, true) {
            finding.note(format!(
                "{} matches, but in namespace `{}`: a NetworkPolicy selects pods of its own namespace only",
                pod.object.display(),
                pod.object.namespace
            ));
        } else if let Some(labels) = selector["matchLabels"].as_object()
            && let Some((pod, lacking)) = pods.closest(policy, labels)
        {
            finding.note(format!(
                "closest: {} lacks {}",
                pod.object.display(),
                lacking.join(", ")
            ));
        }
        finding.help(
            "make the podSelector match the pod template labels of the workload it protects; if \
             it is meant for pods created outside the chart, ignore this rule for it with a reason",
        );
    }
}
