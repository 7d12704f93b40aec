//! The error type of YAML loading.

use super::Span;

/// What went wrong, for callers that act on it; the message says it for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum YamlErrorKind {
    /// The text is not YAML (tabs as indentation, unclosed quotes, bad indentation, …).
    Syntax,
    /// A mapping key appears twice; the span is the second occurrence.
    DuplicateKey,
    /// A key that cannot become a JSON object key: a mapping, a sequence or null.
    InvalidKey,
    /// A merge key (`<<`) whose value is not a mapping or a sequence of mappings.
    InvalidMerge,
    /// An alias that refers to a node containing it.
    RecursiveAlias,
    /// A scalar that does not match its explicit tag (`!!int abc`).
    TagMismatch,
    /// Nesting deeper than [`Limits::max_depth`](super::Limits::max_depth).
    TooDeep,
    /// More nodes or aliased bytes than [`Limits`](super::Limits) allow.
    TooLarge,
}

/// An error at a place in the text. Displays as `line:column: message`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}:{}: {message}", span.start.line, span.start.column)]
pub struct YamlError {
    pub kind: YamlErrorKind,
    pub message: String,
    pub span: Span,
}

impl YamlError {
    /// What usually causes this error, when the parser's words do not say it.
    pub fn hint(&self) -> Option<&'static str> {
        let message = self.message.as_str();
        if message.contains("multiline quoted scalar") || message.contains("unclosed quote") {
            Some("a quote opened on an earlier line is not closed")
        } else if message.contains("tabs disallowed") {
            Some("indent with spaces: YAML does not allow tabs there")
        } else if message.contains("mapping values are not allowed") {
            Some(
                "check the indentation of this line against the lines above, or quote a value that contains `: `",
            )
        } else if message.contains("unknown anchor") {
            Some("an alias (`*name`) must refer to an anchor (`&name`) defined before it")
        } else {
            None
        }
    }

    pub(crate) fn new(kind: YamlErrorKind, span: Span, message: impl Into<String>) -> Self {
        YamlError {
            kind,
            message: message.into(),
            span,
        }
    }
}
