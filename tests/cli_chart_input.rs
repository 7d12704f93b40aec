//! A chart as `chartcheck lint` takes it: `lint DIR` and `--chart DIR` with the chart's
//! defaults, `.helmignore` and what `crds/` may hold, `--set`/`--set-string`, renders made for
//! the target Kubernetes version (`.Capabilities`), and a chart that does not render.

mod common;

use serde_json::Value;

use common::*;

const CHART: &str = "tests/fixtures/chart-input/capabilities";

/// `chartcheck lint --no-config ARGS --format json` in the repository: (report, exit code).
fn lint_json(args: &[&str]) -> (Value, i32) {
    helm(); // fail loudly when helm is missing
    let base = ["lint", "--no-config", "--format", "json"];
    let (stdout, stderr, status) = chartcheck_in(&repo(), &[&base[..], args].concat());
    let report = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}\n{stderr}"));
    (report, status)
}

fn rules(report: &Value) -> Vec<&str> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect()
}

fn finding<'a>(report: &'a Value, rule: &str) -> &'a Value {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == rule)
        .unwrap_or_else(|| panic!("no {rule} finding in {report:#}"))
}

#[test]
fn a_chart_directory_is_rendered_with_its_defaults_and_its_crds() {
    let (report, status) = lint_json(&["--select", "schema", CHART]);
    assert_eq!(status, 0, "{report:#}");
    // The kustomization.yaml and the broken file that .helmignore leaves out are never read;
    // the Namespace helm would install from crds/ is skipped with a note.
    assert_eq!(rules(&report), ["not-a-crd"], "{report:#}");
    let note = finding(&report, "not-a-crd");
    assert_eq!(note["severity"], "note");
    assert_eq!(
        note["location"]["file"],
        format!("{CHART}/crds/extra/namespace.yaml")
    );
    assert_eq!(report["summary"]["objects"], 3);
    assert_eq!(report["summary"]["complete"], true);

    let (by_flag, status) = lint_json(&["--select", "schema", "--chart", CHART]);
    assert_eq!(status, 0);
    assert_eq!(by_flag, report, "--chart DIR alone is the same as lint DIR");
}

#[test]
fn a_chart_directory_goes_alone() {
    helm();
    let (_, stderr, status) = chartcheck_in(&repo(), &["lint", CHART, "chart/values.yaml"]);
    assert_eq!(status, 2);
    assert!(stderr.contains("is a chart directory"), "{stderr}");
    let (_, stderr, status) = chartcheck_in(&repo(), &["lint", CHART, "--chart", "chart"]);
    assert_eq!(status, 2);
    assert!(stderr.contains("give the chart one way"), "{stderr}");
}

#[test]
fn renders_see_the_target_clusters_apis() {
    // Without the target's APIs, `.Capabilities.APIVersions.Has "policy/v1/PodDisruptionBudget"`
    // is false and the chart falls back to policy/v1beta1, which 1.25 removed.
    let (report, status) = lint_json(&["--select", "removed-api,deprecated-api", CHART]);
    assert_eq!(status, 0, "{report:#}");
    assert_eq!(rules(&report), ["not-a-crd"], "{report:#}");

    // A CRD the cluster has, named with --api-versions: the chart renders its custom resource,
    // which is checked against the CRD from the chart's crds/.
    let (report, _) = lint_json(&[
        "--select",
        "schema",
        "--api-versions",
        "example.com/v1/Widget",
        "--set",
        "widgetSize=9",
        CHART,
    ]);
    assert_eq!(report["summary"]["objects"], 4, "{report:#}");
    let too_big = finding(&report, "invalid-field-value");
    assert_eq!(too_big["object"]["kind"], "Widget", "{too_big:#}");
}

#[test]
fn render_tells_the_chart_which_kubernetes_version() {
    helm();
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_str().unwrap();
    let (_, stderr, status) = chartcheck_in(
        &repo(),
        &[
            "render",
            "--no-config",
            "--chart",
            CHART,
            "--kube-version",
            "1.31",
            "--output-dir",
            dir,
        ],
    );
    assert_eq!(status, 0, "{stderr}");
    let rendered = std::fs::read_to_string(out.path().join("values.yaml")).unwrap();
    assert!(
        rendered.contains("example.com/kube-version: \"v1.31.0\""),
        "{rendered}"
    );
    assert!(rendered.contains("apiVersion: policy/v1\n"), "{rendered}");
    assert!(
        rendered.contains("apiVersion: autoscaling/v2\n"),
        "{rendered}"
    );

    let (_, stderr, status) = chartcheck_in(
        &repo(),
        &[
            "render",
            "--no-config",
            "--chart",
            CHART,
            "--kube-version",
            "1.2",
        ],
    );
    assert_eq!(status, 2);
    assert!(
        stderr.contains("no Kubernetes API schemas for version 1.2"),
        "{stderr}"
    );
}

#[test]
fn set_and_set_string_reach_helm_and_no_file_is_blamed_for_them() {
    let (report, status) =
        lint_json(&["--select", "latest-tag", "--set", "image.tag=latest", CHART]);
    assert_eq!(status, 1, "{report:#}");
    let latest = finding(&report, "latest-tag");
    // values.yaml says 1.0.0: the command line set `latest`, so no values line is named.
    assert_eq!(latest["source"]["values"], Value::Null, "{latest:#}");
    assert_eq!(
        latest["source"]["template"]["file"],
        format!("{CHART}/templates/deployment.yaml")
    );

    let (report, status) = lint_json(&[
        "--select",
        "latest-tag",
        "--set",
        "image.tag=latest",
        "--set-string",
        "image.tag=2.0",
        CHART,
    ]);
    assert_eq!(status, 0, "--set-string comes last: {report:#}");
}

#[test]
fn a_chart_that_does_not_render_is_exit_2_at_the_template_line() {
    helm();
    let (stdout, _, status) = chartcheck_in(
        &repo(),
        &[
            "lint",
            "--no-config",
            CHART,
            "--set",
            "image.repository=null",
        ],
    );
    assert_eq!(status, 2, "{stdout}");
    assert!(
        stdout.contains(&format!(
            "error[render-failed]: could not render {CHART}/values.yaml --set image.repository=null\n  --> {CHART}/templates/deployment.yaml:19:22"
        )),
        "{stdout}"
    );
    assert!(stdout.contains("image.repository is required"), "{stdout}");
}

#[test]
fn a_chart_without_values_yaml_renders_with_no_values() {
    helm();
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("bare");
    std::fs::create_dir_all(chart.join("templates")).unwrap();
    std::fs::write(
        chart.join("Chart.yaml"),
        "apiVersion: v2\nname: bare\nversion: 0.1.0\n",
    )
    .unwrap();
    std::fs::write(
        chart.join("templates/configmap.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  a: \"1\"\n",
    )
    .unwrap();
    let (stdout, stderr, status) = chartcheck_in(dir.path(), &["lint", "--no-config", "bare"]);
    assert_eq!(status, 0, "{stdout}{stderr}");
    assert!(stdout.contains("linted 1 object: 0 errors"), "{stdout}");
}
