//! Every output example in README.md is the real output of the command it names, so the README
//! cannot go stale.
//!
//! The convention: each ```` ```text ```` or ```` ```json ```` block in README.md has, on the
//! last non-blank line before its opening fence, one of
//!
//! ```text
//! <!-- readme-example: chartcheck ARGS -->
//! <!-- readme-example: chartcheck ARGS; exit=1; cwd=DIR; stdin=FILE -->
//! <!-- readme-example: none (why it cannot be run here) -->
//! ```
//!
//! `chartcheck ARGS` is run from the built binary in the repository root (or in `cwd=DIR`,
//! relative to it), with `NO_COLOR=1`, the project's helm shim (`ci/bin`) first on PATH and the
//! project venv's tools last, and standard input from `stdin=FILE` (else nothing). ARGS are
//! split at spaces; there is no quoting. Its exit status must be `exit=N` (0 when not given),
//! and its standard output followed by its standard error must match the block line by line,
//! trailing whitespace aside, where a line that is exactly `…` matches any number of lines
//! (none included). A block with neither marker, a marker with no block after it, or an
//! unknown option fails the test.

mod common;

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use common::repo;

const MARKER: &str = "<!-- readme-example:";
/// Fenced blocks that show output and so need a marker.
const CHECKED: [&str; 2] = ["text", "json"];
/// A line of an example that stands for any number of lines of output.
const ELISION: &str = "…";

/// What produced an output block.
#[derive(Debug)]
enum Source {
    Run(Example),
    /// Not run; the marker says why.
    NotRun,
}

#[derive(Debug)]
struct Example {
    args: Vec<String>,
    cwd: Option<String>,
    stdin: Option<String>,
    exit: i32,
}

/// An output block of the README.
#[derive(Debug)]
struct Block {
    /// 1-based line of the opening fence.
    line: usize,
    source: Source,
    /// The block's lines, trailing whitespace trimmed.
    expected: Vec<String>,
}

/// The README's output blocks, and what is wrong with its markers.
fn readme_blocks() -> (Vec<Block>, Vec<String>) {
    let path = repo().join("README.md");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse(&text)
}

fn parse(text: &str) -> (Vec<Block>, Vec<String>) {
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    let mut problems = Vec::new();
    // The last marker line not yet followed by its block: (line index, parsed marker).
    let mut pending: Option<(usize, Result<Source, String>)> = None;
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index].trim();
        if let Some(content) = line.strip_prefix(MARKER) {
            if let Some((earlier, _)) = pending.take() {
                problems.push(format!(
                    "README.md:{}: readme-example marker with no ```text or ```json block after it",
                    earlier + 1
                ));
            }
            let parsed = match content.trim_end().strip_suffix("-->") {
                Some(content) => parse_marker(content.trim()),
                None => Err("the marker must end with `-->` on the same line".to_owned()),
            };
            pending = Some((index, parsed));
            index += 1;
            continue;
        }
        let Some(lang) = line.strip_prefix("```") else {
            if !line.is_empty()
                && let Some((earlier, _)) = pending.take()
            {
                problems.push(format!(
                    "README.md:{}: readme-example marker with no ```text or ```json block right after it",
                    earlier + 1
                ));
            }
            index += 1;
            continue;
        };
        let fence = index;
        let mut body = Vec::new();
        index += 1;
        while index < lines.len() && lines[index].trim() != "```" {
            body.push(lines[index].trim_end().to_owned());
            index += 1;
        }
        index += 1; // the closing fence
        let marker = pending.take();
        if !CHECKED.contains(&lang.trim()) {
            if let Some((marker_line, _)) = marker {
                problems.push(format!(
                    "README.md:{}: readme-example marker before a ```{} block; only ```text and ```json blocks are checked",
                    marker_line + 1,
                    lang.trim()
                ));
            }
            continue;
        }
        match marker {
            None => problems.push(format!(
                "README.md:{}: ```{} block without a marker: put `<!-- readme-example: chartcheck ARGS -->` (the command whose output it is) or `<!-- readme-example: none (why) -->` on the line before it",
                fence + 1,
                lang.trim()
            )),
            Some((marker_line, Err(err))) => {
                problems.push(format!("README.md:{}: {err}", marker_line + 1));
            }
            Some((_, Ok(source))) => blocks.push(Block {
                line: fence + 1,
                source,
                expected: body,
            }),
        }
    }
    if let Some((marker_line, _)) = pending {
        problems.push(format!(
            "README.md:{}: readme-example marker with no block after it",
            marker_line + 1
        ));
    }
    (blocks, problems)
}

/// The text between `<!-- readme-example:` and `-->`.
fn parse_marker(content: &str) -> Result<Source, String> {
    if let Some(reason) = content.strip_prefix("none") {
        let reason = reason.trim();
        return if reason.len() > 2 && reason.starts_with('(') && reason.ends_with(')') {
            Ok(Source::NotRun)
        } else {
            Err("`readme-example: none` needs its reason in parentheses: `none (why)`".to_owned())
        };
    }
    let mut parts = content.split(';').map(str::trim);
    let command = parts.next().unwrap_or_default();
    let mut words = command.split_whitespace();
    if words.next() != Some("chartcheck") {
        return Err(format!(
            "readme-example `{content}`: name the command as `chartcheck ARGS` (or say `none (why)`)"
        ));
    }
    let mut example = Example {
        args: words.map(str::to_owned).collect(),
        cwd: None,
        stdin: None,
        exit: 0,
    };
    for option in parts.filter(|p| !p.is_empty()) {
        match option.split_once('=') {
            Some(("cwd", dir)) => example.cwd = Some(dir.trim().to_owned()),
            Some(("stdin", file)) => example.stdin = Some(file.trim().to_owned()),
            Some(("exit", code)) => {
                example.exit = code
                    .trim()
                    .parse()
                    .map_err(|_| format!("readme-example: `exit={code}` is not a number"))?;
            }
            _ => {
                return Err(format!(
                    "readme-example: unknown option `{option}` (known: exit=N, cwd=DIR, stdin=FILE)"
                ));
            }
        }
    }
    Ok(Source::Run(example))
}

/// Whether `text` matches `pattern`, where a pattern line `…` matches any number of lines.
fn matches(pattern: &[String], text: &[String]) -> bool {
    let (mut p, mut t) = (0, 0);
    // The last elision seen: its index in the pattern, and where in the text it stops for now.
    let mut elision: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && pattern[p] == ELISION {
            elision = Some((p, t));
            p += 1;
        } else if p < pattern.len() && pattern[p] == text[t] {
            p += 1;
            t += 1;
        } else if let Some((at, until)) = elision {
            // Let the elision take one more line and try again after it.
            elision = Some((at, until + 1));
            p = at + 1;
            t = until + 1;
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|line| line == ELISION)
}

/// The output as the README would show it: aligned with `pattern` at the fewest lines added,
/// removed or changed, the lines an elision stands for replaced by that `…`. Diffed against the README
/// block, it shows only what really differs.
fn as_elided(pattern: &[String], text: &[String]) -> Vec<String> {
    let (p, t) = (pattern.len(), text.len());
    // cost[i][j]: the fewest lines added, removed or changed to align pattern[i..] with text[j..].
    let mut cost = vec![vec![0usize; t + 1]; p + 1];
    for i in (0..=p).rev() {
        for j in (0..=t).rev() {
            cost[i][j] = if i == p && j == t {
                0
            } else if i < p && pattern[i] == ELISION {
                let end = cost[i + 1][j];
                if j < t { end.min(cost[i][j + 1]) } else { end }
            } else {
                let mut best = usize::MAX;
                if i < p && j < t {
                    let changed = usize::from(pattern[i] != text[j]);
                    best = changed + cost[i + 1][j + 1];
                }
                if i < p {
                    best = best.min(1 + cost[i + 1][j]);
                }
                if j < t {
                    best = best.min(1 + cost[i][j + 1]);
                }
                best
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut shown = Vec::new();
    while i < p || j < t {
        if i < p && pattern[i] == ELISION {
            if cost[i][j] == cost[i + 1][j] {
                shown.push(ELISION.to_owned());
                i += 1;
            } else {
                j += 1; // a line the elision stands for
            }
        } else if i < p
            && j < t
            && cost[i][j] == usize::from(pattern[i] != text[j]) + cost[i + 1][j + 1]
        {
            shown.push(text[j].clone()); // the same line, or the line in its place
            i += 1;
            j += 1;
        } else if i < p && cost[i][j] == 1 + cost[i + 1][j] {
            i += 1; // a README line the output lacks
        } else {
            shown.push(text[j].clone());
            j += 1;
        }
    }
    shown
}

/// PATH for the examples: the project's helm shim first, as the README says to put it; the
/// venv's tools last, as the Makefile does.
fn example_path() -> OsString {
    let mut dirs = vec![repo().join("ci/bin")];
    dirs.extend(
        std::env::var_os("PATH")
            .iter()
            .flat_map(std::env::split_paths),
    );
    dirs.push(repo().join(".venv/bin"));
    std::env::join_paths(dirs).unwrap()
}

/// Fails the test, never skips it, when the helm the examples would use cannot render.
fn require_helm(path: &OsStr) {
    let how = "The README examples that render need the real Helm engine: install helm, or run ci/setup (which the shim ci/bin/helm needs); make test does both.";
    let helm =
        chartcheck::helm::Helm::locate_in(std::env::var_os("HELM_BIN").as_deref(), Some(path))
            .unwrap_or_else(|err| panic!("{err}\n{how}"));
    let output = helm
        .run(["version"])
        .unwrap_or_else(|err| panic!("{err}\n{how}"));
    assert!(
        output.status.success(),
        "{} version failed: {}\n{how}",
        helm.path().display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Runs an example: (stdout then stderr, lines with trailing whitespace trimmed; exit status).
fn run(example: &Example, path: &OsStr) -> (Vec<String>, Option<i32>) {
    let dir: PathBuf = match &example.cwd {
        Some(cwd) => repo().join(cwd),
        None => repo(),
    };
    let stdin = match &example.stdin {
        Some(file) => {
            let file = repo().join(file);
            Stdio::from(
                std::fs::File::open(&file)
                    .unwrap_or_else(|e| panic!("stdin={}: {e}", file.display())),
            )
        }
        None => Stdio::null(),
    };
    let output = Command::new(env!("CARGO_BIN_EXE_chartcheck"))
        .current_dir(&dir)
        .env("NO_COLOR", "1")
        .env("PATH", path)
        .args(&example.args)
        .stdin(stdin)
        .output()
        .unwrap_or_else(|e| panic!("cannot run chartcheck in {}: {e}", dir.display()));
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    let lines = text.lines().map(|l| l.trim_end().to_owned()).collect();
    (lines, output.status.code())
}

/// What to show when an example does not match: a unified diff from the README to the output.
fn mismatch(block: &Block, example: &Example, actual: &[String], status: Option<i32>) -> String {
    let mut report = format!(
        "README.md:{}: `chartcheck {}`{}",
        block.line,
        example.args.join(" "),
        example
            .cwd
            .as_ref()
            .map_or_else(String::new, |cwd| format!(" in {cwd}"))
    );
    if status != Some(example.exit) {
        report += &format!(
            "\n  exit status {} where the README says {} (`exit=N` in the marker)",
            status.map_or_else(|| "none (killed by a signal)".to_owned(), |s| s.to_string()),
            example.exit
        );
    }
    if !matches(&block.expected, actual) {
        let expected = block.expected.join("\n") + "\n";
        let actual = as_elided(&block.expected, actual).join("\n") + "\n";
        let diff = similar::TextDiff::from_lines(&expected, &actual);
        report += &format!(
            "\n  output differs (- README, + actual output, where a `{ELISION}` of the README stands for the lines it matched):\n{}",
            diff.unified_diff()
                .context_radius(3)
                .header("README.md", "actual")
        );
    }
    report
}

#[test]
fn every_output_block_says_what_produced_it() {
    let (blocks, problems) = readme_blocks();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        blocks.iter().any(|b| matches!(b.source, Source::Run(_))),
        "README.md has no runnable example: is the marker spelt `{MARKER} chartcheck ARGS -->`?"
    );
}

#[test]
fn every_example_is_the_real_output_of_its_command() {
    let (blocks, _) = readme_blocks();
    let path = example_path();
    require_helm(&path);
    let failures: Vec<String> = blocks
        .iter()
        .filter_map(|block| match &block.source {
            Source::Run(example) => Some((block, example)),
            Source::NotRun => None,
        })
        .filter_map(|(block, example)| {
            let (actual, status) = run(example, &path);
            let ok = status == Some(example.exit) && matches(&block.expected, &actual);
            (!ok).then(|| mismatch(block, example, &actual, status))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} README example(s) are not what their command prints:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn elision_matches_any_number_of_lines() {
    let lines = |text: &str| -> Vec<String> { text.lines().map(str::to_owned).collect() };
    let text = lines("a\nb\nc\nd");
    assert!(matches(&lines("a\nb\nc\nd"), &text));
    assert!(matches(&lines("a\n…\nd"), &text));
    assert!(matches(&lines("…\nd"), &text));
    assert!(matches(&lines("a\n…"), &text));
    assert!(matches(&lines("…"), &text));
    assert!(
        matches(&lines("a\n…\nb\nc\nd"), &text),
        "an elision may stand for no line"
    );
    assert!(matches(&lines("…\nb\n…\nd\n…"), &text));
    assert!(!matches(&lines("a\nc\nd"), &text), "only `…` skips lines");
    assert!(!matches(&lines("a\n…\nc"), &text), "the end must match");
    assert!(!matches(&lines("a\nb\nc\nd\ne"), &text));
    assert!(!matches(&lines("…\nx\n…"), &text));
    assert!(matches(&lines("…"), &[]));
    assert!(!matches(&lines("a"), &[]));
}

#[test]
fn a_mismatch_is_shown_with_the_readme_elisions_kept() {
    let lines = |text: &str| -> Vec<String> { text.lines().map(str::to_owned).collect() };
    let readme = lines("a\n…\nd\nx\n…\nz");
    let output = lines("a\nb\nc\nd\ny\nq\nr\nz");
    // `x` became `y`; the elisions stand for `b c` and `q r`.
    assert_eq!(as_elided(&readme, &output), lines("a\n…\nd\ny\n…\nz"));
    assert_eq!(
        as_elided(&readme, &lines("a\nd\nx\nz")),
        readme,
        "a match shows as itself"
    );
}

#[test]
fn markers_are_parsed_strictly() {
    let (blocks, problems) = parse(
        "<!-- readme-example: chartcheck lint -f values/prod.yaml; exit=1; cwd=chart -->\n```text\nout\n```\n\n<!-- readme-example: none (needs pre-commit) -->\n\n```json\n{}\n```\n```text\nno marker\n```\n<!-- readme-example: chartcheck rules; colour=no -->\n```text\n```\n<!-- readme-example: none -->\n```text\n```\n<!-- readme-example: chartcheck rules -->\nprose\n```text\n```\n<!-- readme-example: chartcheck rules -->\n```sh\nchartcheck rules\n```\n",
    );
    assert_eq!(blocks.len(), 2, "{blocks:?}");
    match &blocks[0].source {
        Source::Run(example) => {
            assert_eq!(example.args, ["lint", "-f", "values/prod.yaml"]);
            assert_eq!(example.exit, 1);
            assert_eq!(example.cwd.as_deref(), Some("chart"));
            assert_eq!(blocks[0].expected, ["out"]);
        }
        Source::NotRun => panic!("expected a command"),
    }
    assert!(matches!(blocks[1].source, Source::NotRun));
    let problems = problems.join("\n");
    for expected in [
        "README.md:11: ```text block without a marker",
        "README.md:14: readme-example: unknown option `colour=no`",
        "README.md:17: `readme-example: none` needs its reason",
        "README.md:20: readme-example marker with no ```text or ```json block right after it",
        "README.md:22: ```text block without a marker",
        "README.md:24: readme-example marker before a ```sh block",
    ] {
        assert!(
            problems.contains(expected),
            "{expected}\nnot in\n{problems}"
        );
    }
}
