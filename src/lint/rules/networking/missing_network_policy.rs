use std::collections::{HashMap, HashSet};

use super::index::{Pods, label_selector_is_empty};
use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};
use crate::manifest::Object;

declare_rule! {
    /// ## What it does
    /// Flags a pod template (of a Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or
    /// CronJob) that no NetworkPolicy in the set selects. A NetworkPolicy selects the pods of its
    /// own namespace that its `podSelector` (a LabelSelector) matches; an empty `podSelector`
    /// selects every pod of the namespace. Objects in different namespaces do not cover each other;
    /// an object without `metadata.namespace` is in the release namespace, which may be any.
    ///
    /// Pods with `hostNetwork: true` are skipped: NetworkPolicies do not apply to them.
    ///
    /// A note by default: most public charts leave NetworkPolicies to the cluster's operators.
    /// Raise it (`severity: {missing-network-policy: warning}`) where every workload must have one.
    ///
    /// ## Why
    /// A pod that no NetworkPolicy selects accepts connections from every pod in the cluster and
    /// may connect anywhere. One compromised pod elsewhere can then reach the database, the cache
    /// or the admin port directly. Shipping policies with the chart keeps the allowed traffic next
    /// to the workloads that need it, and reviewed with them.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Deployment
    /// metadata: {name: api}
    /// spec:
    ///   template:
    ///     metadata:
    ///       labels: {app.kubernetes.io/component: api}
    /// # and no NetworkPolicy that selects component: api
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: NetworkPolicy
    /// metadata: {name: api}
    /// spec:
    ///   podSelector:
    ///     matchLabels: {app.kubernetes.io/component: api}
    ///   policyTypes: [Ingress, Egress]
    ///   ingress:
    ///     - from: [{podSelector: {matchLabels: {app.kubernetes.io/component: ingress}}}]
    ///       ports: [{port: 8080}]
    /// ```
    pub static RULE = Rule {
        id: "missing-network-policy",
        group: Group::Networking,
        severity: Severity::Note,
        summary: "Pod template not selected by any NetworkPolicy",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    let pods = Pods::new(context);
    // Per input: namespaces that some policy covers whole, and namespaces that have a policy.
    let mut whole: HashMap<usize, HashSet<&str>> = HashMap::new();
    let mut with_policy: HashMap<usize, HashSet<&str>> = HashMap::new();
    // Pod templates some policy selects, by their object.
    let mut covered: HashSet<*const Object> = HashSet::new();
    for policy in context.of_kind("NetworkPolicy") {
        with_policy
            .entry(policy.input)
            .or_default()
            .insert(&policy.namespace);
        let selector = &policy.json["spec"]["podSelector"];
        if label_selector_is_empty(selector) {
            whole
                .entry(policy.input)
                .or_default()
                .insert(&policy.namespace);
            continue;
        }
        for pod in pods.selected_by_label_selector(policy, selector) {
            covered.insert(std::ptr::from_ref(pod.object));
        }
    }
    for pod in &pods.pods {
        let object = pod.object;
        if pod.spec["hostNetwork"].as_bool() == Some(true)
            || covered.contains(&std::ptr::from_ref(object))
            || in_scope(whole.get(&object.input), &object.namespace)
        {
            continue;
        }
        let has_policies = in_scope(with_policy.get(&object.input), &object.namespace);
        let base = pod.spec_pointer.strip_suffix("/spec").unwrap_or("");
        let subject = if object.kind == "Pod" {
            format!("Pod `{}` is", object.name)
        } else {
            format!("the pods of {} `{}` are", object.kind, object.name)
        };
        let finding = findings
            .add(
                object,
                format!("{base}/metadata/labels"),
                if has_policies {
                    format!("{subject} selected by none of the set's NetworkPolicies")
                } else {
                    format!(
                        "{subject} selected by no NetworkPolicy: the set has none in {} namespace",
                        if object.kind == "Pod" { "its" } else { "their" }
                    )
                },
            )
            .note(
                "a pod no NetworkPolicy selects accepts connections from every pod in the cluster \
                 and may connect anywhere",
            );
        if pod.labels.as_object().is_none_or(|l| l.is_empty()) {
            finding.note(
                "the pod template has no labels, so only a `podSelector: {}` policy can select it",
            );
        }
        finding.help(
            "add a NetworkPolicy whose podSelector matches these labels (or a default-deny policy \
             with `podSelector: {}`) and allow only the traffic the pods need",
        );
    }
}

/// True when `namespaces` (of one input) may include `namespace`; an empty namespace is the
/// release namespace, which may be any.
fn in_scope(namespaces: Option<&HashSet<&str>>, namespace: &str) -> bool {
    namespaces.is_some_and(|n| {
        n.contains(namespace) || n.contains("") || (namespace.is_empty() && !n.is_empty())
    })
}
