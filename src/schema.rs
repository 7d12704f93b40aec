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
        // Rust number types are no JSON Schema formats; an integer type's range is kept as
        // bounds, so a value the chart's Go templates would print as `1e+20` is refused.
        if let Some(format) = schema.get("format").and_then(|f| f.as_str()) {
            let range: Option<(i128, i128)> = match format {
                "int8" => Some((i8::MIN.into(), i8::MAX.into())),
                "int16" => Some((i16::MIN.into(), i16::MAX.into())),
                "int32" => Some((i32::MIN.into(), i32::MAX.into())),
                "int64" | "int" => Some((i64::MIN.into(), i64::MAX.into())),
                "uint8" => Some((0, u8::MAX.into())),
                "uint16" => Some((0, u16::MAX.into())),
                "uint32" => Some((0, u32::MAX.into())),
                "uint64" | "uint" => Some((0, u64::MAX.into())),
                _ => None,
            };
            let is_rust = range.is_some() || matches!(format, "float" | "double");
            if let Some((low, high)) = range {
                if schema.get("minimum").is_none() {
                    schema.insert(
                        "minimum".into(),
                        serde_json::Number::from_i128(low).expect("fits i64").into(),
                    );
                }
                if schema.get("maximum").is_none() {
                    schema.insert(
                        "maximum".into(),
                        serde_json::Number::from_i128(high)
                            .expect("fits u64")
                            .into(),
                    );
                }
            }
            if is_rust {
                schema.remove("format");
            }
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
