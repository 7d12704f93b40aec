//! The hooks of `.pre-commit-hooks.yaml`, run by the real pre-commit (from the project venv)
//! in a throwaway git repository holding a copy of the chart and its environments, with this
//! repository's working tree as the hook source (`pre-commit try-repo`): pre-commit builds
//! chartcheck with cargo, as it would for a user. `try-repo` takes tracked files with their
//! changes: `git add` a new source file before running this test.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{VENV_TOOLS, copy_tree, repo, require_on_path, user_build};

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=test", "-c", "user.email=test@example.com"])
        .args(args)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

/// A git repository with the chart, the environments and the lint config.
fn consumer() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("chart"), &dir.path().join("chart"));
    copy_tree(&repo().join("values"), &dir.path().join("values"));
    std::fs::copy(
        repo().join(".chartcheck.yaml"),
        dir.path().join(".chartcheck.yaml"),
    )
    .unwrap();
    git(dir.path(), &["init", "--quiet"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "--quiet", "-m", "chart"]);
    dir
}

/// `pre-commit try-repo <this repository> --all-files` in `dir`.
fn pre_commit(dir: &Path) -> (Output, String) {
    require_on_path("pre-commit", VENV_TOOLS);
    let output = user_build(&mut Command::new("pre-commit"))
        .current_dir(dir)
        .args([
            "try-repo",
            repo().to_str().unwrap(),
            "--all-files",
            "--color",
            "never",
        ])
        // pre-commit's environments kept between runs.
        .env("PRE_COMMIT_HOME", repo().join("target/pre-commit/home"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (output, text)
}

/// The line pre-commit prints for a hook: `chartcheck lint....Passed`.
fn verdict<'t>(out: &'t str, name: &str) -> &'t str {
    out.lines()
        .find(|l| l.starts_with(&format!("{name}.")))
        .unwrap_or_else(|| panic!("no line for {name}:\n{out}"))
}

#[test]
fn the_hooks_pass_on_a_clean_chart_and_fail_with_positions_on_a_broken_one() {
    let dir = consumer();
    let (output, out) = pre_commit(dir.path());
    assert!(output.status.success(), "{out}");
    for name in [
        "chartcheck schema --check",
        "chartcheck docs --check",
        "chartcheck validate",
        "chartcheck lint",
    ] {
        assert!(verdict(&out, name).ends_with("Passed"), "{out}");
    }

    // A negative replica count, and a README whose reference is stale.
    let values = dir.path().join("values/prod.yaml");
    let text = std::fs::read_to_string(&values).unwrap();
    std::fs::write(&values, text.replacen("replicas: 3", "replicas: -3", 1)).unwrap();
    let readme = dir.path().join("chart/README.md");
    let text = std::fs::read_to_string(&readme).unwrap();
    std::fs::write(
        &readme,
        text.replace(
            "| `redis.port` | integer | `6379` |",
            "| `redis.port` | integer | `6380` |",
        ),
    )
    .unwrap();
    let (output, out) = pre_commit(dir.path());
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(
        verdict(&out, "chartcheck schema --check").ends_with("Passed"),
        "{out}"
    );
    assert!(
        verdict(&out, "chartcheck docs --check").ends_with("Failed"),
        "{out}"
    );
    assert!(
        verdict(&out, "chartcheck validate").ends_with("Failed"),
        "{out}"
    );
    assert!(
        verdict(&out, "chartcheck lint").ends_with("Failed"),
        "{out}"
    );
    assert!(
        out.contains("-| `redis.port` | integer | `6380` |"),
        "the docs diff is shown:\n{out}"
    );
    assert!(
        out.contains("--> values/prod.yaml:"),
        "validate names the file and position:\n{out}"
    );
}
