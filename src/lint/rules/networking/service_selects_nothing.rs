use serde_json::{Map, Value};

use super::index::{Named, Pods, pairs, plain};
use super::outside::{Boundary, Outside, map_pairs};
use crate::diagnostic::Severity;
use crate::lint::context::{Context, selects};
use crate::lint::rule::{Findings, Group, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a Service whose `spec.selector` matches no pod template in the set: no Pod, Deployment,
    /// StatefulSet, DaemonSet, ReplicaSet, Job or CronJob in the Service's namespace has pod labels
    /// carrying every pair of the selector.
    ///
    /// The `statefulset.kubernetes.io/pod-name` label is set by the StatefulSet controller, not by
    /// the pod template, so it is checked on its own: the StatefulSet it names (`redis` for
    /// `redis-0`) must be in the set, its pod template must have the selector's other labels, and
    /// the ordinal must be below its `replicas`.
    ///
    /// Services without a selector (ExternalName Services, Services with hand-made Endpoints or
    /// EndpointSlices) are left alone.
    ///
    /// Pods the chart does not create itself are assumed to exist, and not reported:
    /// - the Service names a namespace where the set has no pod template (a Service in
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
    /// A Service that selects no pod has no endpoints: every connection to it is refused or times
    /// out, and nothing in the rendered chart shows it. The usual causes are a selector label that
    /// was renamed in the workload but not in the Service, a component label copied from the wrong
    /// template, or a selector that uses all common labels (including `app.kubernetes.io/version`
    /// or `helm.sh/chart`) while the pod template has only some of them.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Service
    /// spec:
    ///   selector: {app.kubernetes.io/name: journal, app.kubernetes.io/component: api}
    /// ---
    /// kind: Deployment
    /// spec:
    ///   template:
    ///     metadata:
    ///       labels: {app.kubernetes.io/name: journal, app.kubernetes.io/component: frontend}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: Service
    /// spec:
    ///   selector: {app.kubernetes.io/name: journal, app.kubernetes.io/component: frontend}
    /// ```
    pub static RULE = Rule {
        id: "service-selects-nothing",
        group: Group::Networking,
        severity: Severity::Error,
        summary: "Service selector matches no pod template",
        check,
    }
}

/// Set on each StatefulSet pod by the controller: `<statefulset>-<ordinal>`.
const POD_NAME: &str = "statefulset.kubernetes.io/pod-name";

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    let pods = Pods::new(context);
    let statefulsets = Named::new(context, &["StatefulSet"]);
    let boundary = Boundary::new(context, &pods);
    for service in context.of_kind("Service") {
        let spec = &service.json["spec"];
        if spec["type"].as_str() == Some("ExternalName") {
            continue;
        }
        let selector_value = &spec["selector"];
        let Some(selector) = selector_value.as_object().filter(|s| !s.is_empty()) else {
            continue;
        };
        // A pod template that carries the whole selector, even the pod-name label, is enough.
        if pods
            .selected_by_map(service, selector_value)
            .next()
            .is_some()
        {
            continue;
        }
        let rest: Map<String, Value> = selector
            .iter()
            .filter(|(k, _)| k.as_str() != POD_NAME)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let Some(pod_name) = selector.get(POD_NAME) else {
            let elsewhere = pods.elsewhere(service, selector_value, false);
            let closest = pods.closest(service, selector);
            // Labels in another namespace of the set, or nearly those of a pod template here,
            // are a mistake rather than pods made elsewhere.
            let made_elsewhere = match boundary.outside(service, &map_pairs(selector_value)) {
                Some(Outside::Namespace) => elsewhere.is_none() && closest.is_none(),
                Some(Outside::Operator) => elsewhere.is_none(),
                None => false,
            };
            if made_elsewhere {
                continue;
            }
            let finding = findings
                .add(
                    service,
                    "/spec/selector",
                    format!(
                        "Service `{}` selects no pods: no pod template in the set has the labels `{}`",
                        service.name,
                        pairs(selector)
                    ),
                )
                .help(
                    "make the selector a subset of the pod template labels \
                     (`spec.template.metadata.labels`) of the workload it fronts",
                );
            if let Some(pod) = elsewhere {
                finding.note(format!(
                    "{} has these labels, but in namespace `{}`: a Service selects pods of its own namespace only",
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
            continue;
        };
        let pod_pointer = "/spec/selector/statefulset.kubernetes.io~1pod-name";
        let pod_name = plain(pod_name);
        let Some((set_name, ordinal)) = pod_name
            .rsplit_once('-')
            .and_then(|(set, n)| Some((set, n.parse::<u64>().ok()?)))
        else {
            findings
                .add(
                    service,
                    pod_pointer,
                    format!(
                        "Service `{}` selects pod `{pod_name}`, which is not a StatefulSet pod name (`<statefulset>-<ordinal>`)",
                        service.name
                    ),
                )
                .on_value()
                .note(format!(
                    "the StatefulSet controller sets `{POD_NAME}` to `<statefulset>-<ordinal>`; no pod template in the set carries it either"
                ));
            continue;
        };
        let candidates: Vec<_> = statefulsets.get("StatefulSet", set_name, service).collect();
        let Some(&statefulset) = candidates.first() else {
            findings
                .add(
                    service,
                    pod_pointer,
                    format!(
                        "Service `{}` selects pod `{pod_name}` of StatefulSet `{set_name}`, which is not in the set",
                        service.name
                    ),
                )
                .on_value()
                .help("name a pod of a StatefulSet of this chart, or drop the pod-name label");
            continue;
        };
        let template_labels = &statefulset.json["spec"]["template"]["metadata"]["labels"];
        if !rest.is_empty() && !selects(&Value::Object(rest.clone()), template_labels) {
            let lacking: Vec<String> = rest
                .iter()
                .filter(|(k, v)| template_labels.get(k.as_str()) != Some(v))
                .map(|(k, v)| format!("`{k}: {}`", plain(v)))
                .collect();
            findings
                .add(
                    service,
                    "/spec/selector",
                    format!(
                        "Service `{}` selects no pods: the pod template of StatefulSet `{set_name}` lacks {}",
                        service.name,
                        lacking.join(", ")
                    ),
                )
                .help("make the selector's other labels a subset of the StatefulSet's pod template labels");
            continue;
        }
        let replicas = statefulset.json["spec"]["replicas"].as_u64().unwrap_or(1);
        if ordinal >= replicas {
            let have = match replicas {
                0 => "no pods".to_owned(),
                1 => format!("one pod, `{set_name}-0`"),
                n => format!("{n} pods, `{set_name}-0` to `{set_name}-{}`", n - 1),
            };
            findings
                .add(
                    service,
                    pod_pointer,
                    format!(
                        "Service `{}` selects pod `{pod_name}`, but StatefulSet `{set_name}` has {have}",
                        service.name
                    ),
                )
                .on_value()
                .help("select a pod that exists, or raise the StatefulSet's replicas");
        }
    }
}
