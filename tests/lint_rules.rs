//! Every lint rule against its fixtures, each rule its own test case, run in-process:
//! `pass.yaml` gives no finding, `fail.yaml` gives findings of that rule only, whose text
//! output is snapshotted (tests/snapshots/lint_rules__<rule>.snap). Edge cases live in the
//! fixtures; the CLI's own behaviour is tested in cli_lint.rs.

mod common;

use chartcheck::lint::config::Selection;
use chartcheck::lint::rules::{all, find};
use chartcheck::lint::{Input, Outcome, lint};
use chartcheck::report::{lint_summary, text};
use common::repo;

/// Lints `tests/fixtures/lint/<rule>/<name>` with only that rule selected, as
/// `chartcheck lint --no-config --select RULE FILE` does.
fn lint_fixture(rule: &str, name: &str) -> Outcome {
    let relative = format!("tests/fixtures/lint/{rule}/{name}");
    let text = std::fs::read_to_string(repo().join(&relative))
        .unwrap_or_else(|e| panic!("rule {rule} needs the fixture {relative}: {e}"));
    let input = Input {
        name: relative,
        environment: None,
        chart: None,
        text: text.into(),
    };
    let selection = Selection {
        select: vec![rule.to_owned()],
        ..Selection::default()
    };
    lint(&[vec![input]], &[], &selection).expect("the default Kubernetes version is supported")
}

/// What `chartcheck lint` prints for the outcome, without colour.
fn printed(outcome: &Outcome) -> String {
    let mut out = text::render(
        &outcome.diagnostics,
        &outcome.sources,
        text::Style::default(),
    );
    out.push_str(&lint_summary(
        &outcome.diagnostics,
        outcome.objects,
        outcome.incomplete,
    ));
    out.push('\n');
    out
}

fn check_rule(id: &str) {
    let rule = find(id).unwrap_or_else(|| panic!("no rule {id}"));
    let pass = lint_fixture(id, "pass.yaml");
    assert!(
        pass.diagnostics.is_empty() && !pass.incomplete,
        "{id}: pass.yaml has findings:\n{}",
        printed(&pass)
    );
    let fail = lint_fixture(id, "fail.yaml");
    assert!(
        !fail.incomplete,
        "{id}: fail.yaml could not be linted:\n{}",
        printed(&fail)
    );
    assert!(
        !fail.diagnostics.is_empty(),
        "{id}: fail.yaml gave no finding"
    );
    for diagnostic in &fail.diagnostics {
        assert_eq!(diagnostic.code, id, "{}", printed(&fail));
        let location = diagnostic
            .location
            .as_ref()
            .expect("a finding has a position");
        assert!(location.span.start.line > 0);
    }
    let docs = rule.docs();
    for section in ["## What it does", "## Why", "## Example", "## Use instead"] {
        assert!(docs.contains(section), "{id}: docs lack {section}");
    }
    insta::assert_snapshot!(id, printed(&fail));
}

/// One test per rule, so a failing rule never hides another; `every_rule_has_a_case` keeps
/// the list complete.
macro_rules! rule_cases {
    ($($name:ident => $id:literal,)+) => {
        $(
            #[test]
            fn $name() {
                check_rule($id);
            }
        )+
        const CASES: &[&str] = &[$($id),+];
    };
}

rule_cases! {
    added_capabilities => "added-capabilities",
    automount_service_account_token => "automount-service-account-token",
    default_namespace => "default-namespace",
    deprecated_api => "deprecated-api",
    duplicate_object => "duplicate-object",
    host_namespaces => "host-namespaces",
    host_path => "host-path",
    hpa_target_missing => "hpa-target-missing",
    ignore_without_reason => "ignore-without-reason",
    image_pull_policy => "image-pull-policy",
    ingress_backend_missing => "ingress-backend-missing",
    ingress_path_order => "ingress-path-order",
    invalid_field_type => "invalid-field-type",
    invalid_field_value => "invalid-field-value",
    latest_tag => "latest-tag",
    missing_config_reference => "missing-config-reference",
    missing_liveness_probe => "missing-liveness-probe",
    missing_network_policy => "missing-network-policy",
    missing_readiness_probe => "missing-readiness-probe",
    missing_required_field => "missing-required-field",
    missing_resources => "missing-resources",
    network_policy_selects_nothing => "network-policy-selects-nothing",
    pdb_selects_nothing => "pdb-selects-nothing",
    plaintext_secret => "plaintext-secret",
    pod_security => "pod-security",
    privilege_escalation => "privilege-escalation",
    privileged => "privileged",
    rbac_cluster_admin_binding => "rbac-cluster-admin-binding",
    rbac_dangling_reference => "rbac-dangling-reference",
    rbac_escalation_verbs => "rbac-escalation-verbs",
    rbac_nodes_proxy => "rbac-nodes-proxy",
    rbac_pod_exec => "rbac-pod-exec",
    rbac_secrets_access => "rbac-secrets-access",
    rbac_wildcard => "rbac-wildcard",
    removed_api => "removed-api",
    requests_not_equal_limits => "requests-not-equal-limits",
    run_as_root => "run-as-root",
    selector_mismatch => "selector-mismatch",
    server_populated_field => "server-populated-field",
    service_selects_nothing => "service-selects-nothing",
    single_replica => "single-replica",
    statefulset_headless_service => "statefulset-headless-service",
    unchecked_kind => "unchecked-kind",
    unknown_field => "unknown-field",
    unknown_kind => "unknown-kind",
    unversioned_configmap => "unversioned-configmap",
    writable_root_filesystem => "writable-root-filesystem",
}

#[test]
fn every_rule_has_a_case() {
    let mut ids: Vec<&str> = all().iter().map(|rule| rule.id).collect();
    ids.sort_unstable();
    assert_eq!(ids, CASES, "add the new rule to rule_cases! (sorted)");
}

#[test]
fn every_rule_is_listed_in_the_readme() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    for rule in all() {
        let row = format!("| `{}` | {} |", rule.id, rule.group.name());
        assert!(
            readme.contains(&row),
            "README's rule table lacks {}",
            rule.id
        );
    }
}
