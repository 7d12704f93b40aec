//! SARIF 2.1.0, for code scanning. A finding is placed where its fix goes: the values file the
//! user passed that set the offending value, else the chart template line that writes it, else
//! the manifest's position. Every other place known (the template line, the helper's line, the
//! chart's defaults) is a related location. A render is no file a code-scanning UI could open:
//! where a finding is in one is said in the message, and in the result's properties.

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
            let places = super::places(d);
            if let Some((primary, related)) = places.split_first() {
                result["locations"] = json!([location(primary, None)]);
                if !related.is_empty() {
                    let related: Vec<Value> = related
                        .iter()
                        .zip(1..)
                        .map(|(place, id)| location(place, Some(id)))
                        .collect();
                    result["relatedLocations"] = related.into();
                }
            }
            let mut properties = serde_json::Map::new();
            if let Some(object) = &d.object {
                properties.insert("object".into(), json!(object));
                properties.insert("environments".into(), json!(d.environments));
            }
            if let Some(rendered) = &d.rendered {
                properties.insert(
                    "rendered".into(),
                    json!({
                        "environment": rendered.environment,
                        "line": rendered.span.start.line,
                        "column": rendered.span.start.column,
                    }),
                );
            }
            if !properties.is_empty() {
                result["properties"] = properties.into();
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
    if let Some(at) = super::rendered_at(d) {
        text.push_str(&format!("\n{at}"));
    }
    // The key is named here too: the primary location shows only the file and line.
    for origin in &d.values {
        let place = super::value_place(origin);
        text.push_str(&format!("\nset by {} at line {}", place.what, place.line));
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

/// A place as a SARIF location; related locations have an `id` and say what the place is.
fn location(place: &super::Place<'_>, id: Option<usize>) -> Value {
    let mut region = json!({"startLine": place.line, "startColumn": place.column.max(1)});
    if let Some((line, column)) = place.end {
        region["endLine"] = line.max(place.line).into();
        let column = if line > place.line {
            column.max(1)
        } else {
            column.max(place.column.max(1) + 1)
        };
        region["endColumn"] = column.into();
    }
    let mut location = json!({"physicalLocation": {
        "artifactLocation": {"uri": uri(&place.file.to_string_lossy())},
        "region": region,
    }});
    if let Some(id) = id {
        location["id"] = id.into();
        location["message"] = json!({"text": place.what});
    }
    location
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures::{self, SECRET, SECRET_BASE64};

    fn results(diagnostics: &[Diagnostic]) -> Value {
        let log: Value = serde_json::from_str(&render(diagnostics, &[])).unwrap();
        log["runs"][0]["results"].clone()
    }

    #[test]
    fn traced_finding_is_placed_at_the_users_values_file() {
        let found = results(&[fixtures::traced()]);
        assert_eq!(
            found[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "values/prod.yaml"
        );
        insta::assert_json_snapshot!(found);
    }

    #[test]
    fn template_only_finding_is_placed_at_the_template_line() {
        let found = results(&[fixtures::template_only()]);
        assert!(found[0].get("relatedLocations").is_none(), "{found}");
        insta::assert_json_snapshot!(found);
    }

    #[test]
    fn a_chart_default_alone_leaves_the_template_primary() {
        let mut d = fixtures::traced();
        d.values.remove(0);
        let found = results(&[d]);
        let uri = |l: &Value| l["physicalLocation"]["artifactLocation"]["uri"].clone();
        assert_eq!(
            uri(&found[0]["locations"][0]),
            "chart/templates/frontend-deployment.yaml"
        );
        let related: Vec<Value> = found[0]["relatedLocations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| serde_json::json!([l["id"], uri(l), l["message"]["text"]]))
            .collect();
        assert_eq!(
            related,
            [
                serde_json::json!([1, "chart/templates/_helpers.tpl", "helper `journal.image`"]),
                serde_json::json!([
                    2,
                    "chart/values.yaml",
                    "`frontend.image.tag` (chart default)"
                ]),
            ]
        );
    }

    #[test]
    fn a_render_is_never_an_artifact() {
        for d in [fixtures::traced(), fixtures::untraced()] {
            let out = render(&[d], &[]);
            assert!(!out.contains("rendered%20with"), "{out}");
            assert!(!out.contains("\"uri\": \"chart rendered"), "{out}");
        }
        let found = results(&[fixtures::untraced()]);
        assert!(found[0].get("locations").is_none(), "{found}");
        let message = found[0]["message"]["text"].as_str().unwrap();
        assert!(
            message.contains(
                "in chart rendered with values/prod.yaml at 20:18, from journal/templates/frontend-deployment.yaml"
            ),
            "{message}"
        );
    }

    #[test]
    fn plain_manifest_finding_is_placed_in_its_file() {
        insta::assert_json_snapshot!(results(&[fixtures::manifest()]));
    }

    #[test]
    fn a_secret_never_appears() {
        let out = render(&fixtures::all(), &[]);
        assert!(!out.contains(SECRET), "{out}");
        assert!(!out.contains(SECRET_BASE64), "{out}");
    }
}
