//! One module per subcommand; each prints and maps its outcome to an exit status.

pub mod diff;
pub mod docs;
pub mod lint;
pub mod render;
pub mod rules;
pub mod schema;
pub mod validate;

use std::process::ExitCode;

/// Findings, or a check that did not pass (`--check`).
pub const FAILED: u8 = 1;
/// Something could not be checked: bad input, helm failed, I/O.
pub const COULD_NOT_RUN: u8 = 2;

/// Prints `error: message` and returns exit status 2.
pub fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(COULD_NOT_RUN)
}

/// `--check` found `path` stale: prints the unified diff from what it holds to what would be
/// written, then `error: {message}`, and returns exit status 1.
pub fn stale(path: &std::path::Path, current: &str, generated: &str, message: &str) -> ExitCode {
    let diff = similar::TextDiff::from_lines(current, generated);
    print!(
        "{}",
        diff.unified_diff().context_radius(3).header(
            &path.display().to_string(),
            "generated from the values model"
        )
    );
    eprintln!("error: {message}");
    ExitCode::from(FAILED)
}
