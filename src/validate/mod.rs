//! `validate`: values files against the chart's values.schema.json, merged exactly as Helm
//! merges them, with every error located in the file that caused it.

mod explain;
pub mod merge;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::sources::Sources;
use crate::yaml::{self, Limits, Node};
use explain::{Context, explain, explain_violations};
use merge::Layer;

pub use explain::display_key;
pub(crate) use explain::{closest, describe, expected_types};

/// What a validation run found.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Errors, sorted by file and position, each reported once.
    pub diagnostics: Vec<Diagnostic>,
    /// Texts of the files read, for code frames.
    pub sources: Sources,
    /// How many values files were read and checked (the chart's defaults included).
    pub files: usize,
    /// How many given values files could not be read or parsed.
    pub unread: usize,
    /// True when something could not be checked at all (missing file, broken YAML, no
    /// schema): the caller must not report "valid".
    pub incomplete: bool,
}

impl Outcome {
    /// Records a problem that stopped a file or the schema from being checked.
    fn fail(&mut self, diagnostic: Diagnostic) {
        self.incomplete = true;
        self.diagnostics.push(diagnostic);
    }
}

/// Validates the chart's defaults, and each of `files` merged over them as its own environment
/// (like `helm install -f FILE`). Every file is read and checked even when others fail.
pub fn validate(chart: &Path, files: &[PathBuf]) -> Outcome {
    let mut outcome = Outcome::default();
    let defaults_path = chart.join("values.yaml");
    let schema = read_schema(&chart.join("values.schema.json"), &mut outcome);
    let defaults = read_values(&defaults_path, &mut outcome);
    let environments: Vec<Option<Vec<Node>>> = files
        .iter()
        .map(|file| read_values(file, &mut outcome))
        .collect();
    let (Some((schema, validator)), Some(defaults)) = (schema, defaults) else {
        return finish(outcome);
    };

    let paths: Vec<PathBuf> = std::iter::once(defaults_path)
        .chain(files.iter().cloned())
        .collect();
    let default_layers: Vec<Layer<'_>> = defaults.iter().map(|node| (0, node)).collect();
    let schema = Schema {
        value: &schema,
        validator: &validator,
        defaults: &default_layers,
        paths: &paths,
    };
    schema.check(&[], &mut outcome);
    for (index, documents) in environments.iter().enumerate() {
        if let Some(documents) = documents {
            let layers: Vec<Layer<'_>> = documents.iter().map(|node| (index + 1, node)).collect();
            schema.check(&layers, &mut outcome);
        }
    }
    finish(outcome)
}

/// What values are checked against: the schema, the chart's defaults, and the files' paths
/// (index 0 the defaults) for messages.
struct Schema<'a> {
    value: &'a Value,
    validator: &'a jsonschema::Validator,
    defaults: &'a [Layer<'a>],
    paths: &'a [PathBuf],
}

impl Schema<'_> {
    /// Checks `layers` merged over the defaults, as Helm merges them.
    fn check(&self, layers: &[Layer<'_>], outcome: &mut Outcome) {
        let merged = merge::coalesce(self.defaults, layers);
        let context = Context {
            merged: &merged,
            files: self.paths,
            schema: self.value,
        };
        let before = outcome.diagnostics.len();
        for error in self.validator.iter_errors(&merged.value) {
            outcome.diagnostics.extend(explain(&context, &error));
        }
        if outcome.diagnostics.len() == before {
            outcome.diagnostics.extend(explain_violations(&context));
        }
    }
}

/// A chart's schema and defaults in memory, to check values texts against without reading
/// files (the fuzz target's way in).
pub struct InMemory {
    schema: Value,
    validator: jsonschema::Validator,
    defaults: Vec<Node>,
}

impl InMemory {
    /// # Errors
    /// A schema that is not JSON or not a usable JSON Schema, or defaults that are not values.
    pub fn new(schema: &str, defaults: &str) -> Result<Self, String> {
        let schema: Value = serde_json::from_str(schema).map_err(|e| e.to_string())?;
        let validator = compile(&schema).map_err(|e| e.to_string())?;
        let mut outcome = Outcome::default();
        let defaults = parse_values(Path::new("values.yaml"), defaults.to_owned(), &mut outcome)
            .ok_or_else(|| format!("{:?}", outcome.diagnostics))?;
        Ok(Self {
            schema,
            validator,
            defaults,
        })
    }

    /// Checks `text`, as the values file `path`, merged over the defaults.
    pub fn check(&self, path: &Path, text: &str) -> Outcome {
        let mut outcome = Outcome::default();
        let paths = [PathBuf::from("values.yaml"), path.to_path_buf()];
        if let Some(documents) = parse_values(path, text.to_owned(), &mut outcome) {
            let defaults: Vec<Layer<'_>> = self.defaults.iter().map(|node| (0, node)).collect();
            let layers: Vec<Layer<'_>> = documents.iter().map(|node| (1, node)).collect();
            let schema = Schema {
                value: &self.schema,
                validator: &self.validator,
                defaults: &defaults,
                paths: &paths,
            };
            schema.check(&layers, &mut outcome);
        }
        finish(outcome)
    }
}

/// Each of `files` merged over the chart's defaults, as Helm hands them to the templates;
/// `None` for a file that could not be read, and the outcome says why.
pub fn effective_values(chart: &Path, files: &[PathBuf]) -> (Vec<Option<Value>>, Outcome) {
    let mut outcome = Outcome::default();
    let defaults = read_values(&chart.join("values.yaml"), &mut outcome).unwrap_or_default();
    let default_layers: Vec<Layer<'_>> = defaults.iter().map(|node| (0, node)).collect();
    let merged = files
        .iter()
        .map(|file| {
            let documents = read_values(file, &mut outcome)?;
            let layers: Vec<Layer<'_>> = documents.iter().map(|node| (1, node)).collect();
            Some(merge::coalesce(&default_layers, &layers).value)
        })
        .collect();
    (merged, outcome)
}

fn finish(mut outcome: Outcome) -> Outcome {
    let key = |d: &Diagnostic| {
        let location = d
            .location
            .as_ref()
            .map(|l| (l.file.clone(), l.span.start.offset));
        (location, d.code, d.message.clone())
    };
    outcome.diagnostics.sort_by_key(key);
    // An error in the chart's defaults shows up in every environment; report it once.
    outcome.diagnostics.dedup_by(|a, b| key(a) == key(b));
    outcome
}

fn compile(schema: &Value) -> Result<jsonschema::Validator, jsonschema::ValidationError<'static>> {
    // Helm matches patterns with Go's regexp, which never backtracks; so does `regex`.
    jsonschema::options()
        .with_pattern_options(jsonschema::PatternOptions::regex())
        .build(schema)
}

/// Reads and compiles the chart's schema; records why when it cannot.
fn read_schema(path: &Path, outcome: &mut Outcome) -> Option<(Value, jsonschema::Validator)> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) => {
            let message = format!("cannot read {}: {err}", path.display());
            outcome.fail(
                Diagnostic::error(&codes::NO_SCHEMA, message)
                    .note("values are validated against the chart's values.schema.json")
                    .help("check that --chart (or `chart:` in .chartcheck.yaml) names the chart; a chart without a schema has nothing to validate values against"),
            );
            return None;
        }
    };
    let schema: Value = match serde_json::from_str(&text) {
        Ok(schema) => schema,
        Err(err) => {
            let message = format!("{} is not valid JSON: {err}", path.display());
            outcome.fail(Diagnostic::error(&codes::BAD_SCHEMA, message));
            return None;
        }
    };
    match compile(&schema) {
        Ok(validator) => Some((schema, validator)),
        Err(err) => {
            let message = format!("{} is not a usable JSON Schema: {err}", path.display());
            outcome.fail(Diagnostic::error(&codes::BAD_SCHEMA, message));
            None
        }
    }
}

/// Reads a values file: its documents that hold values, or None when it cannot be used (the
/// reason is recorded). Empty documents are dropped, as Helm ignores them.
fn read_values(path: &Path, outcome: &mut Outcome) -> Option<Vec<Node>> {
    let values = read_values_text(path, outcome).and_then(|text| parse_values(path, text, outcome));
    match values {
        Some(_) => outcome.files += 1,
        None => outcome.unread += 1,
    }
    values
}

fn read_values_text(path: &Path, outcome: &mut Outcome) -> Option<String> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => {
            let message = format!("cannot read {}: {err}", path.display());
            outcome.fail(Diagnostic::error(&codes::UNREADABLE, message));
            return None;
        }
    };
    let text = match yaml::decode(bytes) {
        Ok(text) => text,
        Err(not_text) => {
            let message = format!("{} {}", path.display(), not_text.message);
            outcome.fail(Diagnostic::error(&codes::NOT_UTF8, message).at(path, not_text.span));
            outcome.sources.insert(path, not_text.lossy);
            return None;
        }
    };
    Some(text)
}

/// The documents of a values text that hold values; None when it cannot be used.
fn parse_values(path: &Path, text: String, outcome: &mut Outcome) -> Option<Vec<Node>> {
    let loaded = yaml::load_str(&text, &Limits::default());
    outcome.sources.insert(path, text);
    let documents = match loaded {
        Ok(documents) => documents,
        Err(err) => {
            let message = format!("{} is not valid YAML", path.display());
            let mut diagnostic = Diagnostic::error(&codes::YAML_SYNTAX, message)
                .at(path, err.span)
                .label(err.message.clone());
            if let Some(hint) = err.hint() {
                diagnostic = diagnostic.help(hint);
            }
            outcome.fail(diagnostic);
            return None;
        }
    };
    let mut values = Vec::new();
    for document in documents {
        match &document.root.value {
            yaml::Value::Null => {}
            yaml::Value::Map(_) => values.push(document.root),
            other => {
                let message = format!(
                    "a values file must be a mapping of keys to values, found {}",
                    other.type_name()
                );
                outcome.fail(
                    Diagnostic::error(&codes::NOT_A_MAPPING, message)
                        .at(path, document.root.span)
                        .label("expected `key: value` lines"),
                );
            }
        }
    }
    Some(values)
}
