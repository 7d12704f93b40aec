//! The same manifests against every supported Kubernetes version: what each version removed,
//! deprecates or serves is reported per version (`--kube-version`), and an unsupported version
//! is refused.

mod common;

use std::fmt::Write as _;

use common::{chartcheck_in, repo};

const FIXTURE: &str = "tests/fixtures/lint-cli/kube-versions.yaml";

/// `lint --select schema` of `file` (relative to `dir`) against `version`.
fn lint_in(dir: &std::path::Path, version: &str, file: &str) -> (String, String, i32) {
    let args = [
        "lint",
        "--no-config",
        "--select",
        "schema",
        "--fail-on",
        "note",
    ];
    chartcheck_in(
        dir,
        &[&args[..], &["--kube-version", version, file]].concat(),
    )
}

fn lint(version: &str) -> (String, String, i32) {
    lint_in(&repo(), version, FIXTURE)
}

#[test]
fn each_supported_version_reports_what_it_removed_and_deprecates() {
    assert_eq!(chartcheck::kube::VERSIONS.first(), Some(&"1.30"));
    for &version in chartcheck::kube::VERSIONS {
        let (out, err, status) = lint(version);
        assert_eq!(status, 1, "{version}: {out}{err}");
        insta::assert_snapshot!(format!("kube_{version}"), out);
    }
}

/// Removals inside the oldest supported versions: one from the deprecation guide (flow
/// control's v1beta3 in 1.32, with what changed in v1), one only the schemas know (dynamic
/// resource allocation's first alpha in 1.31), and the replacement each version offers.
const REMOVED_SINCE_1_30: &str = "\
# Served up to 1.31; the deprecation guide lists its removal in 1.32.
apiVersion: flowcontrol.apiserver.k8s.io/v1beta3
kind: PriorityLevelConfiguration
metadata:
  name: batch
spec:
  type: Limited
  limited:
    nominalConcurrencyShares: 10
    limitResponse:
      type: Reject
---
# Alpha in 1.30, gone in 1.31 (v1alpha3 next, then v1beta1, v1beta2 and v1).
apiVersion: resource.k8s.io/v1alpha2
kind: ResourceClaim
metadata:
  name: gpu
spec:
  resourceClassName: gpu.example.com
";

#[test]
fn removals_within_the_supported_versions_are_dated_by_version() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("removed.yaml"), REMOVED_SINCE_1_30).unwrap();
    let mut all = String::new();
    for &version in chartcheck::kube::VERSIONS {
        let (out, err, status) = lint_in(dir.path(), version, "removed.yaml");
        assert_eq!(status, 1, "{version}: {out}{err}");
        writeln!(all, "===== --kube-version {version}\n{out}").unwrap();
    }
    insta::assert_snapshot!("removed_since_1.30", all);
}

#[test]
fn an_unsupported_version_is_exit_2_naming_the_supported_ones() {
    for version in ["1.29", "1.20", "1.38"] {
        let (out, err, status) = lint(version);
        assert_eq!(status, 2, "{version}: {out}");
        let expected = format!(
            "no Kubernetes API schemas for version {version}; supported: 1.30 to 1.37 \
             (`chartcheck rules --kube-versions` lists them)"
        );
        assert!(err.contains(&expected), "{err}");
    }
}
