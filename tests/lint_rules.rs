//! Every lint rule against its fixtures, through the built binary: `pass.yaml` gives no
//! finding, `fail.yaml` gives findings whose text output is snapshotted
//! (tests/snapshots/lint_rules__<rule>.snap). Edge cases live in the fixtures.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use chartcheck::lint::rules::all;
use common::repo;

/// The rules under test: all, or those named in `LINT_RULES=a,b` (to work on a few at a time).
fn rules() -> Vec<&'static chartcheck::lint::rule::Rule> {
    let only = std::env::var("LINT_RULES").unwrap_or_default();
    all()
        .iter()
        .copied()
        .filter(|r| only.is_empty() || only.split(',').any(|id| id == r.id))
        .collect()
}

fn fixture(rule: &str, name: &str) -> PathBuf {
    let path = repo().join("tests/fixtures/lint").join(rule).join(name);
    assert!(
        path.is_file(),
        "rule {rule} needs the fixture {}",
        path.display()
    );
    path
}

/// `chartcheck lint --select RULE FILE` with no config; returns (stdout, exit code).
fn lint(rule: &str, file: &Path, format: &str) -> (String, i32) {
    let relative = file.strip_prefix(repo()).unwrap();
    let output = Command::cargo_bin("chartcheck")
        .unwrap()
        .current_dir(repo())
        .args([
            "lint",
            "--no-config",
            "--fail-on",
            "note",
            "--format",
            format,
            "--select",
            rule,
        ])
        .arg(relative)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        output.status.code().unwrap(),
    )
}

#[test]
fn every_rule_passes_its_pass_fixture() {
    for rule in rules() {
        let (out, status) = lint(rule.id, &fixture(rule.id, "pass.yaml"), "text");
        assert_eq!(status, 0, "{}: pass.yaml has findings:\n{out}", rule.id);
    }
}

#[test]
fn every_rule_flags_its_fail_fixture() {
    for rule in rules() {
        let file = fixture(rule.id, "fail.yaml");
        let (json, status) = lint(rule.id, &file, "json");
        assert_eq!(status, 1, "{}: fail.yaml gave no finding:\n{json}", rule.id);
        let report: serde_json::Value = serde_json::from_str(&json).unwrap();
        for finding in report["findings"].as_array().unwrap() {
            assert_eq!(finding["rule"], rule.id, "{json}");
            assert!(finding["location"]["line"].as_u64().unwrap() > 0, "{json}");
        }
        let (text, _) = lint(rule.id, &file, "text");
        insta::assert_snapshot!(rule.id, text);
    }
}

#[test]
fn every_rule_is_documented() {
    for rule in rules() {
        let docs = rule.docs();
        for section in ["## What it does", "## Why", "## Example", "## Use instead"] {
            assert!(docs.contains(section), "{}: docs lack {section}", rule.id);
        }
        assert!(
            rule.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{} is not kebab-case",
            rule.id
        );
    }
    let mut ids: Vec<_> = all().iter().map(|r| r.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), all().len(), "rule ids are unique");
}

#[test]
fn every_rule_is_listed_in_the_readme() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    for rule in all() {
        let row = format!("| `{}` | {} |", rule.id, rule.group.name());
        assert!(
            readme.contains(&row),
            "README's rule table lacks {}",
            rule.id
        );
    }
}
