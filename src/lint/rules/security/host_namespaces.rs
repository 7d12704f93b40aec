use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags pods that share a namespace of the node: `hostNetwork: true`, `hostPID: true` or
    /// `hostIPC: true` in the pod spec, one finding per field.
    ///
    /// Checks every pod-bearing kind.
    ///
    /// With `pod-security` also running, a field this rule reports is not reported again there:
    /// this finding gets a note naming the Pod Security Standards level and control it fails.
    ///
    /// ## Why
    /// A pod in the node's network namespace can bind any port of the node, reach services that
    /// listen only on localhost (the kubelet's read-only port, cloud metadata proxies) and sniff
    /// the node's traffic; NetworkPolicies no longer apply to it. In the node's PID namespace it
    /// sees every process, their environment and command lines, and can signal them. In the node's
    /// IPC namespace it can read and write other processes' shared memory. The Pod Security
    /// Standards' `baseline` profile forbids all three.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   hostNetwork: true
    ///   hostPID: true
    ///   containers:
    ///     - name: agent
    ///       image: ghcr.io/acme/agent:2.0.1
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   containers:
    ///     - name: agent
    ///       image: ghcr.io/acme/agent:2.0.1
    ///       ports:
    ///         - containerPort: 9100   # reached through a Service
    /// ```
    pub static RULE = Rule {
        id: "host-namespaces",
        group: Group::Security,
        severity: Severity::Error,
        summary: "Pod shares the node's network, PID or IPC namespace",
        check,
    }
}

const FIELDS: &[(&str, &str, &str)] = &[
    (
        "hostNetwork",
        "network",
        "remove `hostNetwork: true`; expose ports through a Service (or a `hostPort` if it \
         must be reachable on the node's address)",
    ),
    (
        "hostPID",
        "process (PID)",
        "remove `hostPID: true`; to share processes between the pod's own containers, use \
         `shareProcessNamespace: true`",
    ),
    (
        "hostIPC",
        "IPC",
        "remove `hostIPC: true`; containers of one pod already share an IPC namespace",
    ),
];

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    for pod in context.pod_templates() {
        for (field, namespace, help) in FIELDS {
            if pod.spec[*field].as_bool() != Some(true) {
                continue;
            }
            findings
                .add(
                    pod.object,
                    pod.at(field),
                    format!("the pod shares the node's {namespace} namespace (`{field}: true`)"),
                )
                .on_value()
                .help(*help);
        }
    }
}
