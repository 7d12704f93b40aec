//! The same input gives byte-identical output whatever the number of threads
//! (`CHARTCHECK_THREADS`) and from run to run: in every format, for files with findings from
//! every rule, and for renders of several environments.

mod common;

use std::process::Command;

use common::{helm, repo};

/// `chartcheck ARGS` with `threads` threads: stdout and exit status.
fn run(args: &[&str], threads: usize) -> (Vec<u8>, Option<i32>) {
    let output = Command::new(env!("CARGO_BIN_EXE_chartcheck"))
        .current_dir(repo())
        .env("NO_COLOR", "1")
        .env("CHARTCHECK_THREADS", threads.to_string())
        .args(args)
        .output()
        .unwrap();
    (output.stdout, output.status.code())
}

fn same_everywhere(args: &[&str]) {
    let first = run(args, 1);
    assert!(!first.0.is_empty(), "{args:?} printed nothing");
    for threads in [1, 2, 3, 8] {
        for _ in 0..2 {
            let again = run(args, threads);
            assert!(
                again == first,
                "{args:?} with {threads} thread(s) differs:\n{}\n---\n{}",
                String::from_utf8_lossy(&first.0),
                String::from_utf8_lossy(&again.0)
            );
        }
    }
}

#[test]
fn every_rule_s_findings_are_the_same_on_any_number_of_threads() {
    for format in ["text", "json", "sarif", "github"] {
        same_everywhere(&[
            "lint",
            "--no-config",
            "--chart",
            "chart",
            "--release",
            "journal",
            "--fail-on",
            "note",
            "--format",
            format,
            "tests/fixtures/lint",
            "tests/fixtures/lint-cli/widgets.yaml",
            "--crds",
            "tests/fixtures/crds/widgets.yaml",
        ]);
    }
}

#[test]
fn a_stream_long_enough_to_be_split_is_the_same_on_any_number_of_threads() {
    // Every rule's failing fixture, four times over: hundreds of documents, so parsing and
    // validation are spread over the threads too.
    let mut text = String::new();
    for entry in walkdir::WalkDir::new(repo().join("tests/fixtures/lint")).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_name() == "fail.yaml" {
            text.push_str(&std::fs::read_to_string(entry.path()).unwrap());
            text.push_str("\n---\n");
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("stream.yaml");
    std::fs::write(&file, text.repeat(4)).unwrap();
    assert!(text.repeat(4).matches("\n---").count() > 256);
    same_everywhere(&[
        "lint",
        "--no-config",
        "--chart",
        "chart",
        "--release",
        "journal",
        "--format",
        "json",
        file.to_str().unwrap(),
    ]);
}

#[test]
fn renders_of_several_environments_are_the_same_on_any_number_of_threads() {
    helm();
    for format in ["text", "json"] {
        same_everywhere(&[
            "lint",
            "--no-config",
            "--chart",
            "chart",
            "--release",
            "journal",
            "-f",
            "tests/fixtures/lint-cli/env-a.yaml",
            "-f",
            "tests/fixtures/lint-cli/env-b.yaml",
            "-f",
            "values/prod.yaml",
            "--format",
            format,
        ]);
    }
    same_everywhere(&["diff", "staging", "prod"]);
    same_everywhere(&["diff", "--values", "--format", "json"]);
}

#[test]
fn helm_s_own_error_lists_are_sorted_in_every_format() {
    helm();
    for format in ["text", "json", "sarif", "github"] {
        let args = [
            "lint",
            "--no-trace",
            "-f",
            "tests/fixtures/lint-cli/env-three-schema-errors.yaml",
            "--format",
            format,
        ];
        let first = run(&args, 2);
        assert_eq!(first.1, Some(2), "the render fails");
        let text = String::from_utf8_lossy(&first.0).into_owned();
        let order = ["/fileserver/replicas", "/frontend/replicas", "/redis/port"]
            .map(|key| text.find(key).unwrap_or_else(|| panic!("{key} in {text}")));
        assert!(order.is_sorted(), "{format}: {text}");
        // Helm's own order changes from run to run; five runs all but surely meet two orders.
        for _ in 0..4 {
            assert!(
                run(&args, 2) == first,
                "{format}: output differs between runs"
            );
        }
    }
}
