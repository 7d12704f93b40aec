use super::{Problem, field, violations};
use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an object that lacks a field the Kubernetes API of the target version requires: a
    /// container without `name`, a Deployment without `spec.selector`, a Service port without
    /// `port`.
    ///
    /// ## Why
    /// The API server refuses the object. In a chart, a required field usually goes missing through
    /// a template condition (`{{- if .Values.x }}`) or a values key that renders to nothing.
    ///
    /// ## Example
    /// ```yaml
    /// containers:
    ///   - image: nginx:1.27     # no name
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// containers:
    ///   - name: web
    ///     image: nginx:1.27
    /// ```
    pub static RULE = Rule {
        id: "missing-required-field",
        group: Group::Schema,
        severity: Severity::Error,
        summary: "Field the Kubernetes API requires is missing",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    for violation in violations(context) {
        let Problem::Missing(name) = &violation.problem else {
            continue;
        };
        findings
            .add(
                violation.object,
                violation.pointer.clone(),
                format!(
                    "{} has no `{name}`, which is required",
                    field(&violation.pointer)
                ),
            )
            .note(violation.note(context));
    }
}
