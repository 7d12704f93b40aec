//! Turns JSON Schema errors about merged values into diagnostics that point into the file that
//! set the offending key or value, in words a chart user reads without knowing JSON Schema.

use std::path::PathBuf;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

use super::merge::Merged;
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::values::Values;
use crate::yaml::{escape_token, unescape_token};

/// What an explanation needs besides the error: the merged values, the files by index, and the
/// schema (for known keys and descriptions).
pub struct Context<'a> {
    pub merged: &'a Merged,
    pub files: &'a [PathBuf],
    pub schema: &'a Value,
}

/// One diagnostic per problem: an error naming several unknown keys becomes one per key.
pub fn explain(context: &Context<'_>, error: &jsonschema::ValidationError<'_>) -> Vec<Diagnostic> {
    let pointer = error.instance_path().as_str();
    let at = display_key(pointer);
    let found = context
        .merged
        .value
        .pointer(pointer)
        .unwrap_or(&Value::Null);
    let value_diagnostic = |code, message: String, label: String| {
        let mut diagnostic = context.locate(
            Diagnostic::error(code, message).label(label),
            pointer,
            false,
        );
        if let Some(description) = context.description(pointer) {
            diagnostic = diagnostic.note(format!("`{at}`: {description}"));
        }
        diagnostic
    };
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => unexpected
            .iter()
            .map(|key| context.unknown_key(pointer, key))
            .collect(),
        ValidationErrorKind::Required { property } => {
            let key = property.as_str().unwrap_or_default();
            vec![context.missing_key(pointer, key)]
        }
        ValidationErrorKind::Type { kind } => {
            let expected = expected_types(kind);
            let mut diagnostic = value_diagnostic(
                &codes::WRONG_TYPE,
                format!("`{at}` must be {expected}, found {}", describe(found)),
                format!("expected {expected}"),
            );
            if let Some(text) = found.as_str().filter(|t| looks_like_number(t))
                && (expected.contains("integer") || expected.contains("number"))
            {
                diagnostic = diagnostic.help(format!("remove the quotes: \"{text}\" is a string"));
            }
            vec![diagnostic]
        }
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit } => {
            let exclusive = matches!(error.kind(), ValidationErrorKind::ExclusiveMinimum { .. });
            let bound = if exclusive {
                "greater than"
            } else {
                "at least"
            };
            vec![value_diagnostic(
                &codes::OUT_OF_RANGE,
                format!("`{at}` must be {bound} {limit}, found {found}"),
                format!("must be {bound} {limit}"),
            )]
        }
        ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => {
            let exclusive = matches!(error.kind(), ValidationErrorKind::ExclusiveMaximum { .. });
            let bound = if exclusive { "less than" } else { "at most" };
            vec![value_diagnostic(
                &codes::OUT_OF_RANGE,
                format!("`{at}` must be {bound} {limit}, found {found}"),
                format!("must be {bound} {limit}"),
            )]
        }
        ValidationErrorKind::Pattern { pattern } => {
            let mut diagnostic = value_diagnostic(
                &codes::BAD_FORMAT,
                format!("`{at}` has an invalid value {found}"),
                "does not have the expected format".to_owned(),
            )
            .note(format!(
                "the value must match the regular expression {pattern}"
            ));
            if let Some(example) = context.example(pointer) {
                diagnostic = diagnostic.help(format!("write it like {example}"));
            }
            vec![diagnostic]
        }
        ValidationErrorKind::Enum { options } => {
            let allowed: Vec<String> = options
                .as_array()
                .map(|a| a.iter().map(|o| o.to_string()).collect())
                .unwrap_or_default();
            let mut diagnostic = value_diagnostic(
                &codes::NOT_ALLOWED,
                format!("`{at}` cannot be {found}"),
                format!("must be one of {}", allowed.join(", ")),
            );
            if let Some(text) = found.as_str() {
                let candidates = options
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str);
                if let Some(suggestion) = closest(text, candidates) {
                    diagnostic = diagnostic.help(format!("did you mean \"{suggestion}\"?"));
                }
            }
            vec![diagnostic]
        }
        ValidationErrorKind::MinLength { limit } => vec![value_diagnostic(
            &codes::OUT_OF_RANGE,
            format!("`{at}` must be at least {limit} characters long, found {found}"),
            "too short".to_owned(),
        )],
        ValidationErrorKind::MaxLength { limit } => vec![value_diagnostic(
            &codes::OUT_OF_RANGE,
            format!("`{at}` must be at most {limit} characters long"),
            "too long".to_owned(),
        )],
        ValidationErrorKind::MinItems { limit } => vec![value_diagnostic(
            &codes::OUT_OF_RANGE,
            format!(
                "`{at}` needs at least {limit} item{}",
                if *limit == 1 { "" } else { "s" }
            ),
            "too few items".to_owned(),
        )],
        _ => vec![value_diagnostic(
            &codes::SCHEMA_VIOLATION,
            format!("`{at}`: {error}"),
            error.to_string(),
        )],
    }
}

/// The checks across values of the journal chart's model, for values that match the model
/// (any other chart's values do not deserialize into it, and get none of these).
pub fn explain_violations(context: &Context<'_>) -> Vec<Diagnostic> {
    let Ok(values) = serde_json::from_value::<Values>(context.merged.value.clone()) else {
        return Vec::new();
    };
    values
        .violations()
        .into_iter()
        .map(|v| {
            let diagnostic = Diagnostic::error(&codes::INVALID_COMBINATION, v.message)
                .label("the chart refuses this combination of values");
            context.locate(diagnostic, &v.pointer, false)
        })
        .collect()
}

impl Context<'_> {
    /// Points `diagnostic` at the key (`at_key`) or the value at `pointer`, in the file that set it.
    fn locate(&self, diagnostic: Diagnostic, pointer: &str, at_key: bool) -> Diagnostic {
        let diagnostic = diagnostic.pointer(pointer);
        match self.merged.origin(pointer) {
            Some(origin) => {
                let span = if at_key {
                    origin.key.unwrap_or(origin.value)
                } else {
                    origin.value
                };
                diagnostic.at(self.files[origin.file].clone(), span)
            }
            None => diagnostic,
        }
    }

    fn unknown_key(&self, parent: &str, key: &str) -> Diagnostic {
        let pointer = format!("{parent}/{}", escape_token(key));
        let known = self.known_keys(parent);
        let place = if parent.is_empty() {
            "at the top level".to_owned()
        } else {
            format!("in `{}`", display_key(parent))
        };
        let mut diagnostic = self.locate(
            Diagnostic::error(&codes::UNKNOWN_KEY, format!("unknown key `{key}` {place}"))
                .label("not a key the chart knows; Helm would refuse it"),
            &pointer,
            true,
        );
        if let Some(suggestion) = closest(key, known.iter().map(String::as_str)) {
            diagnostic = diagnostic.help(format!("did you mean `{suggestion}`?"));
        }
        if !known.is_empty() {
            diagnostic = diagnostic.note(format!("known keys here: {}", known.join(", ")));
        }
        diagnostic
    }

    fn missing_key(&self, parent: &str, key: &str) -> Diagnostic {
        let pointer = format!("{parent}/{}", escape_token(key));
        let full = display_key(&pointer);
        match self.merged.deletion(&pointer) {
            Some(origin) => Diagnostic::error(
                &codes::MISSING_KEY,
                format!("`{full}` is required, but this null deletes the chart's default"),
            )
            .at(
                self.files[origin.file].clone(),
                origin.key.unwrap_or(origin.value),
            )
            .label("a null removes the key from the merged values")
            .pointer(pointer)
            .help("remove the line to keep the chart's default, or give a value"),
            None => self.locate(
                Diagnostic::error(&codes::MISSING_KEY, format!("`{full}` is required"))
                    .label(format!("`{key}` is missing here")),
                parent,
                true,
            ),
        }
    }

    /// The keys the schema allows in the mapping at `pointer`, sorted.
    fn known_keys(&self, pointer: &str) -> Vec<String> {
        let mut keys: Vec<String> = self
            .schema_at(pointer)
            .and_then(|s| s.get("properties"))
            .and_then(Value::as_object)
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        keys.sort();
        keys
    }

    /// The schema's first example for the value at `pointer`.
    fn example(&self, pointer: &str) -> Option<String> {
        let example = self.schema_at(pointer)?.get("examples")?.get(0)?;
        Some(example.to_string())
    }

    fn description(&self, pointer: &str) -> Option<&str> {
        self.schema_at(pointer)?.get("description")?.as_str()
    }

    /// The subschema that applies at `pointer` (the schema is inlined: no references).
    fn schema_at(&self, pointer: &str) -> Option<&Value> {
        let mut schema = self.schema;
        for segment in pointer.split('/').skip(1) {
            let segment = unescape_token(segment);
            schema = match schema.get("properties").and_then(|p| p.get(&segment)) {
                Some(property) => property,
                None => schema
                    .get("items")
                    .or_else(|| schema.get("additionalProperties"))?,
            };
        }
        Some(schema)
    }
}

/// `/frontend/image/tag` → `frontend.image.tag`; `/a/list/0` → `a.list[0]`.
pub fn display_key(pointer: &str) -> String {
    let mut key = String::new();
    for segment in pointer.split('/').skip(1) {
        let segment = unescape_token(segment);
        if segment.parse::<usize>().is_ok() {
            key.push_str(&format!("[{segment}]"));
        } else {
            if !key.is_empty() {
                key.push('.');
            }
            key.push_str(&segment);
        }
    }
    if key.is_empty() {
        "(values)".to_owned()
    } else {
        key
    }
}

/// The candidate most like `word`, when it is alike enough to be a likely typo: a small edit
/// distance, or a long shared beginning (`replicaCont` → `replicas`).
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .filter_map(|candidate| {
            let lower = candidate.to_lowercase();
            let distance = strsim::damerau_levenshtein(&word, &lower);
            let likeness = strsim::jaro_winkler(&word, &lower);
            let close = distance <= (lower.chars().count() / 3).max(2) || likeness >= 0.9;
            close.then_some((likeness, candidate))
        })
        .max_by(|(a, _), (b, _)| a.total_cmp(b))
        .map(|(_, candidate)| candidate)
}

pub(crate) fn expected_types(kind: &TypeKind) -> String {
    let name = |t: &jsonschema::JsonType| match t.to_string().as_str() {
        "integer" => "an integer".to_owned(),
        "array" => "a list".to_owned(),
        "object" => "a mapping".to_owned(),
        other => format!("a {other}"),
    };
    match kind {
        TypeKind::Single(t) => name(t),
        TypeKind::Multiple(set) => set
            .iter()
            .map(|t| name(&t))
            .collect::<Vec<_>>()
            .join(" or "),
    }
}

pub(crate) fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string \"{s}\""),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "a mapping".to_owned(),
    }
}

fn looks_like_number(text: &str) -> bool {
    !text.is_empty() && text.parse::<f64>().is_ok()
}
