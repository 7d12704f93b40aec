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
    /// A value the schema refuses otherwise (enum, range, pattern): the schema's words.
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
            _ => {
                let problem = Problem::BadValue {
                    message: error.to_string(),
                    allowed: Vec::new(),
                };
                found.push(violation(pointer, problem));
            }
        }
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
