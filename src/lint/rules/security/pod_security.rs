use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::pod_security::{Level, evaluate};
use crate::lint::rule::{Findings, Group, declare_rule};

declare_rule! {
    /// ## What it does
    /// Evaluates every pod template (Pods and every workload kind) against the Kubernetes Pod
    /// Security Standards, control by control, and reports each violated control of the enforced
    /// level at the offending field (or where a missing field belongs). The level is `baseline`
    /// unless `--pod-security restricted` (or the config's `pod-security: restricted`) says
    /// otherwise; without either the findings are warnings, with either they are errors (a
    /// `severity:` setting for `pod-security` still wins). The lint summary names the level each
    /// workload meets.
    ///
    /// `baseline` controls: HostProcess (`windowsOptions.hostProcess`), Host Namespaces
    /// (`hostNetwork`, `hostPID`, `hostIPC`), Privileged Containers, Capabilities (`add` only
    /// from the runtime's default set: AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL,
    /// MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT), HostPath Volumes,
    /// Host Ports (`hostPort` other than 0; not reported for a pod with `hostNetwork: true`, where
    /// every port is the node's and Host Namespaces reports the cause), Host Probes / Lifecycle Hooks (`host` in a probe's or
    /// hook's `httpGet` or `tcpSocket`), AppArmor (`appArmorProfile.type` `RuntimeDefault` or
    /// `Localhost`; the `container.apparmor.security.beta.kubernetes.io/*` annotations
    /// `runtime/default` or `localhost/*`), SELinux (`seLinuxOptions.type` empty, `container_t`,
    /// `container_init_t`, `container_kvm_t` or `container_engine_t`; no `user`, no `role`),
    /// /proc Mount Type (`procMount` `Default`), Seccomp (`seccompProfile.type` not `Unconfined`)
    /// and Sysctls (only the safe set: `kernel.shm_rmid_forced`, `net.ipv4.ip_local_port_range`,
    /// `net.ipv4.ip_unprivileged_port_start`, `net.ipv4.tcp_syncookies`,
    /// `net.ipv4.ping_group_range`, `net.ipv4.ip_local_reserved_ports`,
    /// `net.ipv4.tcp_keepalive_time`, `net.ipv4.tcp_fin_timeout`, `net.ipv4.tcp_keepalive_intvl`,
    /// `net.ipv4.tcp_keepalive_probes`, `net.ipv4.tcp_rmem`, `net.ipv4.tcp_wmem`).
    ///
    /// `restricted` adds: Volume Types (only configMap, csi, downwardAPI, emptyDir, ephemeral,
    /// persistentVolumeClaim, projected, secret), Privilege Escalation
    /// (`allowPrivilegeEscalation: false` in every container), Running as Non-root
    /// (`runAsNonRoot: true` in the pod, or in every container), Running as Non-root user (no
    /// `runAsUser: 0`), Seccomp (`RuntimeDefault` or `Localhost` in the pod, or in every
    /// container) and Capabilities (`drop: [ALL]`, `add` at most `NET_BIND_SERVICE`). Pods with
    /// `spec.os.name: windows` are exempt from the Linux-only three: Privilege Escalation, Seccomp
    /// and Capabilities.
    ///
    /// Values are compared as the Pod Security admission controller compares them: exactly, so
    /// `drop: [all]` or `add: [CAP_CHOWN]` do not conform. Every field of containers, init
    /// containers and ephemeral containers is checked.
    ///
    /// Some controls have a rule of their own (`privileged`, `host-namespaces`, `host-path`,
    /// `added-capabilities`, `privilege-escalation`, `run-as-root`). When such a rule runs and
    /// reports the same field of the same object (even if an annotation or the config then
    /// suppresses it there), this rule does not report it again: the other rule's finding gets a
    /// note naming the level and control. Run `--select pod-security` alone to have every
    /// control reported here.
    ///
    /// ## Why
    /// A namespace labelled `pod-security.kubernetes.io/enforce: restricted` (or `baseline`)
    /// rejects every pod that violates one of the level's controls: a Deployment is accepted, but
    /// its ReplicaSet never creates a pod, and the failure shows only in events. Knowing before
    /// the install which level each workload meets, and which field keeps it from the next, turns
    /// that into a line to change in the chart.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   hostPID: true
    ///   containers:
    ///     - name: api
    ///       image: ghcr.io/acme/api:1.4.2
    ///       ports:
    ///         - containerPort: 8080
    ///           hostPort: 8080
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   securityContext:
    ///     runAsNonRoot: true
    ///     seccompProfile:
    ///       type: RuntimeDefault
    ///   containers:
    ///     - name: api
    ///       image: ghcr.io/acme/api:1.4.2
    ///       ports:
    ///         - containerPort: 8080      # reached through a Service
    ///       securityContext:
    ///         allowPrivilegeEscalation: false
    ///         capabilities:
    ///           drop: [ALL]
    /// ```
    pub static RULE = Rule {
        id: "pod-security",
        group: Group::Security,
        severity: Severity::Warning,
        summary: "Pod violates a control of the Pod Security Standards level (baseline unless set)",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    let enforced = context.pod_security.unwrap_or(Level::Baseline);
    for pod in context.pod_templates() {
        for violation in evaluate(&pod) {
            let control = violation.control;
            if control.level > enforced {
                continue;
            }
            let standard = format!(
                "Pod Security Standard `{}`, control \"{}\"",
                control.level.name(),
                control.name
            );
            let finding = findings
                .add(
                    pod.object,
                    violation.pointer,
                    format!("{} ({standard})", violation.message),
                )
                .help(control.help)
                .yields(format!("this also fails the {standard}"));
            if violation.on_value {
                finding.on_value();
            }
            if context.pod_security.is_some() {
                finding.severity(Severity::Error);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Severity;
    use crate::lint::config::Selection;
    use crate::lint::pod_security::Level;
    use crate::lint::{Input, Outcome, lint};

    const POD: &str = r#"
apiVersion: v1
kind: Pod
metadata:
  name: agent
spec:
  hostPID: true
  containers:
    - name: agent
      image: agent:1
      ports:
        - containerPort: 80
          hostPort: 80
      securityContext:
        privileged: true
"#;

    fn run(select: &[&str], level: Option<Level>) -> Outcome {
        let input = Input {
            name: "pod.yaml".to_owned(),
            environment: None,
            chart: None,
            text: POD.into(),
        };
        let selection = Selection {
            select: select.iter().map(|s| (*s).to_owned()).collect(),
            pod_security: level,
            ..Selection::default()
        };
        lint(&[vec![input]], &[], &selection).unwrap()
    }

    fn found(outcome: &Outcome) -> Vec<(&str, &str)> {
        outcome
            .diagnostics
            .iter()
            .map(|d| (d.code, d.pointer.as_deref().unwrap_or("")))
            .collect()
    }

    #[test]
    fn alone_it_reports_every_control() {
        let outcome = run(&["pod-security"], None);
        assert_eq!(
            found(&outcome),
            [
                ("pod-security", "/spec/hostPID"),
                ("pod-security", "/spec/containers/0/ports/0/hostPort"),
                (
                    "pod-security",
                    "/spec/containers/0/securityContext/privileged"
                ),
            ]
        );
        assert!(
            outcome
                .diagnostics
                .iter()
                .all(|d| d.severity == Severity::Warning)
        );
        assert_eq!(outcome.pod_security[0].level, Level::Privileged);
    }

    #[test]
    fn a_dedicated_rule_reports_its_field_once_with_a_cross_reference() {
        let outcome = run(&["privileged", "host-namespaces", "pod-security"], None);
        assert_eq!(
            found(&outcome),
            [
                ("host-namespaces", "/spec/hostPID"),
                ("pod-security", "/spec/containers/0/ports/0/hostPort"),
                (
                    "privileged",
                    "/spec/containers/0/securityContext/privileged"
                ),
            ]
        );
        let privileged = &outcome.diagnostics[2];
        assert_eq!(
            privileged.notes,
            [
                "this also fails the Pod Security Standard `baseline`, control \"Privileged \
                 Containers\""
            ]
        );
        // Without pod-security, no note.
        let outcome = run(&["privileged"], None);
        assert!(outcome.diagnostics[0].notes.is_empty());
    }

    #[test]
    fn a_chosen_level_makes_failing_it_an_error() {
        let outcome = run(&["pod-security"], Some(Level::Restricted));
        assert!(
            outcome
                .diagnostics
                .iter()
                .all(|d| d.severity == Severity::Error)
        );
        // restricted adds Privilege Escalation, Running as Non-root, Seccomp, Capabilities.
        assert_eq!(outcome.diagnostics.len(), 3 + 4);
    }
}
