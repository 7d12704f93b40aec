//! Custom resources checked against their CustomResourceDefinitions: given with `--crds`, in
//! the config's `crds:`, in a rendered chart's `crds/` directory; and CRD files that cannot be
//! used.

mod common;

use std::path::Path;

use common::*;

const WIDGETS: &str = "tests/fixtures/lint-cli/widgets.yaml";
const WIDGET_CRD: &str = "tests/fixtures/crds/widgets.yaml";

/// `chartcheck lint --select schema ARGS` in `dir`: (stdout, exit code).
fn lint_schema(dir: &Path, args: &[&str]) -> (String, i32) {
    let base = ["lint", "--select", "schema", "--fail-on", "note"];
    let (stdout, stderr, status) = chartcheck_in(dir, &[&base[..], args].concat());
    (stdout + &stderr, status)
}

#[test]
fn custom_resources_are_checked_against_the_crds_given() {
    let (out, status) = lint_schema(&repo(), &["--no-config", "--crds", WIDGET_CRD, WIDGETS]);
    assert_eq!(status, 1, "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn without_the_crd_custom_resources_are_noted_as_unchecked() {
    let (out, status) = lint_schema(&repo(), &["--no-config", "--format", "json", WIDGETS]);
    assert_eq!(status, 1, "{out}");
    assert_eq!(
        unchecked_kinds(&out),
        ["Widget", "Widget", "Gadget"],
        "{out}"
    );
}

/// The kinds of the `unchecked-kind` findings of a JSON report (which has no others).
fn unchecked_kinds(json: &str) -> Vec<String> {
    let report: serde_json::Value = serde_json::from_str(json).unwrap();
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "unchecked-kind")
        .map(|f| f["object"]["kind"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_config_names_crds_relative_to_itself() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("crds")).unwrap();
    std::fs::copy(
        repo().join(WIDGET_CRD),
        dir.path().join("crds/widgets.yaml"),
    )
    .unwrap();
    std::fs::copy(repo().join(WIDGETS), dir.path().join("widgets.yaml")).unwrap();
    std::fs::write(dir.path().join(".chartcheck.yaml"), "crds: [crds]\n").unwrap();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let (out, status) = lint_schema(&sub, &["--format", "json", "../widgets.yaml"]);
    assert_eq!(status, 1, "{out}");
    let unchecked = unchecked_kinds(&out);
    assert_eq!(unchecked, ["Gadget"], "the Widgets were checked: {out}");
}

#[test]
fn a_rendered_chart_s_crds_directory_is_read() {
    helm();
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("widgets");
    std::fs::create_dir_all(chart.join("templates")).unwrap();
    std::fs::create_dir_all(chart.join("crds")).unwrap();
    std::fs::write(
        chart.join("Chart.yaml"),
        "apiVersion: v2\nname: widgets\nversion: 1.0.0\n",
    )
    .unwrap();
    std::fs::copy(repo().join(WIDGET_CRD), chart.join("crds/widgets.yaml")).unwrap();
    std::fs::write(
        chart.join("templates/widget.yaml"),
        "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: {{ .Values.size }}\n  colour: red\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("prod.yaml"), "size: 2\n").unwrap();
    let (out, status) = lint_schema(
        dir.path(),
        &[
            "--no-config",
            "--chart",
            "widgets",
            "-f",
            "prod.yaml",
            "--no-trace",
        ],
    );
    assert_eq!(status, 1, "{out}");
    assert!(
        out.contains("unknown field `colour` in `spec` of example.com/v1 Widget"),
        "{out}"
    );
    assert!(out.contains("did you mean `color`?"), "{out}");
}

#[test]
fn crd_files_that_cannot_be_used_are_exit_2_and_the_rest_is_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.yaml");
    let text = std::fs::read_to_string(repo().join(WIDGET_CRD)).unwrap();
    std::fs::write(
        &broken,
        text.replace("size: {type: integer, minimum: 1}", "size: {type: 7}"),
    )
    .unwrap();
    let not_crds = dir.path().join("not-crds.yaml");
    std::fs::write(
        &not_crds,
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n",
    )
    .unwrap();
    let missing = dir.path().join("missing.yaml");
    let (out, status) = lint_schema(
        dir.path(),
        &[
            "--no-config",
            "--crds",
            broken.to_str().unwrap(),
            "--crds",
            not_crds.to_str().unwrap(),
            "--crds",
            missing.to_str().unwrap(),
            &repo().join(WIDGETS).display().to_string(),
            &repo()
                .join("tests/fixtures/lint/unknown-field/fail.yaml")
                .display()
                .to_string(),
        ],
    );
    assert_eq!(status, 2, "{out}");
    let out = out
        .replace(&dir.path().display().to_string(), "TMP")
        .replace(&repo().display().to_string(), "REPO");
    assert!(out.contains("error[invalid-crd]: CustomResourceDefinition `widgets.example.com` the schema of version v1 does not compile"), "{out}");
    assert!(out.contains("--> TMP/broken.yaml:15:9"), "{out}");
    assert!(
        out.contains("error[no-crd]: TMP/not-crds.yaml has no CustomResourceDefinition"),
        "{out}"
    );
    assert!(out.contains("cannot read TMP/missing.yaml"), "{out}");
    assert!(
        out.contains("error[unknown-field]: unknown field `request`"),
        "the other files were still linted: {out}"
    );
}

const BACKUP_CRD: &str = "tests/fixtures/crds/backups.yaml";

#[test]
fn a_controller_gen_crd_s_metadata_is_object_meta() {
    let valid = "tests/fixtures/lint-cli/backups-valid.yaml";
    let (out, status) = lint_schema(&repo(), &["--no-config", "--crds", BACKUP_CRD, valid]);
    assert_eq!(status, 0, "{out}");
}

#[test]
fn custom_resource_mistakes_are_worded_as_for_built_in_kinds() {
    let invalid = "tests/fixtures/lint-cli/backups-invalid.yaml";
    let (out, status) = lint_schema(&repo(), &["--no-config", "--crds", BACKUP_CRD, invalid]);
    assert_eq!(status, 1, "{out}");
    for raw in [
        "False schema",
        "is not valid under",
        "does not match",
        "is less than",
    ] {
        assert!(!out.contains(raw), "validator text `{raw}` in:\n{out}");
    }
    insta::assert_snapshot!(out);
}
