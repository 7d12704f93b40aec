//! `chartcheck docs`: writes, or checks, the values reference in the chart's README.

use std::path::Path;
use std::process::ExitCode;

use chartcheck::docs::{splice, values_reference};
use chartcheck::schema::{Draft, values_schema};
use chartcheck::yaml::{self, Limits};

use super::{fail, stale};
use crate::cli::DocsArgs;

pub fn run(args: &DocsArgs) -> ExitCode {
    let chart = match args.project.chart() {
        Ok(chart) => chart,
        Err(message) => return fail(&message),
    };
    let defaults = match defaults(&chart.join("values.yaml")) {
        Ok(defaults) => defaults,
        Err(message) => return fail(&message),
    };
    let schema = values_schema(Draft::Draft07);
    let reference = values_reference(schema.as_value(), &defaults);
    let path = chart.join("README.md");
    let current = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(err) => return fail(&format!("{}: {err}", path.display())),
    };
    let updated = splice(&current, &reference);
    if updated == current {
        println!("{}: the values reference is up to date", path.display());
        return ExitCode::SUCCESS;
    }
    if !args.check {
        return match std::fs::write(&path, &updated) {
            Ok(()) => {
                println!("wrote the values reference in {}", path.display());
                ExitCode::SUCCESS
            }
            Err(err) => fail(&format!("{}: {err}", path.display())),
        };
    }
    let message = format!(
        "the values reference in {} is out of date; run `chartcheck docs` to rewrite it",
        path.display()
    );
    stale(&path, &current, &updated, &message)
}

/// The chart's defaults, as JSON.
fn defaults(path: &Path) -> Result<serde_json::Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let documents = yaml::load_str(&text, &Limits::default())
        .map_err(|e| format!("{}:{}: {}", path.display(), e.span.start, e.message))?;
    Ok(documents
        .into_iter()
        .next()
        .map(|d| d.root.into_json())
        .unwrap_or_default())
}
