//! `chartcheck render` from the built binary: every environment, failures reported with exit 2
//! while the other environments are still rendered.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use assert_cmd::Command;
use common::*;
use predicates::prelude::*;

fn chartcheck() -> Command {
    let mut command = Command::cargo_bin("chartcheck").unwrap();
    command.current_dir(repo());
    command
}

/// An executable script standing in for helm.
fn fake_helm(dir: &Path, body: &str) -> std::path::PathBuf {
    let path = dir.join("helm");
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn renders_every_environment() {
    helm(); // fail loudly, not with a confusing exit status, when helm is missing
    let output = chartcheck()
        .arg("render")
        .assert()
        .success()
        .get_output()
        .clone();
    insta::assert_snapshot!(String::from_utf8(output.stdout).unwrap());
}

#[test]
fn writes_each_render_when_asked() {
    helm();
    let out = tempfile::tempdir().unwrap();
    chartcheck()
        .args(["render", "-f", "values/prod.yaml", "--output-dir"])
        .arg(out.path())
        .assert()
        .success();
    let written = std::fs::read_to_string(out.path().join("prod.yaml")).unwrap();
    assert!(written.starts_with("---\n# Source: journal/templates/"));
    assert!(written.contains("name: journal-frontend-config-v3"));
}

#[test]
fn a_failing_environment_is_reported_and_the_others_still_render() {
    helm();
    let dir = tempfile::tempdir().unwrap();
    let bad = values_file(dir.path(), "broken.yaml", "frontend:\n  replicas: -2\n");
    chartcheck()
        .args(["render", "-f"])
        .arg(&bad)
        .args(["-f", "values/prod.yaml"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("values/prod.yaml: 21 objects"))
        .stderr(predicate::str::contains("helm template failed for"))
        .stderr(predicate::str::contains("broken.yaml"))
        .stderr(predicate::str::contains(
            "at '/frontend/replicas': minimum: got -2, want 0",
        ));
}

#[test]
fn helm_not_found_is_exit_2() {
    let empty = tempfile::tempdir().unwrap();
    chartcheck()
        .arg("render")
        .env_remove("HELM_BIN")
        .env("PATH", empty.path())
        .assert()
        .code(2)
        .stderr(predicates::str::starts_with(
            "error: helm not found: HELM_BIN is not set and no `helm` is on PATH; install helm, or set HELM_BIN",
        ))
        .stderr(predicates::str::contains("ci/bin/helm"));
    chartcheck()
        .arg("render")
        .env("HELM_BIN", "/nonexistent/helm")
        .assert()
        .code(2)
        .stderr("error: HELM_BIN=/nonexistent/helm is not an executable file\n");
}

#[test]
fn helm_printing_broken_yaml_is_exit_2_never_clean() {
    let dir = tempfile::tempdir().unwrap();
    let helm = fake_helm(
        dir.path(),
        "printf -- '---\\napiVersion: v1\\nkind: A\\nmetadata:\\n  name: a\\n---\\nkind: [unclosed\\n'",
    );
    chartcheck()
        .args(["render", "-f", "values/dev.yaml"])
        .env("HELM_BIN", &helm)
        .assert()
        .code(2)
        .stdout("values/dev.yaml: 1 object (A 1)\n")
        .stderr(predicate::str::contains(
            "error: values/dev.yaml: rendered output at line 7:7: this document is not valid YAML",
        ));
}

#[test]
fn a_missing_values_directory_is_named() {
    chartcheck()
        .args(["render", "--values-dir", "no-such-dir"])
        .env(
            "HELM_BIN",
            fake_helm(tempfile::tempdir().unwrap().path(), "exit 0"),
        )
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "error: cannot read the values directory no-such-dir (set by --values-dir): No such file or directory",
        ));
}

#[test]
fn a_helm_that_hangs_is_stopped_and_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let helm = fake_helm(dir.path(), "sleep 60");
    let started = std::time::Instant::now();
    chartcheck()
        .args(["render", "-f", "values/dev.yaml"])
        .env("HELM_BIN", &helm)
        .env("CHARTCHECK_HELM_TIMEOUT", "1")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "did not finish within 1 s and was stopped (CHARTCHECK_HELM_TIMEOUT sets the limit)",
        ));
    // Not a time limit on chartcheck: proof that it did not wait for the 60 s sleep.
    assert!(started.elapsed() < std::time::Duration::from_secs(50));
    chartcheck()
        .args(["render"])
        .env("HELM_BIN", &helm)
        .env("CHARTCHECK_HELM_TIMEOUT", "soon")
        .assert()
        .code(2)
        .stderr("error: CHARTCHECK_HELM_TIMEOUT=\"soon\" is not a number of seconds\n");
}

#[test]
fn a_template_error_shows_helm_s_message_with_the_template_line() {
    helm();
    let dir = tempfile::tempdir().unwrap();
    let values = values_file(
        dir.path(),
        "no-password.yaml",
        "redis:\n  auth:\n    existingSecret: \"\"\n",
    );
    chartcheck()
        .args(["render", "-f"])
        .arg(&values)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "execution error at (journal/templates/redis-statefulset.yaml:",
        ))
        .stderr(predicate::str::contains("redis.auth: no password source"));
}
