use super::index::{Pods, describe_label_selector, label_selector_is_empty};
use super::outside::{Boundary, Outside, label_selector_pairs};
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
    /// Pods the chart does not create itself are assumed to exist, and not reported:
    /// - the NetworkPolicy names a namespace where the set has no pod template (a NetworkPolicy in
    ///   `kube-system` for CoreDNS or the scheduler, as monitoring charts write one); unless pods
    ///   with those labels are in another namespace of the set, or a pod template it could select
    ///   has some of the selector's pairs: then the selector is more likely wrong. An object
    ///   without `metadata.namespace` is in the release namespace, which may be any of them.
    /// - a custom resource of the set in the same namespace (an object whose API group is not one
    ///   of Kubernetes' own: a `Prometheus`, `RabbitmqCluster`, `Kafka`) is named by a value of the
    ///   podSelector (`operator.prometheus.io/name: main`, `strimzi.io/cluster: events`), or carries
    ///   every pair of it in `metadata.labels` or `spec.podMetadata.labels`: its operator makes
    ///   those pods. This takes evidence on purpose: most custom resources make no pods (a
    ///   `ServiceMonitor`, a `Certificate`), so "some custom resource in the namespace" would hide
    ///   real mistakes next to one.
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
    let boundary = Boundary::new(context, &pods);
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
        let elsewhere = pods.elsewhere(policy, selector, true);
        let closest = selector["matchLabels"]
            .as_object()
            .and_then(|labels| pods.closest(policy, labels));
        // Labels in another namespace of the set, or nearly those of a pod template here, are
        // a mistake rather than pods made elsewhere.
        let made_elsewhere = match boundary.outside(policy, &label_selector_pairs(selector)) {
            Some(Outside::Namespace) => elsewhere.is_none() && closest.is_none(),
            Some(Outside::Operator) => elsewhere.is_none(),
            None => false,
        };
        if made_elsewhere {
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
        if let Some(pod) = elsewhere {
            finding.note(format!(
                "{} matches, but in namespace `{}`: a NetworkPolicy selects pods of its own namespace only",
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
        finding.help(
            "make the podSelector match the pod template labels of the workload it protects; if \
             it is meant for pods created outside the chart, ignore this rule for it with a reason",
        );
    }
}
