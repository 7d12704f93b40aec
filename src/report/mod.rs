//! Rendering diagnostics: rustc-like text with code frames, or stable JSON.

pub mod github;
pub mod json;
pub mod sarif;
pub mod text;

/// `n` and the noun, in the plural unless `n` is 1: `1 error`, `0 errors`, `3 values files`.
pub fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The closing line of a lint run: objects linted, errors and warnings (and notes, when any).
pub fn lint_summary(
    diagnostics: &[crate::diagnostic::Diagnostic],
    objects: usize,
    incomplete: bool,
) -> String {
    use crate::diagnostic::Severity;
    let count = |severity| {
        diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let mut line = format!(
        "linted {}: {}, {}",
        counted(objects, "object"),
        counted(count(Severity::Error), "error"),
        counted(count(Severity::Warning), "warning")
    );
    let notes = count(Severity::Note);
    if notes > 0 {
        line.push_str(&format!(", {}", counted(notes, "note")));
    }
    if incomplete {
        line.push_str("; some input could not be linted");
    }
    line
}

/// Output formats every command that reports diagnostics offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// rustc-like text with code frames.
    #[default]
    Text,
    /// One JSON document (stable shape, documented in the README).
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
}
