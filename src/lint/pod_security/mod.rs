//! The Kubernetes Pod Security Standards, control by control: which level a pod template meets,
//! and where each violated control is. The `pod-security` rule reports from here, and the lint
//! outcome's per-workload levels come from here.
//!
//! The controls follow the current standard (Kubernetes v1.34, what the Pod Security admission
//! controller enforces at `latest`): names as the standard names them, and every field of
//! `containers`, `initContainers` and `ephemeralContainers`. Values are compared as the
//! admission controller compares them: exactly (`ALL`, not `all`; `CHOWN`, not `CAP_CHOWN`).

mod baseline;
mod levels;
mod restricted;

use serde::{Deserialize, Serialize};

use crate::lint::context::PodTemplate;

pub use levels::{Levels, Workload};

/// A Pod Security Standards level. Levels are cumulative: meeting `restricted` is meeting
/// `baseline`, and every pod meets `privileged`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// No restriction: what a pod that fails `baseline` meets. Not a level to enforce.
    #[value(skip)]
    #[serde(skip_deserializing)]
    Privileged,
    /// Prevents known privilege escalations.
    Baseline,
    /// Current pod hardening best practice.
    Restricted,
}

impl Level {
    pub fn name(self) -> &'static str {
        match self {
            Level::Privileged => "privileged",
            Level::Baseline => "baseline",
            Level::Restricted => "restricted",
        }
    }
}

/// One control of the standard.
#[derive(Debug, PartialEq, Eq)]
pub struct Control {
    /// As the standard names it, e.g. `Host Namespaces`.
    pub name: &'static str,
    /// The level that requires it.
    pub level: Level,
    /// How to conform.
    pub help: &'static str,
}

/// Every control, in the standard's order: `baseline`'s, then `restricted`'s.
pub static CONTROLS: &[&Control] = &[
    &baseline::HOST_PROCESS,
    &baseline::HOST_NAMESPACES,
    &baseline::PRIVILEGED,
    &baseline::CAPABILITIES,
    &baseline::HOST_PATH,
    &baseline::HOST_PORTS,
    &baseline::HOST_PROBES,
    &baseline::APPARMOR,
    &baseline::SELINUX,
    &baseline::PROC_MOUNT,
    &baseline::SECCOMP,
    &baseline::SYSCTLS,
    &restricted::VOLUME_TYPES,
    &restricted::PRIVILEGE_ESCALATION,
    &restricted::NON_ROOT,
    &restricted::NON_ROOT_USER,
    &restricted::SECCOMP,
    &restricted::CAPABILITIES,
];

/// A control a pod template violates, and where.
#[derive(Debug)]
pub struct Violation {
    pub control: &'static Control,
    /// JSON pointer of the offending field, or of where the missing field belongs.
    pub pointer: String,
    /// What is wrong, naming the container or the pod, e.g. "container `api` does not set
    /// `seccompProfile`".
    pub message: String,
    /// The value is the problem (not a missing or misplaced field).
    pub on_value: bool,
}

impl Violation {
    fn new(control: &'static Control, pointer: String, message: String) -> Self {
        Self {
            control,
            pointer,
            message,
            on_value: false,
        }
    }

    fn on_value(mut self) -> Self {
        self.on_value = true;
        self
    }
}

/// Every control `pod` violates, `baseline`'s first. A field that violates a `baseline`
/// control is not reported again under a `restricted` one (a `hostPath` volume is not also a
/// restricted volume type; an added `SYS_ADMIN` is one violation).
pub fn evaluate(pod: &PodTemplate<'_>) -> Vec<Violation> {
    let mut found = Vec::new();
    baseline::check(pod, &mut found);
    restricted::check(pod, &mut found);
    found
}

/// The highest level a pod with these violations meets.
pub fn level(violations: &[Violation]) -> Level {
    match violations.iter().map(|v| v.control.level).min() {
        None => Level::Restricted,
        Some(Level::Restricted) => Level::Baseline,
        Some(_) => Level::Privileged,
    }
}

/// Allowed values, compared exactly.
fn one_of(value: &serde_json::Value, allowed: &[&str]) -> bool {
    value.as_str().is_some_and(|v| allowed.contains(&v))
}

/// A value as messages show it: a string in backticks, anything else as JSON.
fn shown(value: &serde_json::Value) -> String {
    match value.as_str() {
        Some(text) => format!("`{text}`"),
        None => format!("`{value}`"),
    }
}

#[cfg(test)]
mod tests;
