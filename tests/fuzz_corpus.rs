//! Every input the fuzz targets kept (`fuzz/corpus/<target>/`) and every crash they found
//! (`tests/fixtures/fuzz/<target>/`, each fixed since), through the same checks as the
//! targets: a regression test that needs no fuzzer.

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};

use chartcheck::fuzz_checks;
use common::repo;

fn run_all(target: &str, check: fn(&[u8])) {
    let mut failed = Vec::new();
    let mut count = 0;
    for dir in [
        repo().join("fuzz/corpus").join(target),
        repo().join("tests/fixtures/fuzz").join(target),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        files.sort();
        for file in files {
            let bytes = std::fs::read(&file).unwrap();
            count += 1;
            if catch_unwind(AssertUnwindSafe(|| check(&bytes))).is_err() {
                failed.push(file.display().to_string());
            }
        }
    }
    assert!(count > 0, "no corpus for {target}");
    assert!(failed.is_empty(), "{target} fails on: {failed:#?}");
}

#[test]
fn yaml_load_corpus() {
    run_all("yaml_load", fuzz_checks::yaml_load);
}

#[test]
fn values_validate_corpus() {
    run_all("values_validate", fuzz_checks::values_validate);
}

#[test]
fn lint_stream_corpus() {
    run_all("lint_stream", fuzz_checks::lint_stream);
}

#[test]
fn template_read_corpus() {
    run_all("template_read", fuzz_checks::template_read);
}
