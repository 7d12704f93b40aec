//! `chartcheck validate` from the built binary: every error case with its exact human and JSON
//! output (snapshots), and the exit status a CI job relies on.

mod common;

use assert_cmd::Command;
use common::repo;

/// Runs `chartcheck validate ARGS` from the repository root and returns (stdout, exit code).
fn validate(args: &[&str], format: &str) -> (String, i32) {
    let output = Command::cargo_bin("chartcheck")
        .unwrap()
        .current_dir(repo())
        .arg("validate")
        .args(["--format", format])
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    (stdout, output.status.code().unwrap())
}

/// Snapshots the text and JSON output for fixtures and checks the exit status.
fn case(name: &str, fixtures: &[&str], expected_status: i32) {
    let paths: Vec<String> = fixtures
        .iter()
        .map(|f| format!("tests/fixtures/validate/{f}.yaml"))
        .collect();
    let args: Vec<&str> = paths.iter().map(String::as_str).collect();
    let (text, status) = validate(&args, "text");
    assert_eq!(status, expected_status, "{name}: text output:\n{text}");
    insta::assert_snapshot!(format!("{name}_text"), text);
    let (json, status) = validate(&args, "json");
    assert_eq!(status, expected_status, "{name}: json output:\n{json}");
    let parsed: serde_json::Value = serde_json::from_str(&json).expect("--format json prints JSON");
    insta::assert_json_snapshot!(format!("{name}_json"), parsed);
}

#[test]
fn the_repository_environments_are_valid() {
    let (text, status) = validate(&[], "text");
    assert_eq!(status, 0, "{text}");
    assert_eq!(text, "checked 4 values files: all valid\n");
}

#[test]
fn unknown_key_at_depth_suggests_the_known_key() {
    case("unknown_key_at_depth", &["unknown_key_at_depth"], 1);
}

#[test]
fn wrong_types() {
    case("wrong_type", &["wrong_type"], 1);
}

#[test]
fn quantity_formats() {
    case("quantity_format", &["quantity_format"], 1);
}

#[test]
fn values_out_of_range() {
    case("out_of_range", &["out_of_range"], 1);
}

#[test]
fn a_null_deletes_a_default_and_stays_elsewhere() {
    case("null_handling", &["null_handling"], 1);
}

#[test]
fn errors_in_several_files_are_all_reported() {
    case("multiple_files", &["multi_a", "multi_b"], 1);
}

#[test]
fn yaml_syntax_error_is_exit_2_and_other_files_are_still_checked() {
    case("yaml_syntax", &["yaml_syntax", "multi_b"], 2);
}

#[test]
fn duplicate_keys_are_an_error() {
    case("duplicate_keys", &["duplicate_keys"], 2);
}

#[test]
fn a_document_that_is_not_a_mapping_is_exit_2() {
    case("not_a_mapping", &["not_a_mapping"], 2);
}

#[test]
fn empty_and_comment_only_files_are_valid() {
    case("empty", &["empty", "comment_only"], 0);
}

#[test]
fn yaml_1_1_scalars_are_read_as_helm_reads_them() {
    case("yaml11", &["yaml11_valid"], 0);
}

#[test]
fn a_missing_file_is_named_and_exit_2() {
    case("missing_file", &["does_not_exist", "multi_b"], 2);
}

#[test]
fn a_chart_without_a_schema_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("values.yaml"), "a: 1\n").unwrap();
    std::fs::write(
        dir.path().join("Chart.yaml"),
        "apiVersion: v2\nname: a\nversion: 0.1.0\n",
    )
    .unwrap();
    let output = Command::cargo_bin("chartcheck")
        .unwrap()
        .args(["validate", "--chart"])
        .arg(dir.path())
        .arg(dir.path().join("values.yaml"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("error[no-schema]: cannot read"), "{stdout}");
    assert!(
        stdout.contains("a chart without a schema has nothing to validate values against"),
        "{stdout}"
    );
}

/// Writes `text` as a values file in a temporary directory and validates it.
fn validate_text(text: &str) -> (String, i32) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("generated.yaml");
    std::fs::write(&file, text).unwrap();
    validate(&[file.to_str().unwrap()], "text")
}

#[test]
fn a_billion_laughs_is_refused_with_a_clear_error() {
    let mut text = String::from(
        "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n",
    );
    for level in 1..10 {
        let previous = (b'a' + level - 1) as char;
        let name = (b'a' + level) as char;
        let refs = vec![format!("*{previous}"); 9].join(", ");
        text.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    let (output, status) = validate_text(&text);
    assert_eq!(status, 2, "{output}");
    assert!(output.contains("error[yaml-syntax]"), "{output}");
    assert!(
        output.contains("2000000"),
        "the message names the limit: {output}"
    );
}

#[test]
fn nesting_ten_thousand_deep_is_refused_with_a_clear_error() {
    let text = format!("frontend: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let (output, status) = validate_text(&text);
    assert_eq!(status, 2, "{output}");
    assert!(output.contains("error[yaml-syntax]"), "{output}");
    assert!(
        output.contains("256"),
        "the message names the limit: {output}"
    );
}

#[test]
fn combinations_the_chart_refuses_are_reported_where_they_are_set() {
    // The same checks the templates make at render time (tests/chart_bad_values.rs).
    case("combinations", &["combinations"], 1);
}
