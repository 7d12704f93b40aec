//! `chartcheck docs`: the values reference in the chart's README, written and checked from the
//! built binary; stale, missing and broken inputs.

mod common;

use std::path::Path;

use common::{chartcheck_in, copy_tree, repo};

/// `chartcheck docs ARGS` in `dir`: (stdout, stderr, exit code).
fn docs(dir: &Path, args: &[&str]) -> (String, String, i32) {
    chartcheck_in(dir, &[&["docs"], args].concat())
}

/// A copy of the repository's chart in a temporary directory.
fn chart_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("chart"), &dir.path().join("chart"));
    std::fs::write(dir.path().join(".chartcheck.yaml"), "chart: chart\n").unwrap();
    dir
}

#[test]
fn the_repository_s_values_reference_is_current() {
    let (out, err, status) = docs(&repo(), &["--check"]);
    assert_eq!(status, 0, "{out}{err}");
    assert_eq!(out, "chart/README.md: the values reference is up to date\n");
}

#[test]
fn a_stale_reference_is_exit_1_with_a_diff_and_docs_rewrites_it() {
    let dir = chart_copy();
    let readme = dir.path().join("chart/README.md");
    let text = std::fs::read_to_string(&readme).unwrap();
    let stale = text.replace(
        "| `redis.replicas` | integer | `3` |",
        "| `redis.replicas` | integer | `1` |",
    );
    assert_ne!(stale, text, "the fixture edit must apply");
    std::fs::write(&readme, &stale).unwrap();
    let (out, err, status) = docs(dir.path(), &["--check"]);
    assert_eq!(status, 1, "{out}{err}");
    insta::assert_snapshot!(out);
    assert!(err.contains("run `chartcheck docs` to rewrite it"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&readme).unwrap(),
        stale,
        "--check writes nothing"
    );

    let (out, _, status) = docs(dir.path(), &[]);
    assert_eq!(
        (status, out.as_str()),
        (0, "wrote the values reference in chart/README.md\n")
    );
    assert_eq!(std::fs::read_to_string(&readme).unwrap(), text);
    assert_eq!(docs(dir.path(), &["--check"]).2, 0);
}

#[test]
fn without_markers_a_values_section_is_appended_and_the_rest_is_kept() {
    let dir = chart_copy();
    let readme = dir.path().join("chart/README.md");
    std::fs::write(&readme, "# journal\n\nHand-written text.\n").unwrap();
    assert_eq!(
        docs(dir.path(), &["--check"]).2,
        1,
        "missing markers are stale"
    );
    assert_eq!(docs(dir.path(), &[]).2, 0);
    let text = std::fs::read_to_string(&readme).unwrap();
    assert!(
        text.starts_with(
            "# journal\n\nHand-written text.\n\n## Values\n\n<!-- chartcheck:values:begin"
        ),
        "{text}"
    );
    assert!(
        text.contains("| `redis.replicas` | integer | `3` | ≥ 1; ≤ 2147483647 |"),
        "{text}"
    );
}

#[test]
fn broken_or_missing_defaults_are_exit_2_naming_the_file() {
    let dir = chart_copy();
    let values = dir.path().join("chart/values.yaml");
    std::fs::write(&values, "redis:\n  replicas: [1\n").unwrap();
    let (_, err, status) = docs(dir.path(), &["--check"]);
    assert_eq!(status, 2, "{err}");
    assert!(err.starts_with("error: chart/values.yaml:"), "{err}");

    let (_, err, status) = docs(dir.path(), &["--chart", "nowhere"]);
    assert_eq!(status, 2, "{err}");
    assert!(err.contains("no chart at nowhere"), "{err}");

    std::fs::remove_file(&values).unwrap();
    let (_, err, status) = docs(dir.path(), &["--check"]);
    assert_eq!(status, 2, "{err}");
    assert!(err.starts_with("error: chart/values.yaml: "), "{err}");
}
