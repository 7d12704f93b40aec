//! `chartcheck validate`: values files against the chart's schema, at file:line:col.

use std::io::IsTerminal;
use std::process::ExitCode;

use chartcheck::report::{Format, counted, github, json, sarif, text};
use chartcheck::validate::{Outcome, validate};

use super::{COULD_NOT_RUN, FAILED, fail};
use crate::cli::ValidateArgs;

pub fn run(args: &ValidateArgs) -> ExitCode {
    let project = args
        .project
        .resolve(&[], args.values_dir.as_deref(), None)
        .and_then(|project| Ok((project.chart()?.to_path_buf(), project)));
    let (chart, project) = match project {
        Ok(found) => found,
        Err(message) => return fail(&message),
    };
    let files = if args.files.is_empty() {
        project.environments
    } else {
        args.files.clone()
    };
    let outcome = validate(&chart, &files);
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
            let style = text::Style {
                color: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
                show_rendered: false,
            };
            print!(
                "{}",
                text::render(&outcome.diagnostics, &outcome.sources, style)
            );
            println!("{}", summary(&outcome));
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

/// `checked 3 values files: all valid`, `checked 2 of 3 values files: …` when one could not be
/// read.
fn summary(outcome: &Outcome) -> String {
    let mut line = if outcome.unread > 0 {
        let given = outcome.files + outcome.unread;
        format!("checked {} of {given} values files", outcome.files)
    } else {
        format!("checked {}", counted(outcome.files, "values file"))
    };
    let errors = outcome.diagnostics.len();
    match (errors, outcome.incomplete) {
        (0, false) => line.push_str(": all valid"),
        (n, false) => line.push_str(&format!(": {}", counted(n, "error"))),
        (n, true) => line.push_str(&format!(
            ": {}, and not everything could be checked",
            counted(n, "error")
        )),
    }
    line
}
