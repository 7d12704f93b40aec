use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::quantity::Quantity;
use crate::lint::rule::{Findings, Group, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags containers whose CPU or memory requests differ from their limits, comparing quantities
    /// by value (`1` = `1000m`, `1Gi` = `1024Mi`), and containers that set no request or no limit
    /// for CPU or memory.
    ///
    /// ## Why
    /// With requests equal to limits a pod gets the Guaranteed QoS class: it is the last to be
    /// evicted under node pressure, and the scheduler reserves exactly what it may use. A missing
    /// memory limit lets one container take a node's memory; a missing request makes scheduling a
    /// guess.
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
        severity: Severity::Warning,
        summary: "CPU or memory requests differ from limits, or are missing",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    for pod in context.pod_templates() {
        for container in pod.containers().filter(|c| c.list != "ephemeralContainers") {
            let resources = &container.json["resources"];
            for resource in ["cpu", "memory"] {
                let request = &resources["requests"][resource];
                let limit = &resources["limits"][resource];
                let name = container.name();
                match (request.is_null(), limit.is_null()) {
                    (true, true) => {
                        findings
                            .add(pod.object, container.at("resources"), format!("container `{name}` sets no {resource} request or limit"))
                            .help(format!("set resources.requests.{resource} and resources.limits.{resource} to the same value"));
                    }
                    (true, false) => {
                        findings.add(
                            pod.object,
                            container.at(&format!("resources/limits/{resource}")),
                            format!("container `{name}` has a {resource} limit but no request"),
                        );
                    }
                    (false, true) => {
                        findings.add(
                            pod.object,
                            container.at(&format!("resources/requests/{resource}")),
                            format!("container `{name}` has a {resource} request but no limit"),
                        );
                    }
                    (false, false) => {
                        let (Some(r), Some(l)) =
                            (Quantity::from_json(request), Quantity::from_json(limit))
                        else {
                            continue;
                        };
                        if r != l {
                            findings
                                .add(pod.object, container.at(&format!("resources/limits/{resource}")), format!("container `{name}`: {resource} limit {} differs from its request {}", plain(limit), plain(request)))
                                .help("equal requests and limits give the pod Guaranteed QoS");
                        }
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
