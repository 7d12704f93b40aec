use std::process::ExitCode;

use clap::Parser;

mod cli;
mod commands;

use cli::{Cli, Command};

// Linting a large render allocates millions of small nodes; mimalloc does that in about half
// the time of the system allocator (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
