//! The stable JSON shape shared by every command that reports findings:
//! `{"findings": [...], "summary": {...}}`. Fields with nothing to say are left out.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, ObjectRef, Severity, ValueOrigin};

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
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<Source<'a>>,
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

/// Where a finding in a render came from.
#[derive(Serialize)]
struct Source<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    template: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    environments: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    values: Option<&'a ValueOrigin>,
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
    let has_source = d.template.is_some() || !d.environments.is_empty() || d.values.is_some();
    Entry {
        rule: d.code,
        severity: d.severity,
        message: &d.message,
        object: d.object.as_ref(),
        location: d.location.as_ref().map(|l| Location {
            file: l.file.to_string_lossy().into_owned(),
            line: l.span.start.line,
            column: l.span.start.column,
            end_line: l.span.end.line,
            end_column: l.span.end.column,
        }),
        source: has_source.then(|| Source {
            template: d.template.as_deref(),
            environments: &d.environments,
            values: d.values.as_ref(),
        }),
        pointer: d.pointer.as_deref(),
        label: d.label.as_deref(),
        notes: &d.notes,
        help: d.help.as_deref(),
    }
}
