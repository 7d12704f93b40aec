//! Findings and errors as data: what the reporters render as text or JSON.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::codes::Problem;
use crate::lint::rule::Rule;
use crate::yaml::Span;

/// How bad a finding is: in output, in `.chartcheck.yaml` (`severity:`, `fail-on:`) and in
/// `--fail-on`, by the same lowercase names.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub span: Span,
}

/// One finding or error, with everything needed to show it in a code frame.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// A stable kebab-case identifier, e.g. `unknown-key`.
    pub code: &'static str,
    pub severity: Severity,
    /// One line saying what is wrong.
    pub message: String,
    /// Where; absent when the problem has no position (a missing file).
    pub location: Option<Location>,
    /// Short text shown under the marked span.
    pub label: Option<String>,
    /// The JSON pointer of the value concerned, when there is one.
    pub pointer: Option<String>,
    /// Facts that explain the message (`= note:`).
    pub notes: Vec<String>,
    /// What to do about it (`= help:`).
    pub help: Option<String>,
    /// The Kubernetes object concerned (lint).
    pub object: Option<ObjectRef>,
    /// The chart template it was rendered from (lint).
    pub template: Option<String>,
    /// The environments that share this finding (lint over several renders).
    pub environments: Vec<String>,
    /// The chart template as a file of the repository, and the line in it of the offending
    /// key when it could be found there; where code scanning places a finding in a render.
    pub template_file: Option<(PathBuf, usize)>,
    /// The values key that set the offending value, when it could be traced (lint renders).
    pub values: Option<ValueOrigin>,
    /// The part of the offending value that is the problem (the `latest` of `app:latest`), for
    /// tracing it to a values key.
    pub culprit: Option<String>,
    /// The marked text is a secret: code frames show it masked.
    pub redact: bool,
}

/// A values key and where it is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValueOrigin {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    /// The dotted key, e.g. `frontend.image.tag`.
    pub key: String,
}

/// A Kubernetes object by kind, namespace and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectRef {
    pub kind: String,
    pub namespace: String,
    pub name: String,
}

impl Diagnostic {
    /// A problem that stopped something from being checked, or a values error: registered in
    /// [`crate::codes`], so `explain` and SARIF know it.
    pub fn error(problem: &'static Problem, message: impl Into<String>) -> Self {
        Self::new(problem.id, problem.severity, message)
    }

    /// A lint rule's finding, at the rule's default severity.
    pub fn finding(rule: &'static Rule, message: impl Into<String>) -> Self {
        Self::new(rule.id, rule.severity, message)
    }

    fn new(code: &'static str, severity: Severity, message: impl Into<String>) -> Self {
        Self {
            code,
            severity,
            message: message.into(),
            location: None,
            label: None,
            pointer: None,
            notes: Vec::new(),
            help: None,
            object: None,
            template: None,
            environments: Vec::new(),
            template_file: None,
            values: None,
            culprit: None,
            redact: false,
        }
    }

    pub fn at(mut self, file: impl Into<PathBuf>, span: Span) -> Self {
        self.location = Some(Location {
            file: file.into(),
            span,
        });
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}
