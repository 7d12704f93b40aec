//! The same manifests against every supported Kubernetes version: what each version removed,
//! deprecates or serves is reported per version (`--kube-version`), and an unsupported version
//! is refused.

mod common;

use common::{chartcheck_in, repo};

const FIXTURE: &str = "tests/fixtures/lint-cli/kube-versions.yaml";

fn lint(version: &str) -> (String, String, i32) {
    let args = [
        "lint",
        "--no-config",
        "--select",
        "schema",
        "--fail-on",
        "note",
    ];
    chartcheck_in(
        &repo(),
        &[&args[..], &["--kube-version", version, FIXTURE]].concat(),
    )
}

#[test]
fn each_supported_version_reports_what_it_removed_and_deprecates() {
    for &version in chartcheck::kube::VERSIONS {
        let (out, err, status) = lint(version);
        assert_eq!(status, 1, "{version}: {out}{err}");
        insta::assert_snapshot!(format!("kube_{version}"), out);
    }
}

#[test]
fn an_unsupported_version_is_exit_2_naming_the_supported_ones() {
    let (out, err, status) = lint("1.20");
    assert_eq!(status, 2, "{out}");
    assert!(
        err.contains(
            "no Kubernetes API schemas for version 1.20; supported: 1.33, 1.34, 1.35, 1.36, 1.37"
        ),
        "{err}"
    );
}
