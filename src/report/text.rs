//! rustc-like text: a title, a code frame with the marked span, then `= note:` / `= help:`.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::diagnostic::{Diagnostic, Severity};
use crate::sources::Sources;

/// Renders every diagnostic, separated by blank lines. `color` adds ANSI styles.
pub fn render(diagnostics: &[Diagnostic], sources: &Sources, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for diagnostic in diagnostics {
        let source = diagnostic
            .location
            .as_ref()
            .and_then(|l| Some((l, sources.get(&l.file)?)));
        // A secret is masked in a copy of its file, so offsets still hold.
        let masked = source
            .filter(|_| diagnostic.redact)
            .map(|(l, text)| mask(text, l.span.start.offset, l.span.end.offset));
        let text = masked.as_deref().or(source.map(|(_, text)| text));
        out.push_str(&renderer.render(&report(diagnostic, text)).to_string());
        out.push_str("\n\n");
    }
    out
}

/// One diagnostic's report; `text` is the file its location points into, when known.
fn report<'a>(diagnostic: &'a Diagnostic, text: Option<&'a str>) -> Vec<Group<'a>> {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    };
    let mut group = Group::with_title(
        level
            .primary_title(diagnostic.message.as_str())
            .id(diagnostic.code),
    );
    if let Some(location) = &diagnostic.location {
        match text {
            Some(text) => {
                let start = location.span.start.offset.min(text.len());
                let end = location.span.end.offset.clamp(start, text.len());
                // Only the lines the span covers: the renderer's work then does not grow with
                // the file (a render can be megabytes, with many findings in it).
                let from = text[..start].rfind('\n').map_or(0, |i| i + 1);
                let to = text[end..].find('\n').map_or(text.len(), |i| end + i);
                let text = &text[from..to];
                let mut annotation = AnnotationKind::Primary.span(start - from..end - from);
                if let Some(label) = &diagnostic.label {
                    annotation = annotation.label(label.as_str());
                }
                group = group.element(
                    Snippet::source(text)
                        .line_start(location.span.start.line)
                        .path(location.file.to_string_lossy())
                        .fold(true)
                        .annotation(annotation),
                );
            }
            None => {
                let at = format!(
                    "at {}:{}:{}",
                    location.file.display(),
                    location.span.start.line,
                    location.span.start.column
                );
                group = group.element(Level::NOTE.message(at));
            }
        }
    }
    if let Some(object) = &diagnostic.object {
        let mut about = format!("in {}/{}", object.kind, object.name);
        if !object.namespace.is_empty() {
            about = format!("in {}/{}/{}", object.kind, object.namespace, object.name);
        }
        if let Some(template) = &diagnostic.template {
            about.push_str(&format!(", rendered from {template}"));
        }
        group = group.element(Level::NOTE.message(about));
    }
    if let Some(values) = &diagnostic.values {
        let at = format!(
            "the value comes from `{}` at {}:{}:{}",
            values.key,
            values.file.display(),
            values.line,
            values.column
        );
        group = group.element(Level::NOTE.message(at));
    }
    if !diagnostic.environments.is_empty() {
        let environments = diagnostic.environments.join(", ");
        group = group.element(Level::NOTE.message(format!("environments: {environments}")));
    }
    for note in &diagnostic.notes {
        group = group.element(Level::NOTE.message(note.as_str()));
    }
    if let Some(help) = &diagnostic.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    vec![group]
}

/// `text` with the bytes in `start..end` replaced by `*` (same length, so offsets still hold).
fn mask(text: &str, start: usize, end: usize) -> String {
    let (start, end) = (start.min(text.len()), end.min(text.len()));
    let mut out = String::with_capacity(text.len());
    for (offset, c) in text.char_indices() {
        if (start..end).contains(&offset) && !c.is_whitespace() {
            out.extend(std::iter::repeat_n('*', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    out
}
