//! The stable JSON shape shared by every command that reports findings:
//! `{"findings": [...], "summary": {...}}`. Fields with nothing to say are left out.
//!
//! A finding:
//!
//! - `rule`, `severity`, `message`; `object`: `{kind, namespace, name}`.
//! - `location`: `{file, line, column, end_line, end_column}`, the file position shown first:
//!   for a finding traced into a chart, the template line that writes the field; for a
//!   manifest file, its position there; for a render that was not traced, the render's label.
//! - `environments`: the environments whose renders share the finding.
//! - `source` (traced findings): `template`: `{file, line, column, helper?: {name, file, line,
//!   column}}`, the template line that writes the field (and for a field an `include` wrote,
//!   the helper's line); `values`: `[{file, line, column, key, unset?}]`, every values key that
//!   decided the value, the environment's files before the chart's defaults (`unset: true`:
//!   set nowhere; the position is the mapping where it would go).
//! - `rendered`: `{environment, line, column}`, where the finding is in that environment's
//!   rendered output (no file on disk), and `rendered_from`, helm's `# Source:` name of the
//!   template.
//! - `pointer` (JSON pointer into the object), `label`, `notes`, `help`.
//!
//! The summary: `files` or `objects` checked, `errors`, `warnings`, `notes`, `complete`, and
//! for `lint` with the `pod-security` rule, `pod_security`: `[{kind, namespace, name, level,
//! controls?, environments?}]`, the Pod Security Standards level (`restricted`, `baseline` or
//! `privileged`) each workload meets, the controls that keep it from the next level, and, when
//! its level differs between environments, one entry per level naming its environments.

use std::path::Path;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, ObjectRef, Severity};

#[derive(Serialize)]
struct Document<'a> {
    findings: Vec<Entry<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Entry<'a> {
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    object: Option<&'a ObjectRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<Location>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    environments: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<Source>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rendered: Option<RenderedAt<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pointer: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    notes: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct Location {
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

/// Where a finding in a render was written: the template line, and the values keys that
/// decided the value (the environment's files before the chart's defaults).
#[derive(Serialize)]
struct Source {
    #[serde(skip_serializing_if = "Option::is_none")]
    template: Option<Template>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    values: Vec<Value>,
}

#[derive(Serialize)]
struct Template {
    file: String,
    line: usize,
    column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    helper: Option<Helper>,
}

#[derive(Serialize)]
struct Helper {
    name: String,
    file: String,
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct Value {
    file: String,
    line: usize,
    column: usize,
    key: String,
    /// The key is set nowhere: the position is the mapping where it would go.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    unset: bool,
}

/// Where a finding is in the rendered output (no file), and helm's name of its template.
#[derive(Serialize)]
struct RenderedAt<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    environment: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    /// Helm's `# Source:` name of the template, e.g. `journal/templates/frontend.yaml`.
    #[serde(skip_serializing_if = "Option::is_none")]
    rendered_from: Option<&'a str>,
}

/// What was checked, and how many findings of each severity.
#[derive(Serialize, Default)]
pub struct Summary {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub files: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objects: Option<usize>,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    /// False when something could not be checked (exit status 2).
    pub complete: bool,
    /// `lint`: the Pod Security Standards level each workload meets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pod_security: Option<Vec<crate::lint::pod_security::Workload>>,
}

/// Renders `diagnostics` as one pretty JSON document; `summary` gets the counts filled in.
pub fn render(diagnostics: &[Diagnostic], mut summary: Summary) -> String {
    let count = |severity| {
        diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    summary.errors = count(Severity::Error);
    summary.warnings = count(Severity::Warning);
    summary.notes = count(Severity::Note);
    let document = Document {
        findings: diagnostics.iter().map(entry).collect(),
        summary,
    };
    let mut text = serde_json::to_string_pretty(&document).expect("plain data always serializes");
    text.push('\n');
    text
}

fn entry(d: &Diagnostic) -> Entry<'_> {
    let lossy = |path: &Path| path.to_string_lossy().into_owned();
    let source = (d.written.is_some() || !d.values.is_empty()).then(|| Source {
        template: d.written.as_ref().map(|t| Template {
            file: lossy(&t.file),
            line: t.line,
            column: t.column,
            helper: t.helper.as_ref().map(|h| Helper {
                name: h.name.clone(),
                file: lossy(&h.file),
                line: h.line,
                column: h.column,
            }),
        }),
        values: d
            .values
            .iter()
            .map(|v| Value {
                file: lossy(&v.file),
                line: v.line,
                column: v.column,
                key: v.key.clone(),
                unset: v.unset,
            })
            .collect(),
    });
    let rendered = (d.rendered.is_some() || d.template.is_some()).then(|| RenderedAt {
        environment: d.rendered.as_ref().map(|r| r.environment.as_str()),
        line: d.rendered.as_ref().map(|r| r.span.start.line),
        column: d.rendered.as_ref().map(|r| r.span.start.column),
        rendered_from: d.template.as_deref(),
    });
    Entry {
        rule: d.code,
        severity: d.severity,
        message: &d.message,
        object: d.object.as_ref(),
        location: d.location.as_ref().map(|l| Location {
            file: lossy(&l.file),
            line: l.span.start.line,
            column: l.span.start.column,
            end_line: l.span.end.line,
            end_column: l.span.end.column,
        }),
        environments: &d.environments,
        source,
        rendered,
        pointer: d.pointer.as_deref(),
        label: d.label.as_deref(),
        notes: &d.notes,
        help: d.help.as_deref(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures::{self, SECRET, SECRET_BASE64};

    fn findings(diagnostics: &[Diagnostic]) -> serde_json::Value {
        let out = render(diagnostics, Summary::default());
        let document: serde_json::Value = serde_json::from_str(&out).unwrap();
        document["findings"].clone()
    }

    #[test]
    fn traced_finding_has_its_template_helper_values_and_render() {
        insta::assert_json_snapshot!(findings(&[fixtures::traced()]));
    }

    #[test]
    fn template_only_finding_has_no_values() {
        let found = findings(&[fixtures::template_only()]);
        assert!(found[0]["source"].get("values").is_none(), "{found}");
        assert!(found[0]["source"]["template"].get("helper").is_none());
        insta::assert_json_snapshot!(found);
    }

    #[test]
    fn unset_key_is_marked() {
        let found = findings(&[fixtures::unset()]);
        assert_eq!(found[0]["source"]["values"][0]["unset"], true, "{found}");
    }

    #[test]
    fn untraced_render_finding_keeps_helms_template_name() {
        let found = findings(&[fixtures::untraced()]);
        assert!(found[0].get("source").is_none(), "{found}");
        assert_eq!(
            found[0]["rendered"],
            serde_json::json!({"rendered_from": "journal/templates/frontend-deployment.yaml"})
        );
        assert_eq!(found[0]["environments"], serde_json::json!(["prod"]));
    }

    #[test]
    fn plain_manifest_finding_has_no_source_or_render() {
        insta::assert_json_snapshot!(findings(&[fixtures::manifest()]));
    }

    #[test]
    fn a_secret_never_appears() {
        let out = render(&fixtures::all(), Summary::default());
        assert!(!out.contains(SECRET), "{out}");
        assert!(!out.contains(SECRET_BASE64), "{out}");
    }

    #[test]
    fn summary_counts_severities() {
        let out = render(&fixtures::all(), Summary::default());
        let document: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            document["summary"],
            serde_json::json!({"errors": 2, "warnings": 5, "notes": 0, "complete": false})
        );
    }
}
