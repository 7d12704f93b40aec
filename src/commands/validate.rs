//! `chartcheck validate`: values files against the chart's schema, at file:line:col.

use std::io::IsTerminal;
use std::process::ExitCode;

use chartcheck::render::environment_files;
use chartcheck::report::{Format, github, json, sarif, text};
use chartcheck::validate::validate;

use super::{COULD_NOT_RUN, FAILED, fail};
use crate::cli::ValidateArgs;

pub fn run(args: &ValidateArgs) -> ExitCode {
    let files = if args.files.is_empty() {
        match environment_files(&args.values_dir) {
            Ok(files) => files,
            Err(err) => return fail(&format!("{}: {err}", args.values_dir.display())),
        }
    } else {
        args.files.clone()
    };
    let outcome = validate(&args.chart, &files);
    match args.format {
        Format::Json => {
            let summary = json::Summary {
                files: Some(outcome.files),
                complete: !outcome.incomplete,
                ..Default::default()
            };
            print!("{}", json::render(&outcome.diagnostics, summary));
        }
        Format::Sarif => print!("{}", sarif::render(&outcome.diagnostics, &[])),
        Format::Github => print!("{}", github::render(&outcome.diagnostics)),
        Format::Text => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            print!(
                "{}",
                text::render(&outcome.diagnostics, &outcome.sources, color)
            );
            let verdict = match (outcome.diagnostics.len(), outcome.incomplete) {
                (0, false) => "all valid".to_owned(),
                (1, false) => "1 error".to_owned(),
                (n, false) => format!("{n} errors"),
                (n, true) => format!("{n} error(s), and not everything could be checked"),
            };
            println!("checked {} values files: {verdict}", outcome.files);
        }
    }
    if outcome.incomplete {
        ExitCode::from(COULD_NOT_RUN)
    } else if outcome.diagnostics.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(FAILED)
    }
}
