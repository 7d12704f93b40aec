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
    // Output piped into `head` or a pager that quits: stop quietly, as other command-line
    // tools do, instead of panicking on the failed write.
    #[cfg(unix)]
    // SAFETY: restores the default disposition of one signal before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    match Cli::parse().command {
        Command::Render(args) => commands::render::run(&args),
        Command::Schema(args) => commands::schema::run(&args),
        Command::Docs(args) => commands::docs::run(&args),
        Command::Diff(args) => commands::diff::run(&args),
        Command::Validate(args) => commands::validate::run(&args),
        Command::Lint(args) => commands::lint::run(&args),
        Command::Rules(args) => commands::rules::list(&args),
        Command::Explain { code } => commands::rules::explain(&code),
    }
}
