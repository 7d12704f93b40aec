//! Span-aware YAML loading.
//!
//! [`load_str`] parses a YAML stream into our own tree ([`Node`]) in which every node, and every
//! mapping key, knows where it came from, so that a caller can report `values/prod.yaml:14:5`.
//!
//! Scalars are typed the way Helm types values files: Helm reads them with `sigs.k8s.io/yaml`,
//! which uses go-yaml v2 and so YAML 1.1 rules (`yes`/`no`/`on`/`off` are booleans, `010` is
//! octal, …). `scalar.rs` documents the exact table and the few deviations.
//!
//! Events come from `granit-parser` (panic-free, fuzzed, spans on every event); it is the
//! parser `serde-saphyr` already builds on, so using it costs no second YAML parser.
//!
//! Inputs are bounded by [`Limits`]: nesting depth, total nodes (alias and merge-key expansions
//! included, so a "billion laughs" document fails fast) and bytes copied by aliases. Because
//! every loaded tree is at most [`Limits::max_depth`] deep, the recursive walks in this module
//! ([`Node::to_json`], `Drop`) are bounded by it too.

mod error;
mod json;
mod load;
mod pointer;
mod scalar;
#[cfg(test)]
mod tests;
mod text;

use std::fmt;

pub use error::{YamlError, YamlErrorKind};
pub use load::load_str;
pub use pointer::{Located, escape_token, unescape_token};
pub use text::{NotText, decode};

/// A place in the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters (a leading byte-order mark is not counted).
    pub column: usize,
    /// 0-based byte offset into the text given to [`load_str`] (a byte-order mark counts).
    pub offset: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A range of the source text: `start` inclusive, `end` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub start: Position,
    pub end: Position,
}

impl fmt::Display for Span {
    /// Shows where the span starts, as `line:column`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.start.fmt(f)
    }
}

/// The data of a node.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// An integer that fits `i64`. Larger integers are loaded as [`Value::Float`], as they
    /// end up as `float64` in Helm.
    Int(i64),
    Float(f64),
    String(String),
    Seq(Vec<Node>),
    /// Entries in source order; keys are unique.
    Map(Vec<Entry>),
}

impl Value {
    /// The JSON type name of this value, for messages: `null`, `boolean`, `integer`, `number`,
    /// `string`, `array` or `object`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Float(_) => "number",
            Value::String(_) => "string",
            Value::Seq(_) => "array",
            Value::Map(_) => "object",
        }
    }
}

/// A value and where it is written.
///
/// A node copied by an alias (`*name`) has the alias's span; the nodes inside it keep the
/// spans of the anchored original, which is where their text is.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

/// One member of a mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key as Helm sees it: non-string scalar keys are converted (`1` → `"1"`,
    /// `yes` → `"true"`).
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

/// One document of a YAML stream.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The content; [`Value::Null`] for a document with no content.
    pub root: Node,
    /// From the document's first token (or `---`) to its end.
    pub span: Span,
}

/// Resource limits for [`load_str`]. Exceeding one is an error, never a panic or an
/// unbounded allocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Maximum nesting of sequences and mappings (the root collection is depth 1), counted
    /// after alias expansion.
    pub max_depth: usize,
    /// Maximum number of nodes (scalars, collections and mapping keys) materialised for the
    /// whole stream, including copies made for anchors, aliases and merge keys.
    pub max_nodes: usize,
    /// Maximum bytes of string and key text copied by alias expansion.
    pub max_alias_bytes: usize,
}

impl Default for Limits {
    /// Depth 256, 2,000,000 nodes, 64 MiB of aliased text: far above any real values file or
    /// rendered chart, far below what would exhaust memory.
    fn default() -> Self {
        Limits {
            max_depth: 256,
            max_nodes: 2_000_000,
            max_alias_bytes: 64 << 20,
        }
    }
}

impl Node {
    /// The value of member `key` when this node is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|e| e.key == key).map(|e| &e.value),
            _ => None,
        }
    }
}
