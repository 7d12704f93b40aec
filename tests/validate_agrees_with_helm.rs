//! `chartcheck validate` and Helm agree: a values file chartcheck accepts renders, and every
//! value chartcheck rejects is one Helm's own schema check names.

mod common;

use std::collections::BTreeSet;

use assert_cmd::Command;
use common::*;

const FIXTURES: [&str; 10] = [
    "unknown_key_at_depth",
    "wrong_type",
    "quantity_format",
    "out_of_range",
    "null_handling",
    "multi_a",
    "multi_b",
    "empty",
    "comment_only",
    "yaml11_valid",
];

/// The JSON pointers Helm's messages name: `- at '/frontend/replicas': ...`, leaving out the
/// lines that only group the errors below them (`- at '/ingress': validation failed`).
fn helm_pointers(message: &str) -> BTreeSet<String> {
    message
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("- at '"))
        .filter_map(|l| l.split_once("': "))
        .filter(|(_, what)| *what != "validation failed")
        .map(|(pointer, _)| pointer.to_owned())
        .collect()
}

/// The pointers chartcheck reports, as Helm names them: unknown and missing keys at their
/// parent mapping.
fn chartcheck_pointers(file: &str) -> BTreeSet<String> {
    let output = Command::cargo_bin("chartcheck")
        .unwrap()
        .current_dir(repo())
        .args(["validate", "--format", "json", file])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let pointer = d["pointer"].as_str().unwrap();
            match d["rule"].as_str().unwrap() {
                "unknown-key" | "missing-key" => pointer[..pointer.rfind('/').unwrap()].to_owned(),
                _ => pointer.to_owned(),
            }
        })
        .collect()
}

#[test]
fn chartcheck_and_helm_reject_the_same_values() {
    for fixture in FIXTURES {
        let file = format!("tests/fixtures/validate/{fixture}.yaml");
        let ours = chartcheck_pointers(&file);
        let request = request()
            .values_file(repo().join(&file))
            .set("redis.auth.existingSecret=journal-redis-auth");
        let helm = match chartcheck::render::template(&helm(), &request) {
            Ok(_) => BTreeSet::new(),
            Err(chartcheck::render::RenderError::Failed { message, .. }) => {
                assert!(
                    message.contains("values don't meet the specifications of the schema"),
                    "{fixture}: helm failed for another reason: {message}"
                );
                helm_pointers(&message)
            }
            Err(other) => panic!("{other}"),
        };
        // Helm reports a key deleted by a null as missing at the same place we do.
        assert_eq!(
            ours, helm,
            "{fixture}: chartcheck (left) and Helm (right) disagree"
        );
    }
}
