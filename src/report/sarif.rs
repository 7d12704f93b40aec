//! SARIF 2.1.0, for code scanning. A finding in a render is placed at its chart template when
//! the template file is known (a render is no file a code-scanning UI could open).

use serde_json::{Value, json};

use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::rule::Rule;

/// Renders `diagnostics` as one SARIF log. `rules` describes every rule that can appear.
pub fn render(diagnostics: &[Diagnostic], rules: &[&Rule]) -> String {
    let descriptors: Vec<Value> = rules.iter().map(|rule| descriptor(rule)).collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let mut result = json!({
                "ruleId": d.code,
                "level": level(d.severity),
                "message": {"text": message(d)},
            });
            if let Some(index) = rules.iter().position(|r| r.id == d.code) {
                result["ruleIndex"] = index.into();
            }
            if let Some(location) = primary_location(d) {
                result["locations"] = json!([location]);
            }
            if let Some(object) = &d.object {
                result["properties"] = json!({"object": object, "environments": d.environments});
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "chartcheck",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": descriptors,
            }},
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).expect("plain data always serializes");
    text.push('\n');
    text
}

fn descriptor(rule: &Rule) -> Value {
    json!({
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.summary},
        "help": {"text": rule.docs(), "markdown": rule.docs()},
        "defaultConfiguration": {"level": level(rule.severity)},
        "properties": {"tags": [rule.group.name()]},
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn message(d: &Diagnostic) -> String {
    let mut text = d.message.clone();
    if let Some(object) = &d.object {
        text.push_str(&format!(" ({}/{})", object.kind, object.name));
    }
    if !d.environments.is_empty() {
        text.push_str(&format!(" [{}]", d.environments.join(", ")));
    }
    text
}

/// The template file (with the line of the offending key when it can be found there), or the
/// position in the linted file.
fn primary_location(d: &Diagnostic) -> Option<Value> {
    if let Some((file, line)) = &d.template_file {
        return Some(json!({"physicalLocation": {
            "artifactLocation": {"uri": uri(&file.to_string_lossy())},
            "region": {"startLine": line},
        }}));
    }
    rendered_location(d)
}

fn rendered_location(d: &Diagnostic) -> Option<Value> {
    let location = d.location.as_ref()?;
    Some(json!({"physicalLocation": {
        "artifactLocation": {"uri": uri(&location.file.to_string_lossy())},
        "region": {
            "startLine": location.span.start.line,
            "startColumn": location.span.start.column,
            "endLine": location.span.end.line,
            "endColumn": location.span.end.column.max(location.span.start.column + 1),
        },
    }}))
}

/// A relative URI reference: path separators kept, characters outside RFC 3986 escaped.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
