//! The stable JSON shape: `{"diagnostics": [...], "summary": {...}}`.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};

#[derive(Serialize)]
struct Document<'a> {
    diagnostics: Vec<Entry<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Entry<'a> {
    code: &'a str,
    severity: Severity,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<Location>,
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

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
}

/// Renders `diagnostics` about `files` checked files as one pretty JSON document.
pub fn render(diagnostics: &[Diagnostic], files: usize) -> String {
    let count = |severity| {
        diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let document = Document {
        diagnostics: diagnostics
            .iter()
            .map(|d| Entry {
                code: d.code,
                severity: d.severity,
                message: &d.message,
                location: d.location.as_ref().map(|l| Location {
                    file: l.file.to_string_lossy().into_owned(),
                    line: l.span.start.line,
                    column: l.span.start.column,
                    end_line: l.span.end.line,
                    end_column: l.span.end.column,
                }),
                pointer: d.pointer.as_deref(),
                label: d.label.as_deref(),
                notes: &d.notes,
                help: d.help.as_deref(),
            })
            .collect(),
        summary: Summary {
            files,
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
        },
    };
    let mut text = serde_json::to_string_pretty(&document).expect("plain data always serializes");
    text.push('\n');
    text
}
