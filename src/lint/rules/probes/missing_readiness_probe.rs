use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags containers of long-running pods that have no `readinessProbe`: the regular containers
    /// (not init or ephemeral ones) of Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// ReplicationControllers and bare Pods that restart `Always`.
    ///
    /// Pods that run to completion are left alone: Jobs, CronJobs, Pods with `restartPolicy`
    /// `Never` or `OnFailure`, and Helm hook Pods (`helm.sh/hook`, e.g. `helm test` Pods).
    ///
    /// ## Why
    /// Without a readiness probe a container counts as ready as soon as it starts. Services send it
    /// traffic before it can answer, and a rolling update replaces the next old pod before the new
    /// one works, so a broken release takes every replica down instead of stalling.
    ///
    /// ## Example
    /// ```yaml
    /// containers:
    ///   - name: api
    ///     image: ghcr.io/acme/api:1.4.2
    ///     ports: [{name: http, containerPort: 8080}]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// containers:
    ///   - name: api
    ///     image: ghcr.io/acme/api:1.4.2
    ///     ports: [{name: http, containerPort: 8080}]
    ///     readinessProbe:
    ///       httpGet: {path: /ready, port: http}
    /// ```
    pub static RULE = Rule {
        id: "missing-readiness-probe",
        group: Group::Probes,
        severity: Severity::Warning,
        summary: "Container of a long-running pod has no readiness probe",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    for (object, container) in super::long_running(context) {
        if container.json["readinessProbe"].is_null() {
            findings
                .add(
                    object,
                    format!("{}/readinessProbe", container.pointer),
                    format!("container `{}` has no readinessProbe", container.name()),
                )
                .help(
                    "add a readinessProbe (httpGet, tcpSocket, grpc or exec) so that Services and \
                     rolling updates wait until the container can serve",
                );
        }
    }
}
