//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per finding,
//! shown as annotations on the pull request.

use crate::diagnostic::{Diagnostic, Severity};

pub fn render(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut properties = vec![format!("title={}", property(d.code))];
        if let Some((file, line)) = &d.template_file {
            properties.insert(
                0,
                format!("file={},line={line}", property(&file.to_string_lossy())),
            );
        } else if let Some(location) = &d.location {
            let span = location.span;
            properties.insert(
                0,
                format!(
                    "file={},line={},col={},endLine={},endColumn={}",
                    property(&location.file.to_string_lossy()),
                    span.start.line,
                    span.start.column,
                    span.end.line,
                    span.end.column
                ),
            );
        }
        let mut message = d.message.clone();
        if let Some(object) = &d.object {
            message.push_str(&format!(" ({}/{})", object.kind, object.name));
        }
        for note in &d.notes {
            message.push_str(&format!("\n{note}"));
        }
        if let Some(help) = &d.help {
            message.push_str(&format!("\nhelp: {help}"));
        }
        out.push_str(&format!(
            "::{command} {}::{}\n",
            properties.join(","),
            data(&message)
        ));
    }
    out
}

/// Escapes a message the way the runner expects.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: data escapes plus `:` and `,`.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}
