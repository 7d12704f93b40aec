//! Finding tracing against the hand-written ground truth of `tests/fixtures/trace/EXPECTED.md`:
//! every finding of the two fixture charts, with the template line and the values keys that
//! wrote it, checked from `lint --format json`; snapshots of every output format; and the
//! template positions findings are placed at exist on disk.
//!
//! The binary runs from `tests/fixtures/trace`, the directory EXPECTED.md's paths are relative
//! to, so the paths it prints are relative and the same on every machine.

mod common;

use std::path::PathBuf;

use common::*;
use serde_json::Value;

/// The directory the fixtures' paths (and chartcheck's output) are relative to.
fn trace_dir() -> PathBuf {
    repo().join("tests/fixtures/trace")
}

/// The two lint runs of EXPECTED.md.
#[derive(Clone, Copy, Debug)]
enum Chart {
    /// `constructs/` with the environments `constructs-values/env.yaml` and `other.yaml`.
    Constructs,
    /// `defaults-only/` with its own `values.yaml` alone.
    DefaultsOnly,
}

impl Chart {
    fn args(self) -> &'static [&'static str] {
        match self {
            Chart::Constructs => &[
                "--chart",
                "constructs",
                "-f",
                "constructs-values/env.yaml",
                "-f",
                "constructs-values/other.yaml",
            ],
            Chart::DefaultsOnly => &["--chart", "defaults-only"],
        }
    }
}

/// `chartcheck lint --no-config <chart> --release rel EXTRA` from `tests/fixtures/trace`, without
/// colour; asserts exit 1 (both charts have findings and render cleanly) and returns stdout.
fn lint(chart: Chart, extra: &[&str]) -> String {
    helm(); // fails with how to get helm, rather than a render error in the output
    let args = [
        &["lint", "--no-config"],
        chart.args(),
        &["--release", "rel"],
        extra,
    ]
    .concat();
    let (out, err, status) = chartcheck_in(&trace_dir(), &args);
    assert_eq!(
        status, 1,
        "chartcheck {args:?}: expected exit 1\n{out}\n{err}"
    );
    out
}

fn lint_json(chart: Chart) -> Value {
    let out = lint(chart, &["--format", "json"]);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

/// One row of EXPECTED.md's tables.
///
/// - `object`: `Kind/name`; `envs`: comma-separated, in the order chartcheck lists them;
/// - `pointer`: a leading `…` stands for `/spec/template/spec`, as in EXPECTED.md;
/// - `message`: a fragment of the finding's message, where EXPECTED.md tells two findings of
///   one rule on one field apart (`""` otherwise);
/// - `template`: `file:line:column` of `source.template`;
/// - `helper`: `file:line:column name` of `source.template.helper`, or `""` for none;
/// - `values`: `source.values` in order, `, `-separated, each `file:line:column key`, with
///   ` unset` appended for `"unset": true`; `""` for none.
struct Row {
    n: u32,
    rule: &'static str,
    object: &'static str,
    envs: &'static str,
    pointer: &'static str,
    message: &'static str,
    template: &'static str,
    helper: &'static str,
    values: &'static str,
}

#[allow(clippy::too_many_arguments)]
const fn row(
    n: u32,
    rule: &'static str,
    object: &'static str,
    envs: &'static str,
    pointer: &'static str,
    message: &'static str,
    template: &'static str,
    helper: &'static str,
    values: &'static str,
) -> Row {
    Row {
        n,
        rule,
        object,
        envs,
        pointer,
        message,
        template,
        helper,
        values,
    }
}

/// EXPECTED.md, `constructs/`: rows 1 to 17, and 22 to 31.
#[rustfmt::skip]
const CONSTRUCTS: &[Row] = &[
    row(1, "privileged", "DaemonSet/rel-fx-agent", "env,other", "…/containers/0/securityContext/privileged", "", "constructs/templates/agent-daemonset.yaml:26:13", "", "constructs/values.yaml:64:5 agent.securityContext.privileged"),
    row(2, "run-as-root", "DaemonSet/rel-fx-agent", "env,other", "…/containers/0/securityContext/runAsNonRoot", "", "constructs/templates/agent-daemonset.yaml:26:13", "", "constructs/values.yaml:65:5 agent.securityContext.runAsNonRoot"),
    row(3, "host-namespaces", "DaemonSet/rel-fx-agent", "other", "…/hostNetwork", "", "constructs/templates/agent-daemonset.yaml:14:20", "", "constructs-values/other.yaml:7:3 agent.hostNetwork"),
    row(4, "latest-tag", "Deployment/rel-store", "env", "…/containers/0/image", "", "constructs/charts/cache/templates/deployment.yaml:19:50", "", "constructs-values/env.yaml:3:3 global.imageTag"),
    row(5, "writable-root-filesystem", "Deployment/rel-store", "env,other", "…/containers/0/securityContext/readOnlyRootFilesystem", "", "constructs/charts/cache/templates/deployment.yaml:27:37", "", "constructs/charts/cache/values.yaml:6:3 store.securityContext.readOnlyRootFilesystem"),
    row(6, "single-replica", "Deployment/rel-store", "other", "/spec/replicas", "", "constructs/charts/cache/templates/deployment.yaml:6:13", "", "constructs-values/other.yaml:5:3 store.replicas"),
    row(7, "latest-tag", "Deployment/rel-fx-api", "env,other", "…/containers/0/image", "", "constructs/templates/api-deployment.yaml:17:18", "constructs/templates/_helpers.tpl:15:1 fx.image", "constructs/values.yaml:10:5 api.image.tag"),
    row(8, "missing-resources", "Deployment/rel-fx-api", "env,other", "…/containers/0/resources", "no cpu request, memory request or memory limit", "constructs/templates/api-deployment.yaml:29:13", "", "constructs/values.yaml:11:3 api.resources"),
    // Row 9 (the memory half of row 8) is gone: `missing-resources` reports a container once.
    row(10, "latest-tag", "Deployment/rel-fx-frontend", "env", "…/containers/0/image", "", "constructs/templates/frontend-deployment.yaml:18:46", "", "constructs-values/env.yaml:6:5 frontend.image.tag"),
    row(11, "single-replica", "Deployment/rel-fx-frontend", "other", "/spec/replicas", "", "constructs/templates/frontend-deployment.yaml:7:13", "", "constructs-values/other.yaml:3:3 frontend.replicas"),
    row(12, "single-replica", "Deployment/rel-fx-gateway", "env", "/spec/replicas", "", "constructs/templates/gateway-deployment.yaml:7:13", "", "constructs-values/env.yaml:8:3 gateway.replicas"),
    row(13, "privilege-escalation", "Deployment/rel-fx-relay", "env,other", "…/containers/1/securityContext/allowPrivilegeEscalation", "", "constructs/templates/relay-deployment.yaml:25:39", "", "constructs/values.yaml:54:7 relay.containers[1].allowPrivilegeEscalation"),
    row(14, "image-pull-policy", "Deployment/rel-fx-web", "env,other", "…/containers/1/imagePullPolicy", "", "constructs/templates/web.yaml:48:28", "", "constructs/values.yaml:84:5 web.proxy.pullPolicy"),
    row(15, "requests-not-equal-limits", "Deployment/rel-fx-worker-indexer", "env,other", "…/containers/0/resources/limits/cpu", "cpu limit 1 differs from its request 500m", "constructs/templates/workers-deployment.yaml:31:13", "", "constructs/values.yaml:43:9 workers.indexer.resources.limits.cpu"),
    row(16, "latest-tag", "CronJob/rel-fx-batch", "env,other", "/spec/jobTemplate/spec/template/spec/containers/0/image", "", "constructs/templates/batch-cronjob.yaml:17:22", "", "constructs/values.yaml:73:3 batch.image"),
    row(17, "host-namespaces", "DaemonSet/rel-fx-agent", "env,other", "…/hostPID", "", "constructs/templates/agent-daemonset.yaml:16:7", "", "constructs/values.yaml:62:5 agent.hostPID.enabled"),
    row(22, "automount-service-account-token", "DaemonSet/rel-fx-agent", "env,other", "…/automountServiceAccountToken", "", "constructs/templates/agent-daemonset.yaml:13:5", "", ""),
    row(23, "automount-service-account-token", "Deployment/rel-store", "env,other", "…/automountServiceAccountToken", "", "constructs/charts/cache/templates/deployment.yaml:16:5", "", ""),
    row(24, "automount-service-account-token", "Deployment/rel-fx-api", "env,other", "…/automountServiceAccountToken", "", "constructs/templates/api-deployment.yaml:14:5", "", ""),
    row(25, "automount-service-account-token", "Deployment/rel-fx-frontend", "env,other", "…/automountServiceAccountToken", "", "constructs/templates/frontend-deployment.yaml:15:5", "", ""),
    row(26, "automount-service-account-token", "Deployment/rel-fx-gateway", "env,other", "…/automountServiceAccountToken", "", "constructs/templates/gateway-deployment.yaml:15:5", "", ""),
    row(27, "automount-service-account-token", "Deployment/rel-fx-relay", "env,other", "…/automountServiceAccountToken", "", "constructs/templates/relay-deployment.yaml:14:5", "", ""),
    row(28, "automount-service-account-token", "Deployment/rel-fx-web", "env,other", "…/automountServiceAccountToken", "", "constructs/templates/web.yaml:26:5", "", ""),
    row(29, "automount-service-account-token", "Deployment/rel-fx-worker-indexer", "env,other", "…/automountServiceAccountToken", "", "constructs/templates/workers-deployment.yaml:16:5", "", ""),
    row(30, "automount-service-account-token", "Deployment/rel-fx-worker-mailer", "env,other", "…/automountServiceAccountToken", "", "constructs/templates/workers-deployment.yaml:16:5", "", ""),
    row(31, "automount-service-account-token", "CronJob/rel-fx-batch", "env,other", "/spec/jobTemplate/spec/template/spec/automountServiceAccountToken", "", "constructs/templates/batch-cronjob.yaml:13:9", "", ""),
];

/// EXPECTED.md, `defaults-only/`: rows 18 to 21, and 32.
#[rustfmt::skip]
const DEFAULTS_ONLY: &[Row] = &[
    row(18, "single-replica", "Deployment/rel-solo", "defaults", "/spec/replicas", "", "defaults-only/templates/deployment.yaml:6:13", "", "defaults-only/values.yaml:2:1 replicaCount"),
    row(19, "missing-liveness-probe", "Deployment/rel-solo", "defaults", "…/containers/0/livenessProbe", "", "defaults-only/templates/deployment.yaml:24:13", "", "defaults-only/values.yaml:7:1 server.livenessProbe unset"),
    row(20, "latest-tag", "Deployment/rel-solo", "defaults", "…/containers/0/image", "", "defaults-only/templates/deployment.yaml:19:50", "", "defaults-only/values.yaml:5:3 image.tag"),
    row(21, "writable-root-filesystem", "Deployment/rel-solo", "defaults", "…/containers/0/securityContext/readOnlyRootFilesystem", "", "defaults-only/templates/deployment.yaml:33:13", "", ""),
    row(32, "automount-service-account-token", "Deployment/rel-solo", "defaults", "…/automountServiceAccountToken", "", "defaults-only/templates/deployment.yaml:16:5", "", ""),
];

fn pointer(row: &Row) -> String {
    match row.pointer.strip_prefix('…') {
        Some(rest) => format!("/spec/template/spec{rest}"),
        None => row.pointer.to_owned(),
    }
}

/// `file:line:column` of a JSON position (`source.template`, a helper, a values origin).
fn position(at: &Value) -> String {
    format!(
        "{}:{}:{}",
        at["file"].as_str().unwrap_or("?"),
        at["line"],
        at["column"]
    )
}

fn object(finding: &Value) -> String {
    let object = &finding["object"];
    format!(
        "{}/{}",
        object["kind"].as_str().unwrap_or("?"),
        object["name"].as_str().unwrap_or("?")
    )
}

fn environments(finding: &Value) -> String {
    let envs = finding["environments"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    envs.iter()
        .map(|e| e.as_str().unwrap_or("?"))
        .collect::<Vec<_>>()
        .join(",")
}

fn helper(finding: &Value) -> String {
    match &finding["source"]["template"]["helper"] {
        Value::Null => String::new(),
        helper => format!(
            "{} {}",
            position(helper),
            helper["name"].as_str().unwrap_or("?")
        ),
    }
}

/// `source.values` in the row's notation.
fn values(finding: &Value) -> String {
    let origins = finding["source"]["values"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    origins
        .iter()
        .map(|origin| {
            let mut text = format!(
                "{} {}",
                position(origin),
                origin["key"].as_str().unwrap_or("?")
            );
            match &origin["unset"] {
                Value::Null | Value::Bool(false) => {}
                Value::Bool(true) => text += " unset",
                other => text += &format!(" unset={other}"),
            }
            text
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Matches every row to one finding (by rule, object, pointer and message fragment) and checks
/// the rest of the row; fails naming every row that differs and every finding no row expects.
fn check_against_table(chart: Chart, rows: &[Row]) {
    let report = lint_json(chart);
    let findings = report["findings"].as_array().expect("findings is a list");
    let mut matched = vec![false; findings.len()];
    let mut problems = Vec::new();

    for row in rows {
        let pointer = pointer(row);
        let found = findings.iter().enumerate().position(|(i, f)| {
            !matched[i]
                && f["rule"] == row.rule
                && object(f) == row.object
                && f["pointer"] == pointer.as_str()
                && f["message"].as_str().unwrap_or("").contains(row.message)
        });
        let Some(i) = found else {
            problems.push(format!(
                "#{} {} {} {pointer}: no such finding",
                row.n, row.rule, row.object
            ));
            continue;
        };
        matched[i] = true;
        let finding = &findings[i];
        let mut check = |what: &str, actual: String, expected: &str| {
            if actual != expected {
                problems.push(format!(
                    "#{} {} {}: {what} is `{actual}`, expected `{expected}`",
                    row.n, row.rule, row.object
                ));
            }
        };
        check("environments", environments(finding), row.envs);
        check(
            "source.template",
            position(&finding["source"]["template"]),
            row.template,
        );
        check("source.template.helper", helper(finding), row.helper);
        check("source.values", values(finding), row.values);
        // The finding is placed where the source is: the template line that wrote the value.
        check("location", position(&finding["location"]), row.template);
    }
    for (finding, _) in findings.iter().zip(&matched).filter(|(_, m)| !**m) {
        problems.push(format!(
            "a finding no row of EXPECTED.md expects: {} {} {} at {}: {}",
            finding["rule"],
            object(finding),
            finding["pointer"],
            position(&finding["source"]["template"]),
            finding["message"]
        ));
    }
    assert!(
        problems.is_empty(),
        "{chart:?} differs from EXPECTED.md:\n{}\n\nreport:\n{report:#}",
        problems.join("\n")
    );
}

#[test]
fn constructs_findings_are_traced_as_expected_md_says() {
    check_against_table(Chart::Constructs, CONSTRUCTS);
}

#[test]
fn defaults_only_findings_are_traced_as_expected_md_says() {
    check_against_table(Chart::DefaultsOnly, DEFAULTS_ONLY);
}

#[test]
fn every_constructs_finding_is_placed_at_a_template_file_on_disk() {
    let report = lint_json(Chart::Constructs);
    let findings = report["findings"].as_array().expect("findings is a list");
    assert!(!findings.is_empty());
    for finding in findings {
        let what = format!("{} {}", finding["rule"], object(finding));
        let file = finding["location"]["file"]
            .as_str()
            .unwrap_or_else(|| panic!("{what}: no location.file: {finding:#}"));
        assert!(
            !file.contains("rendered"),
            "{what}: placed in the render, not the chart: {file}"
        );
        assert!(
            trace_dir().join(file).is_file(),
            "{what}: location.file {file} is not a file (relative to tests/fixtures/trace)"
        );
        let template = &finding["source"]["template"];
        assert!(
            template["file"].is_string() && template["line"].is_u64(),
            "{what}: no source.template: {finding:#}"
        );
    }
}

// Snapshots of every output a user sees, with paths relative to `tests/fixtures/trace`.

#[test]
fn constructs_text() {
    insta::assert_snapshot!("constructs_text", lint(Chart::Constructs, &[]));
}

#[test]
fn constructs_text_show_rendered() {
    insta::assert_snapshot!(
        "constructs_text_show_rendered",
        lint(Chart::Constructs, &["--show-rendered"])
    );
}

#[test]
fn constructs_json() {
    insta::assert_snapshot!(
        "constructs_json",
        lint(Chart::Constructs, &["--format", "json"])
    );
}

#[test]
fn constructs_sarif() {
    insta::assert_snapshot!("constructs_sarif", sarif(Chart::Constructs));
}

#[test]
fn defaults_only_text() {
    insta::assert_snapshot!("defaults_only_text", lint(Chart::DefaultsOnly, &[]));
}

#[test]
fn defaults_only_text_show_rendered() {
    insta::assert_snapshot!(
        "defaults_only_text_show_rendered",
        lint(Chart::DefaultsOnly, &["--show-rendered"])
    );
}

#[test]
fn defaults_only_json() {
    insta::assert_snapshot!(
        "defaults_only_json",
        lint(Chart::DefaultsOnly, &["--format", "json"])
    );
}

#[test]
fn defaults_only_sarif() {
    insta::assert_snapshot!("defaults_only_sarif", sarif(Chart::DefaultsOnly));
}

/// The SARIF report, with the driver's rule descriptors cut to their ids and its version
/// replaced: the descriptors hold every rule's documentation (checked by `cli_project.rs`),
/// which has nothing to do with tracing and would change these snapshots whenever a rule's
/// text does. Results, with their locations and related locations, are as printed.
fn sarif(chart: Chart) -> String {
    let out = lint(chart, &["--format", "sarif"]);
    let mut report: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let driver = &mut report["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "chartcheck");
    driver["version"] = "[version]".into();
    let rules = driver["rules"]
        .as_array_mut()
        .expect("driver.rules is a list");
    for rule in rules {
        *rule = serde_json::json!({ "id": rule["id"].clone() });
    }
    serde_json::to_string_pretty(&report).unwrap() + "\n"
}
