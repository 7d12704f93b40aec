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
    pub(crate) fn new(kind: YamlErrorKind, span: Span, message: impl Into<String>) -> Self {
        YamlError {
            kind,
            message: message.into(),
            span,
        }
    }
}
