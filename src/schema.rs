//! The chart's `values.schema.json`, generated from the typed values model.

use schemars::generate::SchemaSettings;
use schemars::transform::{Transform, transform_subschemas};
use schemars::{JsonSchema, Schema};

use crate::values::Values;

/// The JSON Schema dialect to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Draft {
    /// Draft-07: read the same way by every Helm 3 and Helm 4 release.
    #[default]
    #[value(name = "07")]
    Draft07,
    /// Draft 2020-12: needs Helm 3.18.5 or newer.
    #[value(name = "2020-12")]
    Draft2020_12,
}

/// The values schema of the chart, in `draft`.
pub fn values_schema(draft: Draft) -> Schema {
    schema_for::<Values>(draft)
}

/// The schema of any model type, in `draft`, with the project's clean-ups applied.
pub fn schema_for<T: JsonSchema>(draft: Draft) -> Schema {
    let settings = match draft {
        Draft::Draft07 => SchemaSettings::draft07(),
        Draft::Draft2020_12 => SchemaSettings::draft2020_12(),
    }
    .with(|s| {
        // Every subschema in place: no $ref, so Helm's messages need no `allOf` wrappers and
        // each property carries its own description.
        s.inline_subschemas = true;
    })
    .with_transform(Tidy);
    settings.into_generator().into_root_schema_for::<T>()
}

/// The schema as the committed file holds it: two-space indentation, keys sorted (serde_json's
/// map is ordered), one trailing newline. The same model always gives the same bytes.
pub fn to_file_text(schema: &Schema) -> String {
    let mut text = serde_json::to_string_pretty(schema.as_value())
        .expect("a schema is plain JSON and always serializes");
    text.push('\n');
    text
}

/// Cleans what schemars derives from Rust: drops `format`s that name Rust number types
/// (`uint32`, `double`, …), which are not JSON Schema formats, and unwraps descriptions that doc
/// comments broke over several lines.
#[derive(Debug, Clone, Copy)]
struct Tidy;

impl Transform for Tidy {
    fn transform(&mut self, schema: &mut Schema) {
        if let Some(description) = schema.get("description").and_then(|d| d.as_str()) {
            let unwrapped = unwrap_paragraphs(description);
            schema.insert("description".into(), unwrapped.into());
        }
        let rust_format = schema
            .get("format")
            .and_then(|f| f.as_str())
            .is_some_and(|f| {
                matches!(
                    f,
                    "int8"
                        | "int16"
                        | "int32"
                        | "int64"
                        | "uint8"
                        | "uint16"
                        | "uint32"
                        | "uint64"
                        | "uint"
                        | "int"
                        | "float"
                        | "double"
                )
            });
        if rust_format {
            schema.remove("format");
        }
        transform_subschemas(self, schema);
    }
}

/// Joins the lines of each paragraph; paragraphs stay separated by a blank line.
fn unwrap_paragraphs(text: &str) -> String {
    text.split("\n\n")
        .map(|paragraph| paragraph.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n\n")
}
