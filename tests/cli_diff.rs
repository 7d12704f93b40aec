//! `chartcheck diff A B` from the built binary, with the real Helm engine: environments by name
//! or file, text and JSON, `--exit-code`, and inputs that cannot be compared.

mod common;

use common::{chartcheck_in, helm, repo};

/// `chartcheck diff ARGS` from the repository root: (stdout, stderr, exit code).
fn diff(args: &[&str]) -> (String, String, i32) {
    helm();
    chartcheck_in(&repo(), &[&["diff"], args].concat())
}

#[test]
fn staging_against_prod_shows_each_changed_object_and_a_summary() {
    let (out, err, status) = diff(&["staging", "prod", "--exit-code"]);
    assert_eq!(status, 1, "{out}{err}");
    insta::assert_snapshot!(out);
}

#[test]
fn json_lists_objects_with_their_change_and_diff() {
    let (out, err, status) = diff(&["dev", "values/prod.yaml", "--format", "json"]);
    assert_eq!(
        status, 0,
        "without --exit-code a difference is not a failure: {err}"
    );
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["a"], "values/dev.yaml");
    assert_eq!(report["b"], "values/prod.yaml");
    let changes: Vec<String> = report["objects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            format!(
                "{} {} {}",
                o["change"].as_str().unwrap(),
                o["kind"].as_str().unwrap(),
                o["name"].as_str().unwrap()
            )
        })
        .collect();
    // prod's ConfigMap version and the HPA that only prod enables.
    assert!(
        changes.contains(&"added ConfigMap journal-frontend-config-v3".to_owned()),
        "{changes:?}"
    );
    assert!(
        changes.contains(&"removed ConfigMap journal-frontend-config-v4".to_owned()),
        "{changes:?}"
    );
    assert!(
        changes
            .iter()
            .any(|c| c.starts_with("changed Deployment journal-frontend")),
        "{changes:?}"
    );
    let summary = &report["summary"];
    assert_eq!(
        summary["changed"].as_u64().unwrap()
            + summary["added"].as_u64().unwrap()
            + summary["removed"].as_u64().unwrap(),
        changes.len() as u64
    );
}

#[test]
fn identical_environments_are_exit_0_with_exit_code() {
    let (out, err, status) = diff(&["prod", "values/prod.yaml", "--exit-code"]);
    assert_eq!(status, 0, "{out}{err}");
    assert!(
        out.starts_with("values/prod.yaml → values/prod.yaml: 0 changed, 0 added, 0 removed, "),
        "{out}"
    );
}

#[test]
fn an_unknown_environment_is_exit_2_naming_the_known_ones() {
    let (_, err, status) = diff(&["prod", "qa"]);
    assert_eq!(status, 2, "{err}");
    assert_eq!(
        err,
        "error: `qa` is neither a values file nor an environment's name; the environments are dev, prod, staging\n"
    );
}

#[test]
fn a_values_file_that_fails_to_render_is_exit_2_with_helm_s_message() {
    let (out, err, status) = diff(&["prod", "tests/fixtures/lint-cli/env-broken.yaml"]);
    assert_eq!(status, 2, "{out}{err}");
    assert!(out.is_empty(), "no partial diff: {out}");
    assert!(
        err.contains("could not render tests/fixtures/lint-cli/env-broken.yaml"),
        "{err}"
    );
    assert!(err.contains("minimum: got -1, want 0"), "{err}");
}

#[test]
fn values_lists_every_key_that_differs_across_the_environments_named() {
    let (out, err, status) = diff(&["--values", "dev", "staging", "prod"]);
    assert_eq!(status, 0, "{err}");
    insta::assert_snapshot!(out);
    let (_, _, status) = diff(&["--values", "--exit-code"]);
    assert_eq!(status, 1, "the environments differ");
    let (out, _, status) = diff(&["--values", "prod", "values/prod.yaml", "--exit-code"]);
    assert_eq!(
        (status, out.as_str()),
        (0, "key  prod  prod\n0 keys differ across prod, prod\n")
    );
}

#[test]
fn values_as_json_names_each_environment_s_value() {
    let (out, err, status) = diff(&["--values", "--format", "json"]);
    assert_eq!(status, 0, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        report["environments"],
        serde_json::json!(["dev", "prod", "staging"])
    );
    let replicas = report["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["key"] == "redis.replicas")
        .unwrap();
    assert_eq!(
        replicas["values"],
        serde_json::json!({"dev": 1, "prod": 3, "staging": 3})
    );
}

#[test]
fn values_of_a_broken_file_or_too_few_environments_are_exit_2() {
    let (_, err, status) = diff(&[
        "--values",
        "prod",
        "tests/fixtures/validate/not_a_mapping.yaml",
    ]);
    assert_eq!(status, 2, "{err}");
    assert!(err.contains("a values file must be a mapping"), "{err}");
    let (_, err, status) = diff(&["--values", "prod"]);
    assert_eq!(
        (status, err.as_str()),
        (
            2,
            "error: diff --values needs at least two environments, 1 found\n"
        )
    );
    let (_, err, status) = diff(&["prod"]);
    assert_eq!(status, 2, "{err}");
    assert!(
        err.contains("diff compares two environments (A B), 1 given"),
        "{err}"
    );
}
