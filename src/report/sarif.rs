//! SARIF 2.1.0, for code scanning. A finding in a render is placed at its chart template when
//! the template file is known (a render is no file a code-scanning UI could open).

use serde_json::{Value, json};

use crate::codes::{self, Code};
use crate::diagnostic::{Diagnostic, Severity};

/// Renders `diagnostics` as one SARIF log. The tool's rule descriptors are `described` (the
/// codes this run could report, such as every lint rule), then every other code a result has.
pub fn render(diagnostics: &[Diagnostic], described: &[Code]) -> String {
    let mut rules: Vec<Code> = described.to_vec();
    for diagnostic in diagnostics {
        if !rules.iter().any(|code| code.id() == diagnostic.code)
            && let Some(code) = codes::find(diagnostic.code)
        {
            rules.push(code);
        }
    }
    let descriptors: Vec<Value> = rules.iter().map(|code| descriptor(*code)).collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let mut result = json!({
                "ruleId": d.code,
                "level": level(d.severity),
                "message": {"text": message(d)},
            });
            if let Some(index) = rules.iter().position(|code| code.id() == d.code) {
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

fn descriptor(code: Code) -> Value {
    let docs = code.docs();
    json!({
        "id": code.id(),
        "name": code.id(),
        "shortDescription": {"text": code.summary()},
        "fullDescription": {"text": code.summary()},
        "help": {"text": docs, "markdown": docs},
        "defaultConfiguration": {"level": level(code.severity())},
        "properties": {"tags": [code.group()]},
    })
}

/// SARIF's levels are our severities' names.
fn level(severity: Severity) -> &'static str {
    severity.name()
}

fn message(d: &Diagnostic) -> String {
    let mut text = d.message.clone();
    if let Some(object) = &d.object {
        text.push_str(&format!(" ({}/{})", object.kind, object.name));
    }
    if !d.environments.is_empty() {
        text.push_str(&format!(" [{}]", d.environments.join(", ")));
    }
    // As in the other formats: a render's failure is only understood with helm's message.
    for note in &d.notes {
        text.push_str(&format!("\n{note}"));
    }
    if let Some(help) = &d.help {
        text.push_str(&format!("\nhelp: {help}"));
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
