//! The journal chart: every finding a values edit can cause names the exact line of the edit,
//! in JSON and as SARIF's primary location (where code scanning shows it in a pull request).

mod common;

use common::{chartcheck_in, helm, repo};
use serde_json::Value;

const EDITS: &str = "tests/fixtures/trace/journal/edits.yaml";
const REFUSED: &str = "tests/fixtures/trace/journal/refused.yaml";

fn lint(file: &str, format: &str) -> (Value, i32) {
    helm();
    let args = [
        "lint",
        "--no-config",
        "--chart",
        "chart",
        "--release",
        "journal",
        "-f",
        file,
        "--format",
        format,
    ];
    let (out, err, status) = chartcheck_in(&repo(), &args);
    let parsed = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    (parsed, status)
}

/// (rule, object name, pointer, line in EDITS, values key)
const TRACED: &[(&str, &str, &str, usize, &str)] = &[
    (
        "single-replica",
        "journal-frontend",
        "/spec/replicas",
        4,
        "frontend.replicas",
    ),
    (
        "latest-tag",
        "journal-frontend",
        "/spec/template/spec/containers/0/image",
        6,
        "frontend.image.tag",
    ),
    (
        "requests-not-equal-limits",
        "journal-frontend",
        "/spec/template/spec/containers/0/resources/limits/cpu",
        12,
        "frontend.resources.limits.cpu",
    ),
    (
        "image-pull-policy",
        "journal-fileserver",
        "/spec/template/spec/containers/0/imagePullPolicy",
        18,
        "fileserver.image.pullPolicy",
    ),
    (
        "requests-not-equal-limits",
        "journal-redis",
        "/spec/template/spec/containers/0/resources/limits/memory",
        28,
        "redis.resources.limits.memory",
    ),
];

#[test]
fn every_finding_of_a_values_edit_names_the_line_of_the_edit() {
    let (report, status) = lint(EDITS, "json");
    assert_eq!(status, 1, "{report}");
    let findings = report["findings"].as_array().unwrap();
    for (rule, name, pointer, line, key) in TRACED {
        let finding = findings
            .iter()
            .find(|f| {
                f["rule"] == *rule && f["object"]["name"] == *name && f["pointer"] == *pointer
            })
            .unwrap_or_else(|| panic!("no {rule} on {name} at {pointer}: {report}"));
        let values = finding["source"]["values"].as_array().unwrap();
        assert_eq!(values.len(), 1, "{finding}");
        assert_eq!(values[0]["file"], EDITS, "{finding}");
        assert_eq!(values[0]["line"], *line, "{finding}");
        assert_eq!(values[0]["key"], *key, "{finding}");
        // The primary location is the template that wrote the field, a file on disk.
        let file = finding["location"]["file"].as_str().unwrap();
        assert!(
            file.starts_with("chart/templates/") && repo().join(file).is_file(),
            "{finding}"
        );
        assert_eq!(
            finding["source"]["template"]["line"],
            finding["location"]["line"]
        );
    }
    // The pull policy the edit left alone comes from the chart's defaults.
    let default = findings
        .iter()
        .find(|f| f["rule"] == "image-pull-policy" && f["object"]["name"] == "journal-frontend")
        .unwrap();
    assert_eq!(default["source"]["values"][0]["file"], "chart/values.yaml");
    assert_eq!(
        default["source"]["values"][0]["key"],
        "frontend.image.pullPolicy"
    );
}

#[test]
fn sarif_puts_each_edit_finding_on_the_edited_line() {
    let (log, _) = lint(EDITS, "sarif");
    let results = log["runs"][0]["results"].as_array().unwrap();
    for (rule, name, _, line, key) in TRACED {
        let result = results
            .iter()
            .find(|r| {
                r["ruleId"] == *rule
                    && r["properties"]["object"]["name"] == *name
                    && r["message"]["text"].as_str().unwrap().contains(key)
            })
            .unwrap_or_else(|| panic!("no {rule} on {name}: {log}"));
        let primary = &result["locations"][0]["physicalLocation"];
        assert_eq!(primary["artifactLocation"]["uri"], EDITS, "{result}");
        assert_eq!(primary["region"]["startLine"], *line, "{result}");
        let related = result["relatedLocations"].as_array().unwrap();
        assert!(
            related
                .iter()
                .any(|r| r["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .starts_with("chart/templates/")),
            "the template is a related location: {result}"
        );
    }
}

#[test]
fn values_the_schema_refuses_are_placed_at_their_lines_and_stop_the_render() {
    let (report, status) = lint(REFUSED, "json");
    assert_eq!(status, 2, "{report}");
    let findings = report["findings"].as_array().unwrap();
    let mut placed: Vec<(String, u64)> = findings
        .iter()
        .filter(|f| f["rule"] == "schema-violation")
        .map(|f| {
            let key = f["message"]
                .as_str()
                .unwrap()
                .split('`')
                .nth(1)
                .unwrap()
                .to_owned();
            assert_eq!(f["location"]["file"], REFUSED, "{f}");
            (key, f["location"]["line"].as_u64().unwrap())
        })
        .collect();
    placed.sort();
    assert_eq!(
        placed,
        [
            ("ingress.host".to_owned(), 25),
            ("ingress.tls.secretName".to_owned(), 28),
            ("redis.persistence.storageClassName".to_owned(), 21),
        ]
    );
    assert!(
        findings.iter().any(|f| f["rule"] == "render-failed"),
        "{report}"
    );
}
