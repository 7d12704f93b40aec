//! The malformed-input corpus: every case, from the built binary, beside a witness input that
//! has a finding of its own. Each case's output is snapshotted
//! (`tests/snapshots/malformed_inputs__<case>.snap`): what it says, where. Each has its expected
//! exit status: 2 when the case could not be checked, 1 when it was handled and only the
//! witness (or the case's own finding) fails the run. In every case the witness's finding is
//! in the output: one bad input never hides the others. Large and binary cases are generated.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::repo;

const LINT_WITNESS: &str = "tests/fixtures/malformed/witness.yaml";
const VALUES_WITNESS: &str = "tests/fixtures/malformed/witness-values.yaml";

/// Each lint fixture in tests/fixtures/malformed/lint/ and its exit status.
const LINT_FILES: &[(&str, i32)] = &[
    ("tab-indentation", 2),
    ("bad-indentation", 2),
    ("unclosed-double-quote", 2),
    ("unclosed-single-quote", 2),
    ("unclosed-flow-mapping", 2),
    ("unclosed-flow-sequence", 2),
    ("duplicate-keys", 2),
    ("billion-laughs", 2),
    ("undefined-alias", 2),
    ("invalid-escape", 2),
    ("control-character", 2),
    ("nul-byte", 2),
    ("latin-1", 2),
    ("utf-16", 2),
    ("scalar-document", 2),
    ("list-document", 2),
    ("missing-kind", 2),
    ("missing-api-version", 2),
    ("missing-name", 2),
    ("metadata-not-a-mapping", 2),
    ("kind-not-a-string", 2),
    ("name-null", 2),
    ("name-yaml11-boolean", 2),
    ("complex-key", 2),
    ("list-items-not-a-list", 2),
    ("yaml-version-2", 2),
    ("broken-middle-document", 2),
    ("empty", 2),
    ("comment-only", 2),
    ("separators-only", 2),
    // Handled: valid input, or a finding of its own (exit 1 with the witness's).
    ("byte-order-mark", 1),
    ("crlf-line-endings", 1),
    ("custom-tag", 1),
    ("document-end-marker", 1),
    ("number-beyond-i64", 1),
];

/// Each values fixture in tests/fixtures/malformed/values/ and its exit status.
const VALUES_FILES: &[(&str, i32)] = &[
    ("a-list", 2),
    ("a-scalar", 2),
    ("tab-indentation", 2),
    ("duplicate-keys", 2),
    ("latin-1", 2),
    ("unclosed-quote", 2),
    ("billion-laughs", 2),
    ("empty", 1),
    ("number-beyond-i64", 1),
];

struct Run {
    output: String,
    status: i32,
}

/// `chartcheck ARGS` from the repository root, `stdin` piped in; temporary paths read `TMP`.
fn chartcheck(args: &[&str], stdin: Option<&[u8]>, tmp: &Path) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_chartcheck"))
        .current_dir(repo())
        .env("NO_COLOR", "1")
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(bytes) = stdin {
        // The child may stop reading early (that is one of the cases): ignore a broken pipe.
        let _ = child.stdin.take().unwrap().write_all(bytes);
    }
    let output = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    Run {
        output: text.replace(&tmp.display().to_string(), "TMP"),
        status: output.status.code().unwrap(),
    }
}

fn lint(case: &str, tmp: &Path) -> Run {
    let base = ["lint", "--no-config", "--select", "latest-tag,schema"];
    chartcheck(&[&base[..], &[case, LINT_WITNESS]].concat(), None, tmp)
}

fn check(name: &str, run: &Run, status: i32, witness: &str) {
    assert_eq!(run.status, status, "{name}: exit status\n{}", run.output);
    assert!(
        run.output.contains(witness),
        "{name}: the witness was not checked\n{}",
        run.output
    );
    assert!(!run.output.contains("panicked"), "{name}\n{}", run.output);
    insta::assert_snapshot!(name, run.output);
}

const LINT_SEEN: &str = "error[latest-tag]: image `ghcr.io/example/app:latest`";
const VALUES_SEEN: &str = "unknown key `replicaz`";

#[test]
fn every_malformed_manifest_file() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, status) in LINT_FILES {
        let case = format!("tests/fixtures/malformed/lint/{name}.yaml");
        assert!(repo().join(&case).is_file(), "missing fixture {case}");
        check(
            &format!("lint-{name}"),
            &lint(&case, tmp.path()),
            *status,
            LINT_SEEN,
        );
    }
    let listed = std::fs::read_dir(repo().join("tests/fixtures/malformed/lint")).unwrap();
    assert_eq!(
        listed.count(),
        LINT_FILES.len(),
        "every fixture has an entry"
    );
}

#[test]
fn every_malformed_values_file() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, status) in VALUES_FILES {
        let case = format!("tests/fixtures/malformed/values/{name}.yaml");
        let run = chartcheck(&["validate", &case, VALUES_WITNESS], None, tmp.path());
        check(&format!("values-{name}"), &run, *status, VALUES_SEEN);
    }
    let listed = std::fs::read_dir(repo().join("tests/fixtures/malformed/values")).unwrap();
    assert_eq!(
        listed.count(),
        VALUES_FILES.len(),
        "every fixture has an entry"
    );
}

/// A ConfigMap whose data value is `value`.
fn config_map(value: &str) -> String {
    format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: generated\ndata:\n  a: {value}\n")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn generated_malformed_inputs() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let garbage: Vec<u8> = (0..4096)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 56) as u8
        })
        .collect();
    let deep_flow = config_map(&format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)));
    let deep_block = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  a:\n    {}x\n",
        "- ".repeat(10_000)
    );
    let long_line = config_map(&"x".repeat(1 << 20));
    let many_nodes: String = (0..1_100_000).fold(config_map("1") + "  b:\n", |mut text, i| {
        text.push_str(&format!("    k{i}: 1\n"));
        text
    });
    let empty_documents = "---\n".repeat(100_000) + &config_map("after 100,000 empty documents");
    let cases: [(&str, Vec<u8>, i32); 6] = [
        ("binary-garbage", garbage, 2),
        ("nesting-10000-flow", deep_flow.into_bytes(), 2),
        ("nesting-10000-block", deep_block.into_bytes(), 2),
        ("line-of-1-mib", long_line.into_bytes(), 1),
        ("two-million-nodes", many_nodes.into_bytes(), 2),
        ("empty-documents-100000", empty_documents.into_bytes(), 1),
    ];
    for (name, bytes, status) in cases {
        let file = write(dir, &format!("{name}.yaml"), &bytes);
        check(
            &format!("lint-{name}"),
            &lint(file.to_str().unwrap(), dir),
            status,
            LINT_SEEN,
        );
    }
}

#[test]
fn a_100_mib_document_is_linted() {
    let tmp = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: large\ndata:\n  blob: |\n",
    );
    let line = format!("    {}\n", "x".repeat(95));
    text.push_str(&line.repeat((100 << 20) / line.len()));
    let file = write(tmp.path(), "large.yaml", text.as_bytes());
    drop(text);
    let run = lint(file.to_str().unwrap(), tmp.path());
    check("lint-document-of-100-mib", &run, 1, LINT_SEEN);
}

#[test]
fn missing_and_unreadable_files_and_directories() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("manifests");
    std::fs::create_dir(&dir).unwrap();
    write(&dir, "good.yaml", config_map("fine").as_bytes());
    std::os::unix::fs::symlink(tmp.path().join("gone.yaml"), dir.join("dangling.yaml")).unwrap();
    let run = lint(dir.to_str().unwrap(), tmp.path());
    check("lint-directory-with-an-unreadable-file", &run, 2, LINT_SEEN);
    assert!(
        run.output.contains("linted 2 objects"),
        "good.yaml was linted:\n{}",
        run.output
    );

    let missing = tmp.path().join("missing.yaml");
    check(
        "lint-missing-file",
        &lint(missing.to_str().unwrap(), tmp.path()),
        2,
        LINT_SEEN,
    );
}

#[test]
fn standard_input_cut_short_or_empty() {
    let tmp = tempfile::tempdir().unwrap();
    let base = [
        "lint",
        "--no-config",
        "--select",
        "latest-tag,schema",
        "-",
        LINT_WITNESS,
    ];
    let cut = b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  na";
    let run = chartcheck(&base, Some(cut), tmp.path());
    check("lint-stdin-cut-short", &run, 2, LINT_SEEN);
    let run = chartcheck(&base, Some(b""), tmp.path());
    check("lint-stdin-empty", &run, 2, LINT_SEEN);
    let run = chartcheck(&base, Some(b"name: caf\xe9\n"), tmp.path());
    check("lint-stdin-latin-1", &run, 2, LINT_SEEN);
}
