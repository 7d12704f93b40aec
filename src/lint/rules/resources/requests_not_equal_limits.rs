use super::effective::{LimitRanges, Origin, RESOURCES};
use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::quantity::Quantity;
use crate::lint::rule::{Findings, Group, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a container (not an ephemeral one) whose CPU or memory request and limit are both
    /// set and differ, comparing quantities by value (`1` = `1000m`, `1Gi` = `1024Mi`). What
    /// counts is what the API server stores: a container that sets only a limit gets a request
    /// equal to it (so it is not flagged), and a `LimitRange` of the set in the container's
    /// namespace fills in an unset request or limit with its defaults for `type: Container`.
    ///
    /// A request or limit that is missing altogether is the business of `missing-resources`; a
    /// team that accepts Burstable pods turns this rule off and keeps that one.
    ///
    /// A note by default: Guaranteed QoS is a policy choice, and Burstable pods are common and
    /// deliberate. Raise it (`severity: {requests-not-equal-limits: warning}`) where the policy
    /// is Guaranteed; `missing-resources` reports what is missing either way.
    ///
    /// ## Why
    /// With requests equal to limits a pod gets the Guaranteed QoS class: it is the last to be
    /// evicted under node pressure, and the scheduler reserves exactly what it may use. A pod
    /// whose limits exceed its requests is Burstable: it may use memory the node does not have
    /// for it, and is evicted or OOM-killed first when the node runs short.
    ///
    /// ## Example
    /// ```yaml
    /// resources:
    ///   requests: {cpu: 100m, memory: 128Mi}
    ///   limits:   {cpu: 500m, memory: 256Mi}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// resources:
    ///   requests: {cpu: 100m, memory: 128Mi}
    ///   limits:   {cpu: 100m, memory: 128Mi}
    /// ```
    pub static RULE = Rule {
        id: "requests-not-equal-limits",
        group: Group::Resources,
        severity: Severity::Note,
        summary: "CPU or memory requests differ from limits",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    let ranges = LimitRanges::new(context);
    for pod in context.pod_templates() {
        for container in pod.containers().filter(|c| c.list != "ephemeralContainers") {
            for resource in RESOURCES {
                let effective = ranges.effective(pod.object, &container, resource);
                let (Some(request), Some(limit)) = (effective.request, effective.limit) else {
                    continue;
                };
                let (Some(r), Some(l)) = (
                    Quantity::from_json(request.value),
                    Quantity::from_json(limit.value),
                ) else {
                    continue;
                };
                if r == l {
                    continue;
                }
                // Point at what the container wrote: the limit, else the request.
                let pointer = match (limit.origin, request.origin) {
                    (Origin::Written, _) => container.at(&format!("resources/limits/{resource}")),
                    (_, Origin::Written) => container.at(&format!("resources/requests/{resource}")),
                    _ => container.at("resources"),
                };
                let finding = findings
                    .add(
                        pod.object,
                        pointer,
                        format!(
                            "container `{}`: {resource} limit {} differs from its request {}",
                            container.name(),
                            plain(limit.value),
                            plain(request.value)
                        ),
                    )
                    .help("equal requests and limits give the pod Guaranteed QoS");
                for (what, setting) in [("limit", limit), ("request", request)] {
                    if let Some(note) = setting
                        .origin
                        .note(&format!("{resource} {what}"), setting.value)
                    {
                        finding.note(note);
                    }
                }
            }
        }
    }
}

fn plain(value: &serde_json::Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_owned)
}
