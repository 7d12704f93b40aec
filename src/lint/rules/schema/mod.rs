//! Rules of the `schema` group: every object of a Kubernetes kind against the strict schema of
//! the target version's API (`--kube-version`), and apiVersions that version deprecated or
//! removed. Custom resources have no schema here; `unchecked-kind` says so, once per kind.

pub mod deprecated_api;
pub mod invalid_field_type;
pub mod invalid_field_value;
pub mod missing_required_field;
pub mod removed_api;
pub mod unchecked_kind;
pub mod unknown_field;
pub mod unknown_kind;

use std::collections::HashMap;
use std::sync::Arc;

use jsonschema::error::ValidationErrorKind;

use crate::kube::CustomSchema;
use crate::lint::context::Context;
use crate::lint::rule::Rule;
use crate::manifest::Object;
use crate::validate::{describe, display_key, expected_types};
use crate::yaml::escape_token;

/// Every rule of this group, in the order `chartcheck rules` lists them.
pub static RULES: &[&Rule] = &[
    &unknown_field::RULE,
    &invalid_field_type::RULE,
    &invalid_field_value::RULE,
    &missing_required_field::RULE,
    &removed_api::RULE,
    &deprecated_api::RULE,
    &unknown_kind::RULE,
    &unchecked_kind::RULE,
];

/// The schema an object was checked against.
#[derive(Clone, Copy)]
pub enum Schema<'a> {
    /// A definition of the Kubernetes API.
    Kubernetes(&'static str),
    /// A custom resource's, from its CRD.
    Custom(&'a CustomSchema),
}

/// One place where an object breaks its kind's schema.
pub struct Violation<'a> {
    pub object: &'a Object,
    pub schema: Schema<'a>,
    /// JSON pointer of the offending field (for a missing field: of the mapping that lacks it).
    pub pointer: String,
    pub problem: Problem,
}

pub enum Problem {
    /// A field the schema does not have (its name is the pointer's last token).
    UnknownField(String),
    /// A value of the wrong type: what was expected, and what was found.
    WrongType { expected: String, found: String },
    /// A value the schema refuses otherwise (enum, range, pattern, length): what is wrong, in
    /// words that follow the field's name.
    BadValue {
        message: String,
        allowed: Vec<String>,
    },
    /// A required field that is absent.
    Missing(String),
}

/// What the strict schemas found in the set, computed on first use and shared by the rules.
pub fn violations<'c, 'a>(context: &'c Context<'a>) -> &'c [Violation<'a>] {
    context.schema_violations.get_or_init(|| check_all(context))
}

/// Validates every object of a kind the API serves or a CRD describes, on every core.
fn check_all<'a>(context: &Context<'a>) -> Vec<Violation<'a>> {
    let runs = crate::parallel::in_runs(context.objects, 64, |run| {
        // Validators by definition: the shared cache locks, this does not.
        let mut validators: HashMap<&str, Option<Arc<jsonschema::Validator>>> = HashMap::new();
        let mut found = Vec::new();
        for object in run {
            let (api_version, kind) = (&object.api_version, &object.kind);
            if let Some(definition) = context.kube.definition(api_version, kind) {
                let validator = validators
                    .entry(definition)
                    .or_insert_with(|| context.kube.validator(definition));
                if let Some(validator) = validator {
                    check(
                        object,
                        Schema::Kubernetes(definition),
                        validator,
                        &mut found,
                    );
                }
            } else if let Some(custom) = context.crds.get(api_version, kind) {
                check(
                    object,
                    Schema::Custom(custom),
                    custom.validator(),
                    &mut found,
                );
            }
        }
        found
    });
    runs.into_iter().flatten().collect()
}

fn check<'a>(
    object: &'a Object,
    schema: Schema<'a>,
    validator: &jsonschema::Validator,
    found: &mut Vec<Violation<'a>>,
) {
    if validator.is_valid(&object.json) {
        return;
    }
    for error in validator.iter_errors(&object.json) {
        let pointer = error.instance_path().as_str().to_owned();
        let violation = |pointer: String, problem| Violation {
            object,
            schema,
            pointer,
            problem,
        };
        match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                for key in unexpected {
                    let at = format!("{pointer}/{}", escape_token(key));
                    found.push(violation(at, Problem::UnknownField(key.clone())));
                }
            }
            ValidationErrorKind::Type { kind } => {
                let value = object
                    .json
                    .pointer(&pointer)
                    .unwrap_or(&serde_json::Value::Null);
                // Every optional field also takes null; saying so only adds noise.
                let expected = expected_types(kind)
                    .replace("a null or ", "")
                    .replace(" or a null", "");
                let problem = Problem::WrongType {
                    expected,
                    found: describe(value),
                };
                found.push(violation(pointer, problem));
            }
            ValidationErrorKind::Required { property } => {
                let field = property.as_str().unwrap_or_default().to_owned();
                found.push(violation(pointer, Problem::Missing(field)));
            }
            ValidationErrorKind::Enum { options } => {
                let allowed = options
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|o| o.as_str().map(str::to_owned))
                    .collect();
                let value = object
                    .json
                    .pointer(&pointer)
                    .unwrap_or(&serde_json::Value::Null);
                let message = format!("cannot be {}", describe(value));
                found.push(violation(pointer, Problem::BadValue { message, allowed }));
            }
            // `additionalProperties: false` without `properties` (a CRD's `{type: object}`):
            // the validator names the mapping and only its first field.
            ValidationErrorKind::FalseSchema
                if error
                    .schema_path()
                    .as_str()
                    .ends_with("/additionalProperties") =>
            {
                let keys = object
                    .json
                    .pointer(&pointer)
                    .and_then(serde_json::Value::as_object)
                    .into_iter()
                    .flat_map(|m| m.keys());
                for key in keys {
                    let at = format!("{pointer}/{}", escape_token(key));
                    found.push(violation(at, Problem::UnknownField(key.clone())));
                }
            }
            ValidationErrorKind::FalseSchema => {
                let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", ""));
                let key = crate::yaml::unescape_token(key);
                if parent.is_empty() && key.is_empty() {
                    let message = "is not allowed by the schema".to_owned();
                    found.push(violation(
                        pointer,
                        Problem::BadValue {
                            message,
                            allowed: Vec::new(),
                        },
                    ));
                } else {
                    found.push(violation(pointer.clone(), Problem::UnknownField(key)));
                }
            }
            ValidationErrorKind::UnevaluatedProperties { unexpected } => {
                for key in unexpected {
                    let at = format!("{pointer}/{}", escape_token(key));
                    found.push(violation(at, Problem::UnknownField(key.clone())));
                }
            }
            kind => {
                let value = object
                    .json
                    .pointer(&pointer)
                    .unwrap_or(&serde_json::Value::Null);
                let problem = Problem::BadValue {
                    message: bad_value(kind, value),
                    allowed: Vec::new(),
                };
                found.push(violation(pointer, problem));
            }
        }
    }
}

/// What is wrong with a value, in the words of the other findings: the text follows the
/// field's name (`` `spec.size` must be at least 1, found 0 ``).
fn bad_value(kind: &ValidationErrorKind, value: &serde_json::Value) -> String {
    let found = describe(value);
    let plural = |n: u64, one: &str, many: &str| {
        if n == 1 {
            format!("{n} {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let count = |v: &serde_json::Value| match v {
        serde_json::Value::Array(items) => items.len(),
        serde_json::Value::Object(map) => map.len(),
        serde_json::Value::String(text) => text.chars().count(),
        _ => 0,
    };
    match kind {
        ValidationErrorKind::Minimum { limit } => {
            format!("must be at least {limit}, found {found}")
        }
        ValidationErrorKind::ExclusiveMinimum { limit } => {
            format!("must be greater than {limit}, found {found}")
        }
        ValidationErrorKind::Maximum { limit } => format!("must be at most {limit}, found {found}"),
        ValidationErrorKind::ExclusiveMaximum { limit } => {
            format!("must be less than {limit}, found {found}")
        }
        ValidationErrorKind::MultipleOf { multiple_of } => {
            format!("must be a multiple of {multiple_of}, found {found}")
        }
        ValidationErrorKind::Pattern { pattern } => {
            format!("cannot be {found}: it must match the regular expression `{pattern}`")
        }
        ValidationErrorKind::Format { format } => {
            format!("cannot be {found}: it must be a valid {format}")
        }
        ValidationErrorKind::MinLength { limit } => format!(
            "must be at least {} long, found {} ({found})",
            plural(*limit, "character", "characters"),
            count(value)
        ),
        ValidationErrorKind::MaxLength { limit } => format!(
            "must be at most {} long, found {}",
            plural(*limit, "character", "characters"),
            count(value)
        ),
        ValidationErrorKind::MinItems { limit } => format!(
            "needs at least {}, found {}",
            plural(*limit, "item", "items"),
            count(value)
        ),
        ValidationErrorKind::MaxItems { limit } => format!(
            "may have at most {}, found {}",
            plural(*limit, "item", "items"),
            count(value)
        ),
        ValidationErrorKind::MinProperties { limit } => format!(
            "needs at least {}, found {}",
            plural(*limit, "field", "fields"),
            count(value)
        ),
        ValidationErrorKind::MaxProperties { limit } => format!(
            "may have at most {}, found {}",
            plural(*limit, "field", "fields"),
            count(value)
        ),
        ValidationErrorKind::UniqueItems => "has the same item more than once".to_owned(),
        ValidationErrorKind::Constant { expected_value } => {
            format!("must be {}, found {found}", describe(expected_value))
        }
        ValidationErrorKind::AnyOf { .. } | ValidationErrorKind::OneOfNotValid { .. } => {
            format!("cannot be {found}: it matches none of the shapes the schema allows")
        }
        ValidationErrorKind::OneOfMultipleValid { .. } => {
            format!(
                "cannot be {found}: it matches more than one of the shapes the schema allows, which must be exactly one"
            )
        }
        ValidationErrorKind::Not { .. } => {
            format!("cannot be {found}: the schema excludes it")
        }
        ValidationErrorKind::Required { .. }
        | ValidationErrorKind::Type { .. }
        | ValidationErrorKind::Enum { .. } => format!("cannot be {found}"),
        _ => format!("cannot be {found}: the schema does not allow it"),
    }
}

/// `spec.template.spec.containers[0]` for a pointer; the object itself for the root.
pub fn field(pointer: &str) -> String {
    if pointer.is_empty() {
        "the object".to_owned()
    } else {
        format!("`{}`", display_key(pointer))
    }
}

impl Violation<'_> {
    /// The fields the mapping at `pointer` may have, sorted.
    pub fn fields_at(&self, context: &Context<'_>, pointer: &str) -> Vec<&str> {
        match self.schema {
            Schema::Kubernetes(definition) => context.kube.fields_at(definition, pointer),
            Schema::Custom(custom) => custom.fields_at(pointer),
        }
    }

    /// The note every schema finding carries: which schema said so.
    pub fn note(&self, context: &Context<'_>) -> String {
        let object = self.object;
        match self.schema {
            Schema::Kubernetes(_) => format!(
                "checked against {} {} of Kubernetes {} (`--kube-version` to change)",
                object.api_version, object.kind, context.kube.version
            ),
            Schema::Custom(custom) => format!(
                "checked against {} {} of the CustomResourceDefinition `{}` in {}",
                object.api_version, object.kind, custom.crd, custom.origin
            ),
        }
    }
}
