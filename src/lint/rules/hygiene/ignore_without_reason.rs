use crate::diagnostic::Severity;
use crate::lint::config::{IGNORE_ANNOTATION, REASON_ANNOTATION};
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};
use crate::lint::rules;
use crate::yaml::escape_token;

declare_rule! {
    /// ## What it does
    /// Checks the `chartcheck.io/ignore` annotation, which suppresses rules on one object. Flags it
    /// when the object has no non-empty `chartcheck.io/ignore-reason` annotation: without a reason
    /// the annotation suppresses nothing. Also flags each name in it that is neither a rule id, a
    /// group name, nor `all`, since it suppresses nothing either.
    ///
    /// ## Why
    /// Such an annotation looks like it silences a rule and does not: the findings keep coming,
    /// and whoever reads the chart believes they were dealt with. A reason is required so that a
    /// suppression can be judged later; a misspelt rule id is an annotation that never worked.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   annotations:
    ///     chartcheck.io/ignore: latest-tags
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// metadata:
    ///   annotations:
    ///     chartcheck.io/ignore: latest-tag
    ///     chartcheck.io/ignore-reason: the image is rebuilt and re-pulled on every deploy
    /// ```
    pub static RULE = Rule {
        id: "ignore-without-reason",
        group: Group::Hygiene,
        severity: Severity::Warning,
        summary: "`chartcheck.io/ignore` annotation without a reason, or naming no rule",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    for object in context.objects {
        let annotations = &object.json["metadata"]["annotations"];
        let Some(list) = annotations[IGNORE_ANNOTATION].as_str() else {
            continue;
        };
        let pointer = format!("/metadata/annotations/{}", escape_token(IGNORE_ANNOTATION));
        let reason = annotations[REASON_ANNOTATION].as_str().unwrap_or("").trim();
        if reason.is_empty() {
            let missing = if annotations[REASON_ANNOTATION].is_null() {
                "no"
            } else {
                "an empty"
            };
            findings
                .add(
                    object,
                    pointer.clone(),
                    format!(
                        "`{IGNORE_ANNOTATION}` on {} `{}` has {missing} `{REASON_ANNOTATION}`, \
                         so it suppresses nothing",
                        object.kind, object.name
                    ),
                )
                .help(format!(
                    "add a `{REASON_ANNOTATION}` annotation that says why the rules do not apply"
                ));
        }
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            if rules::is_known(name) {
                continue;
            }
            let finding = findings
                .add(
                    object,
                    pointer.clone(),
                    format!("`{IGNORE_ANNOTATION}` names `{name}`, which is no rule or group"),
                )
                .on_value();
            match closest(name) {
                Some(like) => finding.help(format!("did you mean `{like}`?")),
                None => finding.help("`chartcheck rules` lists the rule ids and groups"),
            };
        }
    }
}

/// The rule id or group name nearest to `name`, when it is a likely typo of it.
fn closest(name: &str) -> Option<&'static str> {
    rules::all()
        .iter()
        .map(|rule| rule.id)
        .chain(Group::ALL.iter().map(|group| group.name()))
        .map(|candidate| (strsim::levenshtein(name, candidate), candidate))
        .filter(|&(d, candidate)| d <= 2.max(candidate.len() / 5))
        .min_by_key(|&(d, _)| d)
        .map(|(_, candidate)| candidate)
}
