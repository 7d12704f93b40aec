use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};
use crate::manifest::Object;

use super::{container_label, effective};

declare_rule! {
    /// ## What it does
    /// Flags containers that may run as root: neither the container's nor the pod's
    /// `securityContext` sets `runAsNonRoot: true` (the container's setting overrides the pod's),
    /// or the effective `runAsUser` is `0`. A non-zero `runAsUser` (the container's, else the
    /// pod's) also keeps a container off root, so it passes without `runAsNonRoot`.
    ///
    /// Checks every container, init container and ephemeral container of every pod-bearing kind.
    ///
    /// With `pod-security` also running, a field this rule reports is not reported again there:
    /// this finding gets a note naming the Pod Security Standards level and control it fails.
    ///
    /// A container that may run as root because nothing says otherwise is a warning; one that
    /// sets `runAsUser: 0` is an error.
    ///
    /// ## Why
    /// Without `runAsNonRoot: true` a container runs as whatever user its image names, often root.
    /// Root in a container is root on the node's kernel: one escape (a kernel bug, a writable host
    /// mount, an added capability) away from the node. With `runAsNonRoot: true` the kubelet
    /// refuses to start a container whose image would run as UID 0. The Pod Security Standards'
    /// `restricted` profile requires it.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   containers:
    ///     - name: api
    ///       image: ghcr.io/acme/api:1.4.2
    ///       securityContext:
    ///         runAsUser: 0
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   securityContext:          # applies to every container of the pod
    ///     runAsNonRoot: true
    ///     runAsUser: 10001
    ///   containers:
    ///     - name: api
    ///       image: ghcr.io/acme/api:1.4.2
    /// ```
    pub static RULE = Rule {
        id: "run-as-root",
        group: Group::Security,
        severity: Severity::Warning,
        summary: "Container may run as root: no `runAsNonRoot: true`, or `runAsUser: 0`",
        check,
    }
}

/// Why a container may run as root.
#[derive(PartialEq)]
enum Cause {
    /// `runAsUser: 0`; `forbidden` when `runAsNonRoot: true` applies as well.
    User0 { forbidden: bool },
    /// `runAsNonRoot: false`.
    NonRootFalse,
    /// Neither level sets `runAsNonRoot` (nor a non-zero `runAsUser`).
    Unset,
}

/// One finding to make: several containers share one when the pod's securityContext is the
/// cause, so a single pod-level line is reported once.
struct Pending {
    pointer: String,
    cause: Cause,
    from_pod: bool,
    containers: Vec<String>,
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    for pod in context.pod_templates() {
        let mut pending: Vec<Pending> = Vec::new();
        for container in pod.containers() {
            let user = effective(&pod, &container, "runAsUser");
            let non_root = effective(&pod, &container, "runAsNonRoot");
            let non_root_true = non_root.as_ref().and_then(|n| n.value.as_bool()) == Some(true);
            let (pointer, cause, from_pod) = match user.as_ref().map(|u| (u, u.value.as_i64())) {
                Some((user, Some(0))) => (
                    user.pointer.clone(),
                    Cause::User0 {
                        forbidden: non_root_true,
                    },
                    user.from_pod,
                ),
                // Runs as that UID, whatever the image says.
                Some((_, Some(_))) => continue,
                _ if non_root_true => continue,
                _ => match non_root {
                    Some(non_root) => (non_root.pointer, Cause::NonRootFalse, non_root.from_pod),
                    None => (
                        container.at("securityContext/runAsNonRoot"),
                        Cause::Unset,
                        false,
                    ),
                },
            };
            let label = container_label(&container);
            match pending
                .iter_mut()
                .find(|p| from_pod && p.from_pod && p.pointer == pointer && p.cause == cause)
            {
                Some(shared) => shared.containers.push(label),
                None => pending.push(Pending {
                    pointer,
                    cause,
                    from_pod,
                    containers: vec![label],
                }),
            }
        }
        for p in pending {
            report(pod.object, p, findings);
        }
    }
}

fn report<'a>(object: &'a Object, p: Pending, findings: &mut Findings<'a>) {
    let one = p.containers.len() == 1;
    let who = match p.containers.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => return,
    };
    let verb = |singular: &'static str, plural: &'static str| if one { singular } else { plural };
    let whose = if p.from_pod {
        "the pod's securityContext"
    } else {
        "its securityContext"
    };
    let help_non_root = "set `runAsNonRoot: true` (and a non-zero `runAsUser`) in the pod's \
                         securityContext, or in the container's";
    match p.cause {
        Cause::User0 { forbidden: true } => {
            findings
                .add(
                    object,
                    p.pointer,
                    format!(
                        "{who} {} for root: {whose} sets `runAsUser: 0`, which `runAsNonRoot: \
                         true` forbids, so the kubelet refuses to start {}",
                        verb("asks", "ask"),
                        verb("it", "them")
                    ),
                )
                .on_value()
                .severity(Severity::Error)
                .help("set `runAsUser` to a non-zero UID");
        }
        Cause::User0 { forbidden: false } => {
            findings
                .add(
                    object,
                    p.pointer,
                    format!(
                        "{who} {} as root: {whose} sets `runAsUser: 0`",
                        verb("runs", "run")
                    ),
                )
                .on_value()
                .severity(Severity::Error)
                .help("set `runAsUser` to a non-zero UID, with `runAsNonRoot: true`");
        }
        Cause::NonRootFalse => {
            findings
                .add(
                    object,
                    p.pointer,
                    format!("{who} may run as root: {whose} sets `runAsNonRoot: false`"),
                )
                .on_value()
                .help(help_non_root);
        }
        Cause::Unset => {
            findings
                .add(
                    object,
                    p.pointer,
                    format!(
                        "{who} may run as root: neither it nor the pod sets \
                         `securityContext.runAsNonRoot: true`"
                    ),
                )
                .note("it then runs as the user its image names, often root")
                .help(help_non_root);
        }
    }
}
