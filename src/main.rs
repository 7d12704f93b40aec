use std::process::ExitCode;

use clap::Parser;

mod cli;
mod commands;

use cli::{Cli, Command};

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Render(args) => commands::render::run(&args),
        Command::Schema(args) => commands::schema::run(&args),
        Command::Validate(args) => commands::validate::run(&args),
        Command::Lint(args) => commands::lint::run(&args),
        Command::Rules => commands::rules::list(),
        Command::Explain { rule } => commands::rules::explain(&rule),
    }
}
