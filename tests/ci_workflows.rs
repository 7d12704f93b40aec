//! The GitHub Actions workflows in `ci/workflows/`: valid against the workflow schema, and the
//! user workflow's chartcheck steps run as the runner runs them (`bash -eo pipefail`), on this
//! repository's chart: clean, and with findings still written to the SARIF file it uploads.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{VENV_TOOLS, helm, repo, require_on_path};
use serde_json::Value;

fn workflow(name: &str) -> Value {
    let text = std::fs::read_to_string(repo().join("ci/workflows").join(name)).unwrap();
    serde_saphyr::from_str(&text).unwrap()
}

/// The `run:` script of the step called `name`.
fn step(workflow: &Value, job: &str, name: &str) -> String {
    workflow["jobs"][job]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no step {name}"))["run"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A step's script, run as GitHub's runner runs `shell: bash`, with chartcheck on PATH.
fn run_step(script: &str, dir: &Path, values_dir: &Path) -> Output {
    helm();
    let bin = Path::new(env!("CARGO_BIN_EXE_chartcheck"))
        .parent()
        .unwrap();
    let path = std::env::join_paths(
        std::iter::once(bin.to_path_buf())
            .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
        .current_dir(dir)
        .env("PATH", path)
        .env("CHART", repo().join("chart"))
        .env("VALUES_DIR", values_dir)
        .output()
        .unwrap()
}

#[test]
fn the_workflows_are_valid_github_actions_workflows() {
    require_on_path("check-jsonschema", VENV_TOOLS);
    let output = Command::new("check-jsonschema")
        .args(["--builtin-schema", "vendor.github-workflows"])
        .arg(repo().join("ci/workflows/chartcheck.yml"))
        .arg(repo().join("ci/workflows/project.yml"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let project = workflow("project.yml");
    assert_eq!(step(&project, "test", "Every test"), ".ci/run");
}

#[test]
fn the_user_workflow_validates_lints_and_writes_sarif_for_upload() {
    let flow = workflow("chartcheck.yml");
    // The user's checkout: its lint config at the root.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo().join(".chartcheck.yaml"),
        dir.path().join(".chartcheck.yaml"),
    )
    .unwrap();
    let values = repo().join("values");
    let validate = run_step(
        &step(&flow, "chartcheck", "Validate values"),
        dir.path(),
        &values,
    );
    assert!(
        validate.status.success(),
        "{}",
        String::from_utf8_lossy(&validate.stdout)
    );
    let lint = run_step(
        &step(&flow, "chartcheck", "Lint renders"),
        dir.path(),
        &values,
    );
    assert!(
        lint.status.success(),
        "{}",
        String::from_utf8_lossy(&lint.stderr)
    );
    let clean = sarif(dir.path());
    assert_eq!(clean["runs"][0]["tool"]["driver"]["name"], "chartcheck");
    assert_eq!(clean["runs"][0]["results"], serde_json::json!([]));

    // With findings the step fails (the job's last step fails it), and the SARIF still holds
    // them for the upload, which runs `if: always()`.
    let findings = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/lint-cli/env-a.yaml"),
        findings.path().join("env-a.yaml"),
    )
    .unwrap();
    let lint = run_step(
        &step(&flow, "chartcheck", "Lint renders"),
        dir.path(),
        findings.path(),
    );
    assert_eq!(
        lint.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&lint.stderr)
    );
    let results = sarif(dir.path())["runs"][0]["results"]
        .as_array()
        .unwrap()
        .len();
    assert!(results > 0, "the findings are in the SARIF file");
    let upload = flow["jobs"]["chartcheck"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Upload to code scanning")
        .unwrap();
    assert_eq!(upload["if"], "always()");
    assert_eq!(upload["with"]["sarif_file"], "chartcheck.sarif");
}

fn sarif(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("chartcheck.sarif")).unwrap()).unwrap()
}
