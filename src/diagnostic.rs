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
    /// The chart template line that wrote the offending field (lint renders, once traced).
    pub written: Option<TemplateOrigin>,
    /// Every values key that decided the offending value (lint renders, once traced): the
    /// environment's files before the chart's defaults.
    pub values: Vec<ValueOrigin>,
    /// Where the finding is in the rendered output, once `location` is the template.
    pub rendered: Option<Rendered>,
    /// What tracing needs to know of the object a finding in a render is about.
    pub subject: Option<Subject>,
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
    /// The dotted key as the templates read it, e.g. `frontend.image.tag` (a subchart's keys
    /// under its name or alias, as the parent's values set them).
    pub key: String,
    /// The file is a chart's own `values.yaml` (the parent's or a subchart's), not one the user
    /// passed: a fix for one environment goes into the user's file.
    #[serde(skip)]
    pub chart_default: bool,
    /// The key is not set anywhere: `file:line` is the mapping where it would go.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unset: bool,
}

/// The place in a chart template that wrote a field of a rendered object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TemplateOrigin {
    /// The template file, as the user would open it (relative to the working directory when
    /// the chart is below it).
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    /// For a field written by `include`/`template` of a helper: where in the helper's file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub helper: Option<HelperOrigin>,
}

/// A line inside a named template (`{{ define "name" }}`), usually in a `_helpers.tpl`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HelperOrigin {
    pub name: String,
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

/// A position in one environment's rendered output: no file on disk, so always shown as such.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The environment whose render it is (`prod`, or `defaults` for the chart's values.yaml).
    pub environment: String,
    /// The key of the render's text in [`crate::sources::Sources`].
    pub label: PathBuf,
    pub span: Span,
}

/// The object a finding is about, as far as tracing needs it: which document of its template
/// it is, and the rendered offending value.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Subject {
    /// Its `# Source:` template, e.g. `journal/templates/frontend-deployment.yaml`.
    pub template: String,
    /// How many objects from the same template come before it in the render.
    pub document: usize,
    /// The object's `kind`, to find its document in a template that writes several.
    pub kind: String,
    /// For each list index along the finding's pointer, that item's `name`, when it has one:
    /// rendered list items are matched to template items by name before position.
    pub item_names: Vec<Option<String>>,
    /// The offending field's value, when it is a scalar.
    pub value: Option<serde_json::Value>,
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
            written: None,
            values: Vec::new(),
            rendered: None,
            subject: None,
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
