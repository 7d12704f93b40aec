//! Every environment's render passes a strict Kubernetes API schema check (unknown fields,
//! wrong types, removed APIs) for the oldest and newest Kubernetes versions the chart
//! supports, and the Redis launch script passes shellcheck.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

/// The chart's `kubeVersion` floor and the newest release kubernetes-validate knows.
const KUBERNETES_VERSIONS: [&str; 2] = ["1.30.0", "1.37.0"];

/// A test tool from the project venv; missing tools fail the test.
fn tool(name: &str) -> Command {
    require_on_path(name, VENV_TOOLS);
    Command::new(name)
}

fn write_render(dir: &Path, env: &str) -> std::path::PathBuf {
    let text =
        chartcheck::render::template(&helm(), &request().values_file(env_file(env))).unwrap();
    let path = dir.join(format!("{env}.yaml"));
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn renders_pass_strict_kubernetes_schema_validation() {
    let dir = tempfile::tempdir().unwrap();
    for env in ENVIRONMENTS {
        let rendered = write_render(dir.path(), env);
        for version in KUBERNETES_VERSIONS {
            let output = tool("kubernetes-validate")
                .args(["--strict", "--quiet", "--kubernetes-version", version])
                .arg(&rendered)
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "{env} against Kubernetes {version}:\n{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
}

#[test]
fn the_validator_rejects_a_misspelled_field() {
    // Proves the check above can fail: a field one typo away is an error in strict mode.
    let dir = tempfile::tempdir().unwrap();
    let rendered = write_render(dir.path(), "prod");
    let broken = std::fs::read_to_string(&rendered).unwrap().replacen(
        "maxUnavailable: 0",
        "maxUnavailabel: 0",
        1,
    );
    std::fs::write(&rendered, broken).unwrap();
    let output = tool("kubernetes-validate")
        .args(["--strict", "--quiet"])
        .arg(&rendered)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("'maxUnavailabel' was unexpected"));
}

#[test]
fn the_rendered_launch_script_passes_shellcheck() {
    let docs = render_env("prod");
    let script = object(&docs, "ConfigMap", "journal-redis-launch")["data"]["launch.sh"]
        .as_str()
        .unwrap()
        .to_owned();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("launch.sh");
    std::fs::write(&path, script).unwrap();
    let output = tool("shellcheck")
        .args(["--shell=sh", "--severity=info"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}
