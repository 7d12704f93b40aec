//! rustc-like text: a title, a code frame with the marked span, then `= note:` / `= help:`.
//!
//! A finding traced into a chart is shown where it is written: the template line (and the
//! helper's line, for a field an `include` wrote), then one small frame per values key that
//! decided the value. Where it is in the rendered output is a note, or with
//! [`Style::show_rendered`] a frame of the render (labelled as such: it is no file).

use std::borrow::Cow;
use std::ops::Range;
use std::path::Path;

use annotate_snippets::{AnnotationKind, Element, Group, Level, Origin, Renderer, Snippet};

use crate::diagnostic::{Diagnostic, Severity, ValueOrigin};
use crate::sources::Sources;

/// How text output looks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Style {
    /// ANSI colours and bold.
    pub color: bool,
    /// Also show the rendered lines each finding is on, as a frame (by default a note says
    /// where in the render it is).
    pub show_rendered: bool,
}

/// Renders every diagnostic, separated by blank lines.
pub fn render(diagnostics: &[Diagnostic], sources: &Sources, style: Style) -> String {
    let renderer = if style.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&renderer.render(&report(diagnostic, sources, style)));
        out.push_str("\n\n");
    }
    out
}

/// One diagnostic's report: the finding with its template (and helper) frames, notes and help,
/// then a group per values origin, with its frame.
fn report<'a>(diagnostic: &'a Diagnostic, sources: &'a Sources, style: Style) -> Vec<Group<'a>> {
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
        match sources.get(&location.file) {
            Some(text) => {
                let span = location.span.start.offset..location.span.end.offset;
                // In a template, the secret can only be there literally; elsewhere (a manifest,
                // a render) the marked value is the secret.
                let secret = match diagnostic.redact {
                    false => Secret::None,
                    true if diagnostic.written.is_some() => Secret::Template,
                    true => Secret::Span,
                };
                let (source, span) = lines(text, span, secret);
                let mut annotation = AnnotationKind::Primary.span(span);
                if let Some(label) = &diagnostic.label {
                    annotation = annotation.label(label.as_str());
                }
                group = group.element(
                    Snippet::source(source)
                        .line_start(location.span.start.line)
                        .path(location.file.to_string_lossy())
                        .fold(true)
                        .annotation(annotation),
                );
            }
            None => {
                group = group.element(
                    Origin::path(location.file.to_string_lossy())
                        .line(location.span.start.line)
                        .char_column(location.span.start.column),
                );
            }
        }
    }
    if let Some(helper) = diagnostic.written.as_ref().and_then(|w| w.helper.as_ref()) {
        let label = format!("in helper `{}`", helper.name);
        let secret = if diagnostic.redact {
            Secret::Template
        } else {
            Secret::None
        };
        group = group.element(frame(
            sources,
            &helper.file.to_string_lossy(),
            (helper.line, helper.column),
            Mark::Action,
            secret,
            (AnnotationKind::Context, Some(label)),
        ));
    }
    let mut rendered_note = None;
    if let Some(rendered) = &diagnostic.rendered {
        let path = format!("(rendered for {})", rendered.environment);
        match sources.get(&rendered.label) {
            Some(text) if style.show_rendered => {
                let span = rendered.span.start.offset..rendered.span.end.offset;
                let secret = if diagnostic.redact {
                    Secret::Span
                } else {
                    Secret::None
                };
                let (source, span) = lines(text, span, secret);
                group = group.element(
                    Snippet::source(source)
                        .line_start(rendered.span.start.line)
                        .path(path)
                        .fold(true)
                        .annotation(AnnotationKind::Context.span(span).label("rendered here")),
                );
            }
            _ => {
                rendered_note = Some(format!(
                    "rendered for {} at line {}, column {}",
                    rendered.environment, rendered.span.start.line, rendered.span.start.column
                ));
            }
        }
    }
    let mut messages = Vec::new();
    if let Some(note) = rendered_note {
        messages.push(Level::NOTE.message(note));
    }
    if let Some(object) = &diagnostic.object {
        let mut about = format!("in {}/{}", object.kind, object.name);
        if !object.namespace.is_empty() {
            about = format!("in {}/{}/{}", object.kind, object.namespace, object.name);
        }
        if let (Some(template), None) = (&diagnostic.template, &diagnostic.written) {
            about.push_str(&format!(", rendered from {template}"));
        }
        messages.push(Level::NOTE.message(about));
    }
    if !diagnostic.environments.is_empty() {
        let environments = diagnostic.environments.join(", ");
        messages.push(Level::NOTE.message(format!("environments: {environments}")));
    }
    for note in &diagnostic.notes {
        messages.push(Level::NOTE.message(note.as_str()));
    }
    if let Some(help) = &diagnostic.help {
        messages.push(Level::HELP.message(help.as_str()));
    }
    let mut groups = vec![group.elements(messages)];
    for origin in &diagnostic.values {
        let secret = if diagnostic.redact {
            Secret::Value
        } else {
            Secret::None
        };
        groups.push(
            Group::with_title(Level::NOTE.secondary_title(set_by(origin))).element(frame(
                sources,
                &origin.file.to_string_lossy(),
                (origin.line, origin.column),
                // From the key, so the frame's position is the one JSON and SARIF give.
                Mark::Entry,
                secret,
                (AnnotationKind::Primary, None),
            )),
        );
    }

    groups
}

/// The title of a values origin's frame.
fn set_by(origin: &ValueOrigin) -> String {
    if origin.unset {
        format!("not set; `{}` would set it", origin.key)
    } else if origin.chart_default {
        format!("set by the chart's default `{}`", origin.key)
    } else {
        format!("set by `{}`", origin.key)
    }
}

/// What a frame at a `line:column` (with no end) marks.
#[derive(Clone, Copy)]
enum Mark {
    /// The template action there (`{{ … }}`), else the rest of the line.
    Action,
    /// The values entry there (`key: value`), to the end of its line.
    Entry,
}

/// What of a frame's text is masked, for a secret.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Secret {
    None,
    /// The marked span.
    Span,
    /// From the marked span to the end of its line, unless that is only template actions
    /// with no literal in them (the value is then not in the template).
    Template,
    /// The value of the marked `key: value` entry.
    Value,
}

/// A frame of the line at `line:column` of `file`, marked (as `mark` says) with an annotation
/// of `kind` and `label`; only where it is when the file's text is not known.
fn frame<'a>(
    sources: &'a Sources,
    file: &str,
    (line, column): (usize, usize),
    mark: Mark,
    secret: Secret,
    (kind, label): (AnnotationKind, Option<String>),
) -> Element<'a> {
    let Some((text, at)) = sources
        .get(Path::new(file))
        .and_then(|text| Some((text, offset(text, line, column)?)))
    else {
        return Origin::path(file.to_owned())
            .line(line)
            .char_column(column)
            .into();
    };
    // Only the line itself: the renderer's work does not grow with the file.
    let from = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let eol = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let rest = &text[at..eol];
    let entry = rest.trim_end().len();
    // A value starts after its key's `:` (one followed by a space or the line's end); with
    // none, the line is all value (a list item).
    let bytes = rest.as_bytes();
    let value = (0..bytes.len())
        .find(|&i| bytes[i] == b':' && bytes.get(i + 1).is_none_or(|b| *b == b' '))
        .map_or(0, |i| i + 1);
    let value = value + (rest[value..].len() - rest[value..].trim_start().len());
    let (start, end) = match mark {
        Mark::Action if rest.starts_with("{{") => {
            (at, at + rest.find("}}").map_or(rest.len(), |i| i + 2))
        }
        _ => (at, at + entry),
    };
    let masked = match secret {
        Secret::Value => Some(at + value..eol),
        other => mask_range(text, start..end, other),
    };
    let source = match masked {
        Some(masked) => Cow::Owned(mask(
            &text[from..eol],
            masked.start - from,
            masked.end.min(eol) - from,
        )),
        None => Cow::Borrowed(&text[from..eol]),
    };
    let mut annotation = kind.span(start - from..end - from);
    if let Some(label) = label {
        annotation = annotation.label(label);
    }
    Snippet::source(source)
        .line_start(line)
        .path(file.to_owned())
        .fold(true)
        .annotation(annotation)
        .into()
}

/// The byte range of `text` to mask for `secret` when `span` is marked.
fn mask_range(text: &str, span: Range<usize>, secret: Secret) -> Option<Range<usize>> {
    match secret {
        Secret::None => None,
        Secret::Span | Secret::Value => Some(span),
        Secret::Template => {
            let eol = text[span.start..]
                .find('\n')
                .map_or(text.len(), |i| span.start + i);
            let end = span.end.max(eol);
            literal(&text[span.start..end]).then_some(span.start..end)
        }
    }
}

/// Whether template source could hold a value literally: any text outside `{{ … }}` actions,
/// or a quoted literal inside one.
fn literal(text: &str) -> bool {
    let mut rest = text;
    loop {
        let Some(open) = rest.find("{{") else {
            return !rest.trim().is_empty();
        };
        if !rest[..open].trim().is_empty() {
            return true;
        }
        let Some(close) = rest[open..].find("}}") else {
            return true;
        };
        if without_helper_names(&rest[open..open + close]).contains(['"', '`', '\'']) {
            return true;
        }
        rest = &rest[open + close + 2..];
    }
}

/// An action's text without the names of the helpers it calls (`include "journal.image"`):
/// those are no values.
fn without_helper_names(action: &str) -> String {
    let mut out = String::with_capacity(action.len());
    let mut rest = action;
    while let Some(at) = ["include \"", "template \""]
        .iter()
        .filter_map(|call| Some((rest.find(call)?, call.len())))
        .min()
    {
        let (at, len) = at;
        let name = at + len;
        let Some(end) = rest[name..].find('"') else {
            break;
        };
        out.push_str(&rest[..name - 1]);
        rest = &rest[name + end + 1..];
    }
    out.push_str(rest);
    out
}

/// The lines of `text` that `span` (byte offsets) covers, with the span moved into them; what
/// `secret` says masked.
fn lines(text: &str, span: Range<usize>, secret: Secret) -> (Cow<'_, str>, Range<usize>) {
    let start = floor(text, span.start);
    let end = floor(text, span.end.clamp(start, text.len()));
    let from = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let to = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let source = match mask_range(text, start..end, secret) {
        Some(masked) => Cow::Owned(mask(
            &text[from..to],
            masked.start - from,
            masked.end.min(to) - from,
        )),
        None => Cow::Borrowed(&text[from..to]),
    };
    (source, start - from..end - from)
}

/// `offset`, or the char boundary before it, within `text`.
fn floor(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The byte offset of 1-based `line` and character `column` (a byte-order mark not counted),
/// when the text has that line.
fn offset(text: &str, line: usize, column: usize) -> Option<usize> {
    let start = match line {
        0 | 1 => text
            .strip_prefix('\u{feff}')
            .map_or(0, |_| '\u{feff}'.len_utf8()),
        _ => text.match_indices('\n').nth(line - 2)?.0 + 1,
    };
    let eol = text[start..].find('\n').map_or(text.len(), |i| start + i);
    Some(
        text[start..eol]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(eol, |(i, _)| start + i),
    )
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures::{self, SECRET, SECRET_BASE64};

    fn plain(diagnostics: &[Diagnostic]) -> String {
        render(diagnostics, &fixtures::sources(), Style::default())
    }

    #[test]
    fn traced_finding_shows_template_helper_and_values_frames() {
        insta::assert_snapshot!(plain(&[fixtures::traced()]));
    }

    #[test]
    fn show_rendered_adds_a_frame_of_the_render_labelled_as_such() {
        let style = Style {
            color: false,
            show_rendered: true,
        };
        let out = render(&[fixtures::traced()], &fixtures::sources(), style);
        assert!(!out.contains("rendered for prod at line"), "{out}");
        insta::assert_snapshot!(out);
    }

    #[test]
    fn template_only_finding() {
        insta::assert_snapshot!(plain(&[fixtures::template_only()]));
    }

    #[test]
    fn unset_key_shows_where_it_would_go() {
        insta::assert_snapshot!(plain(&[fixtures::unset()]));
    }

    #[test]
    fn untraced_render_finding_is_shown_in_the_render_as_before() {
        insta::assert_snapshot!(plain(&[fixtures::untraced()]));
    }

    #[test]
    fn plain_manifest_finding() {
        insta::assert_snapshot!(plain(&[fixtures::manifest()]));
    }

    #[test]
    fn files_without_text_are_named_with_their_position() {
        let out = render(&[fixtures::traced()], &Sources::default(), Style::default());
        insta::assert_snapshot!(out);
    }

    #[test]
    fn a_secret_never_appears_in_any_frame() {
        let style = Style {
            color: false,
            show_rendered: true,
        };
        for diagnostic in [fixtures::secret_traced(), fixtures::secret_manifest()] {
            for style in [Style::default(), style] {
                let out = render(
                    std::slice::from_ref(&diagnostic),
                    &fixtures::sources(),
                    style,
                );
                assert!(!out.contains(SECRET), "{out}");
                assert!(!out.contains(SECRET_BASE64), "{out}");
                assert!(!out.contains("hunter"), "{out}");
            }
        }
        let style = Style {
            color: false,
            show_rendered: true,
        };
        let out = render(&[fixtures::secret_traced()], &fixtures::sources(), style);
        // The template action reads the value: it is no secret, and shows where it is used.
        assert!(
            out.contains("{{ .Values.redis.password | b64enc }}"),
            "{out}"
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn a_secret_written_literally_in_a_template_is_masked() {
        let mut sources = fixtures::sources();
        let template = "chart/templates/literal.yaml";
        let text = "data:\n  password: {{ \"hunter2-swordfish\" | b64enc }}\n";
        sources.insert(template, text);
        let mut d = fixtures::secret_traced();
        let at = fixtures::span(text, "{{", 0);
        d.location = Some(crate::diagnostic::Location {
            file: template.into(),
            span: fixtures::span(text, "{{ \"hunter2-swordfish\" | b64enc }}", 0),
        });
        if let Some(written) = &mut d.written {
            written.file = template.into();
            written.line = at.start.line;
            written.column = at.start.column;
        }
        let out = render(&[d], &sources, Style::default());
        assert!(!out.contains("hunter"), "{out}");
        assert!(out.contains("password: ****"), "{out}");
    }

    #[test]
    fn colour_is_only_added_when_asked() {
        let style = Style {
            color: true,
            show_rendered: false,
        };
        let out = render(&[fixtures::traced()], &fixtures::sources(), style);
        assert!(out.contains('\u{1b}'));
        assert!(!plain(&[fixtures::traced()]).contains('\u{1b}'));
    }

    #[test]
    fn template_literals_are_told_from_actions() {
        assert!(!literal("{{ .Values.a | b64enc }}"));
        assert!(!literal("{{- .Values.a }} {{ .Values.b }}  "));
        assert!(literal("hunter2"));
        assert!(literal("{{ .Values.a }}x"));
        assert!(literal("{{ \"x\" }}"));
        assert!(!literal("{{ include \"web.password\" . | quote }}"));
        assert!(!literal(
            "{{- template \"a\" . }}{{ include \"b\" .Values.c }}"
        ));
        assert!(literal("{{ include \"web.password\" . | default \"x\" }}"));
        assert!(literal("{{ include \"web.password }}"));
        assert!(literal("{{ .Values.a"));
    }

    #[test]
    fn offsets_of_lines_and_columns() {
        let text = "\u{feff}ab\ncé:d\n";
        assert_eq!(offset(text, 1, 1), Some(3));
        assert_eq!(offset(text, 2, 3), Some(text.find(':').unwrap()));
        assert_eq!(offset(text, 2, 99), Some(text.len() - 1));
        assert_eq!(offset(text, 9, 1), None);
    }
}
