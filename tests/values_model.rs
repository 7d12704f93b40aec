//! The typed values model and the chart cannot drift: the chart's defaults and every
//! environment deserialize into it, and the committed schema is what the model generates.

mod common;

use assert_cmd::Command;
use chartcheck::values::Values;
use common::*;
use predicates::prelude::*;

#[test]
fn chart_defaults_deserialize_into_the_model() {
    let defaults = read_yaml(&chart_dir().join("values.yaml"));
    if let Err(err) = serde_json::from_value::<Values>(defaults) {
        panic!("chart/values.yaml does not match the values model: {err}");
    }
}

#[test]
fn every_environment_deserializes_into_the_model() {
    for env in ENVIRONMENTS {
        if let Err(err) = serde_json::from_value::<Values>(merged_values(env)) {
            panic!("values/{env}.yaml over the chart's defaults does not match the model: {err}");
        }
    }
}

#[test]
fn the_model_refuses_unknown_keys() {
    let mut values = read_yaml(&chart_dir().join("values.yaml"));
    values["frontend"]["replicaCont"] = 3.into();
    let err = serde_json::from_value::<Values>(values).unwrap_err();
    assert!(
        err.to_string().contains("unknown field `replicaCont`"),
        "{err}"
    );
}

fn chartcheck() -> Command {
    let mut command = Command::cargo_bin("chartcheck").unwrap();
    command.current_dir(repo());
    command
}

#[test]
fn committed_schema_is_in_sync_with_the_model() {
    chartcheck()
        .args(["schema", "--check"])
        .assert()
        .success()
        .stdout("chart/values.schema.json is up to date\n");
}

/// A chart directory with only its Chart.yaml.
fn empty_chart() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Chart.yaml"),
        "apiVersion: v2\nname: journal\nversion: 0.1.0\n",
    )
    .unwrap();
    dir
}

#[test]
fn a_stale_schema_fails_the_check_with_a_diff() {
    let dir = empty_chart();
    let committed = std::fs::read_to_string(chart_dir().join("values.schema.json")).unwrap();
    let stale = committed.replace(
        "read replicas.\",\n          \"maximum\": 2147483647,\n          \"minimum\": 1,",
        "read replicas.\",\n          \"maximum\": 2147483647,\n          \"minimum\": 0,",
    );
    assert_ne!(stale, committed, "the edit must apply");
    std::fs::write(dir.path().join("values.schema.json"), stale).unwrap();
    let output = chartcheck()
        .args(["schema", "--check", "--chart"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "is out of date with the values model; run `chartcheck schema`",
        ))
        .get_output()
        .stdout
        .clone();
    let diff = String::from_utf8(output).unwrap();
    let changed: Vec<&str> = diff
        .lines()
        .filter(|l| {
            (l.starts_with('-') || l.starts_with('+'))
                && !l.starts_with("---")
                && !l.starts_with("+++")
        })
        .collect();
    assert_eq!(
        changed,
        ["-          \"minimum\": 0,", "+          \"minimum\": 1,"]
    );
}

#[test]
fn schema_writes_the_file_and_offers_draft_2020_12() {
    let dir = empty_chart();
    chartcheck()
        .args(["schema", "--chart"])
        .arg(dir.path())
        .assert()
        .success();
    let written = std::fs::read_to_string(dir.path().join("values.schema.json")).unwrap();
    assert_eq!(
        written,
        std::fs::read_to_string(chart_dir().join("values.schema.json")).unwrap()
    );
    assert!(written.ends_with("}\n"));

    chartcheck()
        .args(["schema", "--draft", "2020-12", "--chart"])
        .arg(dir.path())
        .assert()
        .success();
    let written = std::fs::read_to_string(dir.path().join("values.schema.json")).unwrap();
    assert!(written.contains("\"$schema\": \"https://json-schema.org/draft/2020-12/schema\""));
}

#[test]
fn counts_that_become_int32_fields_stop_at_the_int32_range() {
    // 2147483648 fits the Rust type, renders, and the API server refuses it as `replicas`.
    let dir = tempfile::tempdir().unwrap();
    let file = values_file(
        dir.path(),
        "huge.yaml",
        "frontend:\n  replicas: 2147483648\n  autoscaling:\n    maxReplicas: 2147483647\n",
    );
    chartcheck()
        .arg("validate")
        .arg(&file)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "`frontend.replicas` must be at most 2147483647, found 2147483648",
        ))
        .stdout(predicate::str::contains("maxReplicas").not());
}
