//! Where chartcheck is run from does not matter: the chart, environments and settings come from
//! the flags, the project's `.chartcheck.yaml` (from the working directory upwards, or the
//! chart's own with `--chart`), or the chart in the working directory; every "not found" says
//! what was looked for and how to change it. Also the code registry as users reach it:
//! `rules`, `explain`, SARIF descriptors.

mod common;

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use common::{helm, repo};

fn chartcheck(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("chartcheck")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// A small chart of its own: one Deployment whose image tag comes from values.
fn write_chart(dir: &Path, tag: &str) {
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::write(
        dir.join("Chart.yaml"),
        "apiVersion: v2\nname: web\nversion: 0.1.0\n",
    )
    .unwrap();
    std::fs::write(dir.join("values.yaml"), format!("tag: {tag}\n")).unwrap();
    std::fs::write(
        dir.join("templates/deployment.yaml"),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:{{ .Values.tag }}\n",
    )
    .unwrap();
}

#[test]
fn every_command_works_from_a_subdirectory_of_the_repository() {
    helm();
    let templates = repo().join("chart/templates");
    let lint = chartcheck(&templates, &["lint", "--select", "latest-tag"]);
    assert_eq!(lint.status.code(), Some(0), "{}", text(&lint));
    assert!(
        text(&lint).contains("linted 62 objects: 0 errors, 0 warnings"),
        "every environment of values/ was rendered: {}",
        text(&lint)
    );
    let validate = chartcheck(&templates, &["validate"]);
    assert_eq!(validate.status.code(), Some(0), "{}", text(&validate));
    assert!(text(&validate).contains("checked 4 values files: all valid"));
    for args in [
        &["schema", "--check"][..],
        &["docs", "--check"],
        &["diff", "--values"],
        &["diff", "staging", "prod"],
    ] {
        let output = chartcheck(&templates, args);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {}", text(&output));
    }
}

#[test]
fn outside_any_chart_every_command_says_what_it_looked_for() {
    let empty = tempfile::tempdir().unwrap();
    for args in [
        &["lint"][..],
        &["render"],
        &["validate"],
        &["validate", "some.yaml"],
        &["schema", "--check"],
        &["docs", "--check"],
        &["diff", "--values"],
        &["diff", "a", "b"],
    ] {
        let output = chartcheck(empty.path(), args);
        let out = text(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {out}");
        assert!(
            out.starts_with("error: no chart found: no Chart.yaml in "),
            "{args:?}: {out}"
        );
        assert!(
            out.contains("--chart DIR") && out.contains(".chartcheck.yaml"),
            "{args:?}: {out}"
        );
        assert_eq!(out.lines().count(), 1, "{args:?}: one line, no diff: {out}");
    }
    let output = chartcheck(empty.path(), &["lint", "--chart", "nowhere"]);
    assert_eq!(
        text(&output),
        "error: no chart at nowhere: it has no Chart.yaml (given with --chart)\n"
    );
}

#[test]
fn another_chart_inside_the_repository_never_borrows_its_settings() {
    helm();
    // Inside the repository tree, below its .chartcheck.yaml.
    let dir = tempfile::tempdir_in(repo().join("target")).unwrap();
    write_chart(dir.path(), "latest");
    let chart = dir.path().to_str().unwrap();
    let output = chartcheck(
        &repo(),
        &["lint", "--chart", chart, "--select", "latest-tag"],
    );
    let out = text(&output);
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(
        out.contains(&format!(
            "{}/values.yaml:1:1",
            dir.path().file_name().unwrap().to_string_lossy()
        )) && out.contains("rendered for defaults"),
        "its own values.yaml, not values/*.yaml: {out}"
    );
    assert!(!out.contains("values/prod.yaml"), "{out}");
    assert!(
        out.contains("Deployment/release-name-web"),
        "helm template's release name, not the repository's: {out}"
    );
    assert!(
        out.contains("linted 1 object: 1 error, 0 warnings"),
        "{out}"
    );

    // Its own .chartcheck.yaml applies, also from elsewhere.
    std::fs::write(
        dir.path().join(".chartcheck.yaml"),
        "release: web\nvalues: [values.yaml, prod.yaml]\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("prod.yaml"), "tag: '1.27'\n").unwrap();
    let output = chartcheck(
        &repo(),
        &["lint", "--chart", chart, "--select", "latest-tag"],
    );
    let out = text(&output);
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(out.contains("Deployment/web-web"), "{out}");
    assert!(
        out.contains("= note: environments: values"),
        "latest only where the defaults set it: {out}"
    );
    let output = chartcheck(dir.path(), &["diff", "values", "prod", "--exit-code"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(
        text(&output).contains("-      - image: nginx:latest"),
        "{}",
        text(&output)
    );
}

#[test]
fn a_configured_values_directory_that_is_missing_names_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    write_chart(dir.path(), "1.27");
    std::fs::write(dir.path().join(".chartcheck.yaml"), "values-dir: envs\n").unwrap();
    let output = chartcheck(dir.path(), &["validate"]);
    let out = text(&output);
    assert_eq!(output.status.code(), Some(2), "{out}");
    assert!(
        out.starts_with("error: cannot read the values directory envs (set by `values-dir` in .chartcheck.yaml): "),
        "{out}"
    );
}

#[test]
fn explain_knows_every_code_and_suggests_the_nearest() {
    for code in chartcheck::codes::all() {
        let output = chartcheck(&repo(), &["explain", code.id()]);
        assert_eq!(output.status.code(), Some(0), "{}", code.id());
        let out = text(&output);
        assert!(out.starts_with(&format!("# {} (", code.id())), "{out}");
        assert!(out.contains("## "), "{out}");
    }
    let output = chartcheck(&repo(), &["explain", "latest"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        text(&output),
        "error: no rule or code `latest`; did you mean `latest-tag`? (`chartcheck rules` lists them all)\n"
    );
    let output = chartcheck(&repo(), &["explain", "images"]);
    assert!(
        text(&output).contains("- `latest-tag`: "),
        "{}",
        text(&output)
    );
    let rules = text(&chartcheck(&repo(), &["rules"]));
    for code in chartcheck::codes::all() {
        assert!(
            rules
                .lines()
                .any(|l| l.starts_with(&format!("{} ", code.id()))),
            "{} is not listed",
            code.id()
        );
    }
}

#[test]
fn rules_lists_the_kubernetes_versions() {
    let output = chartcheck(&repo(), &["rules", "--kube-versions"]);
    let out = text(&output);
    let versions: Vec<&str> = out.lines().collect();
    assert_eq!(versions.len(), chartcheck::kube::VERSIONS.len(), "{out}");
    assert!(out.contains(&format!("{}  (default)", chartcheck::kube::DEFAULT_VERSION)));
}

#[test]
fn sarif_describes_the_code_of_every_result() {
    let output = chartcheck(
        &repo(),
        &[
            "validate",
            "--format",
            "sarif",
            "tests/fixtures/validate/unknown_key_at_depth.yaml",
        ],
    );
    let log: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let run = &log["runs"][0];
    let described: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for result in results {
        let id = result["ruleId"].as_str().unwrap();
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(described[index], id);
    }
}

#[test]
fn schema_leaves_an_unchanged_file_alone_and_check_names_a_missing_one() {
    let dir = tempfile::tempdir().unwrap();
    write_chart(dir.path(), "1.27");
    let output = chartcheck(dir.path(), &["schema", "--check"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output),
        "error: ./values.schema.json does not exist; run `chartcheck schema` to write it\n"
    );
    let output = chartcheck(dir.path(), &["schema"]);
    assert_eq!(text(&output), "wrote ./values.schema.json\n");
    let schema = dir.path().join("values.schema.json");
    let written = std::fs::metadata(&schema).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let output = chartcheck(dir.path(), &["schema"]);
    assert_eq!(text(&output), "./values.schema.json is up to date\n");
    assert_eq!(
        std::fs::metadata(&schema).unwrap().modified().unwrap(),
        written
    );
}

#[test]
fn a_settings_file_s_mistakes_are_named_at_their_line() {
    let dir = tempfile::tempdir().unwrap();
    write_chart(dir.path(), "1.27");
    let config = dir.path().join(".chartcheck.yaml");
    std::fs::write(&config, "release: web\nvalue-dir: envs\n").unwrap();
    let output = chartcheck(dir.path(), &["validate"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output)
            .starts_with("error: .chartcheck.yaml:2:1: unknown field `value-dir`, expected one of"),
        "{}",
        text(&output)
    );
    std::fs::write(&config, "release: web\nkube-version: 1.30\n").unwrap();
    let output = chartcheck(dir.path(), &["lint"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output).starts_with("error: .chartcheck.yaml:2:15: `kube-version` must be a string"),
        "{}",
        text(&output)
    );
}

#[test]
fn a_values_file_that_is_missing_is_unreadable_and_the_others_are_still_linted() {
    helm();
    let dir = tempfile::tempdir().unwrap();
    write_chart(dir.path(), "latest");
    let output = chartcheck(
        dir.path(),
        &[
            "lint",
            "--select",
            "latest-tag",
            "-f",
            "nope.yaml",
            "-f",
            "values.yaml",
        ],
    );
    let out = text(&output);
    assert_eq!(output.status.code(), Some(2), "{out}");
    assert!(
        out.starts_with(
            "error[unreadable]: cannot read the values file nope.yaml: No such file or directory"
        ),
        "{out}"
    );
    assert!(
        out.contains("error[latest-tag]"),
        "values.yaml was still linted: {out}"
    );
}
