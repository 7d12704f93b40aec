use super::{Problem, field, violations};
use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a field whose value has the wrong type for the Kubernetes API of the target version:
    /// a string where an integer belongs (`replicas: "3"`), a mapping where a list belongs, a
    /// number where a string belongs (`value: 8080` in an env var).
    ///
    /// ## Why
    /// The API server refuses the object, usually with a message about JSON decoding that names no
    /// line. In a chart the cause is often a template: `{{ .Values.port | quote }}` on an integer
    /// field, or a values file that gives a number where the template expects a string.
    ///
    /// ## Example
    /// ```yaml
    /// env:
    ///   - name: PORT
    ///     value: 8080       # env values are strings
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// env:
    ///   - name: PORT
    ///     value: "8080"
    /// ```
    pub static RULE = Rule {
        id: "invalid-field-type",
        group: Group::Schema,
        severity: Severity::Error,
        summary: "Field value has the wrong type for the Kubernetes API",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    for violation in violations(context) {
        let Problem::WrongType { expected, found } = &violation.problem else {
            continue;
        };
        let finding = findings
            .add(
                violation.object,
                violation.pointer.clone(),
                format!(
                    "{} must be {expected}, found {found}",
                    field(&violation.pointer)
                ),
            )
            .on_value()
            .note(violation.note(context));
        if expected.contains("string") && !found.starts_with("the string") {
            finding.help("quote the value (in a template: `{{ .Values.x | quote }}`)");
        } else if found.starts_with("the string") && expected.contains("integer") {
            finding.help("write the number without quotes (in a template: drop `| quote`)");
        }
    }
}
