use super::{Problem, field, violations};
use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};
use crate::validate::closest;

declare_rule! {
    /// ## What it does
    /// Flags a field that the Kubernetes API of the target version does not have at that place:
    /// a misspelling (`request` for `requests`), a field at the wrong indentation (`secretName`
    /// one level too shallow), or one from another kind. Suggests the closest known field.
    ///
    /// ## Why
    /// The manifest renders, every best-practice check passes, and the mistake surfaces only at the
    /// cluster: with strict field validation the API server refuses the object; without it, the
    /// field is silently dropped, so the limit, the probe or the volume you wrote is simply not
    /// there.
    ///
    /// ## Example
    /// ```yaml
    /// resources:
    ///   request:        # unknown: the field is `requests`
    ///     cpu: 100m
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// resources:
    ///   requests:
    ///     cpu: 100m
    /// ```
    pub static RULE = Rule {
        id: "unknown-field",
        group: Group::Schema,
        severity: Severity::Error,
        summary: "Field the Kubernetes API does not have at that place",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    for violation in violations(context) {
        let Problem::UnknownField(key) = &violation.problem else {
            continue;
        };
        let parent = &violation.pointer[..violation.pointer.rfind('/').unwrap_or(0)];
        let known = violation.fields_at(context, parent);
        let place = if parent.is_empty() {
            "at the top level".to_owned()
        } else {
            format!("in {}", field(parent))
        };
        let finding = findings.add(
            violation.object,
            violation.pointer.clone(),
            format!(
                "unknown field `{key}` {place} of {} {}",
                violation.object.api_version, violation.object.kind
            ),
        );
        if let Some(suggestion) = closest(key, known.iter().copied()) {
            finding.help(format!("did you mean `{suggestion}`?"));
        } else {
            finding.help("remove it, or move it to where the API has it");
        }
        if !known.is_empty() {
            finding.note(format!("known fields here: {}", known.join(", ")));
        }
        finding.note(violation.note(context));
    }
}
