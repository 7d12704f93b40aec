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
    }
}
