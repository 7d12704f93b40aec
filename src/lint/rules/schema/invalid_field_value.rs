use super::{Problem, field, violations};
use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};
use crate::validate::closest;

declare_rule! {
    /// ## What it does
    /// Flags a field whose value the Kubernetes API of the target version does not allow: not one
    /// of the field's values (`imagePullPolicy: always`, `type: RollingUpdates`), or out of the
    /// schema's range or format.
    ///
    /// An empty string where the field takes one of a set of values is not flagged: the API
    /// server reads `""` as unset and fills in the default (`podManagementPolicy: ""` becomes
    /// `OrderedReady`), as charts that write `{{ .Values.x | quote }}` for an unset key rely on.
    ///
    /// ## Why
    /// The API server refuses the object. Enum fields are case-sensitive and their spellings are
    /// easy to get almost right; a did-you-mean saves the round trip to the cluster.
    ///
    /// ## Example
    /// ```yaml
    /// imagePullPolicy: always
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// imagePullPolicy: Always
    /// ```
    pub static RULE = Rule {
        id: "invalid-field-value",
        group: Group::Schema,
        severity: Severity::Error,
        summary: "Field value the Kubernetes API does not allow",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    for violation in violations(context) {
        let Problem::BadValue { message, allowed } = &violation.problem else {
            continue;
        };
        let value = violation.object.json.pointer(&violation.pointer);
        if !allowed.is_empty() && value.and_then(|v| v.as_str()) == Some("") {
            continue;
        }
        let finding = findings
            .add(
                violation.object,
                violation.pointer.clone(),
                format!("{} {message}", field(&violation.pointer)),
            )
            .on_value();
        if !allowed.is_empty() {
            let suggestion = value
                .and_then(|v| v.as_str())
                .and_then(|v| closest(v, allowed.iter().map(String::as_str)));
            finding.note(format!("allowed: {}", allowed.join(", ")));
            if let Some(suggestion) = suggestion {
                finding.help(format!("did you mean `{suggestion}`?"));
            }
        }
        finding.note(violation.note(context));
    }
}
