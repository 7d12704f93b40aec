use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags containers of long-running pods that have no `livenessProbe`: the regular containers
    /// (not init or ephemeral ones) of Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// ReplicationControllers and bare Pods that restart `Always`.
    ///
    /// Pods that run to completion are left alone: Jobs, CronJobs, Pods with `restartPolicy`
    /// `Never` or `OnFailure`, and Helm hook Pods (`helm.sh/hook`, e.g. `helm test` Pods).
    ///
    /// ## Why
    /// The kubelet restarts a container when its process exits, but not when it hangs: a deadlocked
    /// server keeps running, fails every request, and stays that way until someone notices. A
    /// liveness probe lets the kubelet see that and restart it.
    ///
    /// ## Example
    /// ```yaml
    /// containers:
    ///   - name: api
    ///     image: ghcr.io/acme/api:1.4.2
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// containers:
    ///   - name: api
    ///     image: ghcr.io/acme/api:1.4.2
    ///     livenessProbe:
    ///       httpGet: {path: /healthz, port: 8080}
    ///       periodSeconds: 10
    ///       failureThreshold: 3
    /// ```
    pub static RULE = Rule {
        id: "missing-liveness-probe",
        group: Group::Probes,
        severity: Severity::Warning,
        summary: "Container of a long-running pod has no liveness probe",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    for (object, container) in super::long_running(context) {
        if container.json["livenessProbe"].is_null() {
            findings
                .add(
                    object,
                    format!("{}/livenessProbe", container.pointer),
                    format!("container `{}` has no livenessProbe", container.name()),
                )
                .help(
                    "add a livenessProbe (httpGet, tcpSocket, grpc or exec) so that the kubelet \
                     restarts the container when it hangs",
                );
        }
    }
}
