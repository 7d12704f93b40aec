//! A security scanner's consensus checks (checkov's Kubernetes policies) over every
//! environment's render: all pass except a short list of accepted findings, each with a reason.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::*;
use serde_json::Value;

/// Findings the chart accepts on purpose: (check, object "Kind/name" or any, why).
const ACCEPTED: [(&str, Option<&str>, &str); 5] = [
    (
        "CKV_K8S_21",
        None,
        "no object names a namespace: `helm install --namespace` places the release",
    ),
    (
        "CKV_K8S_43",
        None,
        "images are pinned by tag per environment; image.digest pins them further where a team wants it",
    ),
    (
        "CKV_K8S_15",
        None,
        "tags are pinned and never moved, so IfNotPresent gives the same image without a registry round trip",
    ),
    (
        "CKV_K8S_8",
        Some("Pod/journal-test-connection"),
        "the helm test pod runs once to completion; a liveness probe has nothing to watch",
    ),
    (
        "CKV_K8S_9",
        Some("Pod/journal-test-connection"),
        "the helm test pod runs once to completion; nothing routes traffic to it",
    ),
];

/// Checks the scanner must have run and passed: the consensus of mature linters.
const REQUIRED_PASSES: [(&str, &str); 12] = [
    ("CKV_K8S_8", "liveness probe"),
    ("CKV_K8S_9", "readiness probe"),
    ("CKV_K8S_10", "CPU requests"),
    ("CKV_K8S_11", "CPU limits"),
    ("CKV_K8S_12", "memory requests"),
    ("CKV_K8S_13", "memory limits"),
    ("CKV_K8S_14", "image tag is fixed, not latest or blank"),
    ("CKV_K8S_16", "not privileged"),
    ("CKV_K8S_20", "no privilege escalation"),
    ("CKV_K8S_22", "read-only root filesystem"),
    ("CKV_K8S_23", "does not run as root"),
    ("CKV_K8S_37", "capabilities dropped"),
];

/// "Deployment.default.journal-frontend" → "Deployment/journal-frontend".
fn object_name(resource: &str) -> String {
    let mut parts = resource.splitn(3, '.');
    let kind = parts.next().unwrap_or_default();
    let name = parts.nth(1).unwrap_or_default();
    format!("{kind}/{name}")
}

fn accepted(check: &str, object: &str) -> bool {
    ACCEPTED
        .iter()
        .any(|(id, only, _)| *id == check && only.is_none_or(|o| o == object))
}

fn checkov(files: &[PathBuf]) -> Value {
    require_on_path("checkov", VENV_TOOLS);
    let output = Command::new("checkov")
        .args([
            "--framework",
            "kubernetes",
            "--output",
            "json",
            "--skip-download",
        ])
        // Files, not a directory: checkov skips directories whose names start with a dot.
        .args(
            files
                .iter()
                .flat_map(|f| ["--file".as_ref(), f.as_os_str()]),
        )
        .env("BC_SKIP_MAPPING", "TRUE") // no network look-ups
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "checkov printed no JSON ({e}):\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

#[test]
fn every_environment_passes_the_consensus_security_checks() {
    let dir = tempfile::tempdir().unwrap();
    let mut objects = 0u64;
    let mut files = Vec::new();
    for env in ENVIRONMENTS {
        let text =
            chartcheck::render::template(&helm(), &request().values_file(env_file(env))).unwrap();
        objects += chartcheck::manifest::parse_objects(&text.as_str().into(), 0, env)
            .0
            .len() as u64;
        let file = dir.path().join(format!("{env}.yaml"));
        std::fs::write(&file, text).unwrap();
        files.push(file);
    }
    let report = checkov(&files);

    let summary = &report["summary"];
    assert_eq!(summary["parsing_errors"], 0, "{summary}");
    // checkov also counts each pod's containers as resources of their own.
    let scanned = summary["resource_count"].as_u64().unwrap_or(0);
    assert!(
        scanned >= objects,
        "checkov saw {scanned} resources of {objects} objects"
    );

    let results = &report["results"];
    let unexpected: Vec<String> = results["failed_checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| {
            let check = f["check_id"].as_str().unwrap();
            let object = object_name(f["resource"].as_str().unwrap());
            (!accepted(check, &object)).then(|| {
                format!(
                    "{check} {object} in {}: {}",
                    f["file_path"], f["check_name"]
                )
            })
        })
        .collect();
    assert!(
        unexpected.is_empty(),
        "new security findings:\n{}",
        unexpected.join("\n")
    );

    let passed: Vec<&str> = results["passed_checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["check_id"].as_str().unwrap())
        .collect();
    for (check, what) in REQUIRED_PASSES {
        assert!(passed.contains(&check), "{check} ({what}) was not checked");
    }
}
