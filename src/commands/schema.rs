//! `chartcheck schema`: writes, or checks, the chart's values.schema.json.

use std::process::ExitCode;

use chartcheck::schema::{to_file_text, values_schema};

use super::{fail, stale};
use crate::cli::SchemaArgs;

pub fn run(args: &SchemaArgs) -> ExitCode {
    let chart = match args.project.chart() {
        Ok(chart) => chart,
        Err(message) => return fail(&message),
    };
    let path = chart.join("values.schema.json");
    let generated = to_file_text(&values_schema(args.draft));
    if !args.check {
        // An unchanged file is left alone: its timestamp would rebuild whatever embeds it.
        if std::fs::read_to_string(&path).is_ok_and(|current| current == generated) {
            println!("{} is up to date", path.display());
            return ExitCode::SUCCESS;
        }
        return match std::fs::write(&path, &generated) {
            Ok(()) => {
                println!("wrote {}", path.display());
                ExitCode::SUCCESS
            }
            Err(err) => fail(&format!("{}: {err}", path.display())),
        };
    }
    let committed = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            eprintln!(
                "error: {} does not exist; run `chartcheck schema` to write it",
                path.display()
            );
            return ExitCode::from(super::FAILED);
        }
        Err(err) => return fail(&format!("{}: {err}", path.display())),
    };
    if committed == generated {
        println!("{} is up to date", path.display());
        return ExitCode::SUCCESS;
    }
    let message = format!(
        "{} is out of date with the values model; run `chartcheck schema` to regenerate it",
        path.display()
    );
    stale(&path, &committed, &generated, &message)
}
