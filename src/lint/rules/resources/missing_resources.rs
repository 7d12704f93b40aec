use super::effective::{LimitRanges, RESOURCES};
use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a container (not an ephemeral one) that runs without a CPU request, a memory request
    /// or a memory limit. What counts is what the API server stores, not what was written:
    /// - a container that sets only a limit gets a request equal to it, so it has both;
    /// - a `LimitRange` of the set in the container's namespace fills in what the container leaves
    ///   out, with its `defaultRequest` and `default` for `type: Container` (and, as the API
    ///   server defaults a LimitRange, a missing default limit is its `max`, a missing default
    ///   request its default limit, else its `min`).
    ///
    /// A CPU limit is not required: many teams leave CPU unlimited on purpose to avoid throttling.
    /// Whether requests equal limits is another rule, `requests-not-equal-limits`, so a team that
    /// accepts Burstable pods can keep this one and turn that one off.
    ///
    /// A note by default: charts leave resources to their users on purpose (`helm create` says
    /// so), and the right numbers depend on the workload. Raise it (`severity:
    /// {missing-resources: warning}`) for your own environments' values, where they belong.
    ///
    /// ## Why
    /// Without requests the scheduler places the pod as if it needed nothing: nodes get
    /// overcommitted, and the pod is among the first evicted under pressure (BestEffort). Without
    /// a memory limit one leaking container can take a node's memory from every other pod on it.
    ///
    /// ## Example
    /// ```yaml
    /// containers:
    ///   - name: api
    ///     image: api:1.4.2
    ///     resources:
    ///       requests: {cpu: 100m}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// containers:
    ///   - name: api
    ///     image: api:1.4.2
    ///     resources:
    ///       requests: {cpu: 100m, memory: 128Mi}
    ///       limits: {memory: 128Mi}
    /// ```
    pub static RULE = Rule {
        id: "missing-resources",
        group: Group::Resources,
        severity: Severity::Note,
        summary: "Container without a CPU or memory request, or without a memory limit",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    let ranges = LimitRanges::new(context);
    for pod in context.pod_templates() {
        for container in pod.containers().filter(|c| c.list != "ephemeralContainers") {
            let mut missing = Vec::new();
            let mut fields = Vec::new();
            for resource in RESOURCES {
                let effective = ranges.effective(pod.object, &container, resource);
                if effective.request.is_none() {
                    missing.push(format!("{resource} request"));
                    fields.push(format!("`resources.requests.{resource}`"));
                }
                if resource == "memory" && effective.limit.is_none() {
                    missing.push(format!("{resource} limit"));
                    fields.push(format!("`resources.limits.{resource}`"));
                }
            }
            if missing.is_empty() {
                continue;
            }
            let list = listed(&missing, "or");
            findings
                .add(
                    pod.object,
                    container.at("resources"),
                    format!("container `{}` has no {list}", container.name()),
                )
                .help(format!(
                    "set {} (a limit without a request also sets the request)",
                    listed(&fields, "and")
                ));
        }
    }
}

/// `a`, `a or b`, `a, b or c`.
fn listed(items: &[String], conjunction: &str) -> String {
    match items {
        [rest @ .., last] if !rest.is_empty() => {
            format!("{} {conjunction} {last}", rest.join(", "))
        }
        _ => items.join(""),
    }
}
