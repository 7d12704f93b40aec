//! `chartcheck diff A B`: what changes between two environments' renders; `diff --values`:
//! which values keys differ across environments.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chartcheck::diff::{Change, ValuesRow, diff, values_differences};
use chartcheck::helm::Helm;
use chartcheck::project::Project;
use chartcheck::render::{environment_files, environment_name, template_all};
use chartcheck::report::counted;
use chartcheck::report::text;
use chartcheck::sources::Sources;
use chartcheck::validate::effective_values;

use super::{COULD_NOT_RUN, FAILED, fail};
use crate::cli::{DiffArgs, DiffFormat};

pub fn run(args: &DiffArgs) -> ExitCode {
    let project = match args
        .project
        .resolve(&[], args.values_dir.as_deref(), Some(&args.release))
    {
        Ok(project) => project,
        Err(message) => return fail(&message),
    };
    let chart = match project.chart() {
        Ok(chart) => chart,
        Err(message) => return fail(&message),
    };
    if args.values {
        return values(args, &project, chart);
    }
    let [a, b] = args.sides.as_slice() else {
        return fail(&format!(
            "diff compares two environments (A B), {} given; `diff --values` compares any number",
            args.sides.len()
        ));
    };
    let files = match (resolve(&project, a), resolve(&project, b)) {
        (Ok(a), Ok(b)) => [a, b],
        (Err(message), _) | (_, Err(message)) => return fail(&message),
    };
    let helm = match Helm::locate() {
        Ok(helm) => helm,
        Err(err) => return fail(&err.to_string()),
    };
    let requests = match project.templates(&files) {
        Ok(requests) => requests,
        Err(message) => return fail(&message),
    };
    let mut renders = Vec::new();
    let mut failed = false;
    for (request, result) in requests.iter().zip(template_all(&helm, &requests)) {
        match result {
            Ok(text) => renders.push(text),
            Err(err) => {
                eprintln!("error: could not render {}\n{err}", request.label());
                failed = true;
            }
        }
    }
    if failed {
        return ExitCode::from(COULD_NOT_RUN);
    }
    let labels = files.map(|f| f.display().to_string());
    let result = match diff((&labels[0], &renders[0]), (&labels[1], &renders[1])) {
        Ok(result) => result,
        Err(problems) => {
            let mut sources = Sources::default();
            for (label, text) in labels.iter().zip(&renders) {
                sources.insert(label.clone(), std::sync::Arc::from(text.as_str()));
            }
            eprint!(
                "{}",
                text::render(&problems, &sources, text::Style::default())
            );
            return ExitCode::from(COULD_NOT_RUN);
        }
    };
    match args.format {
        DiffFormat::Json => {
            let report = serde_json::json!({
                "a": labels[0],
                "b": labels[1],
                "objects": result.objects,
                "summary": {
                    "changed": result.count(Change::Changed),
                    "added": result.count(Change::Added),
                    "removed": result.count(Change::Removed),
                    "unchanged": result.unchanged,
                },
            });
            println!(
                "{}",
                serde_json::to_string_pretty(&report).expect("plain JSON")
            );
        }
        DiffFormat::Text => {
            for object in &result.objects {
                print!("{}", object.diff);
            }
            if !result.objects.is_empty() {
                println!();
            }
            println!(
                "{} → {}: {} changed, {} added, {} removed, {} unchanged",
                labels[0],
                labels[1],
                result.count(Change::Changed),
                result.count(Change::Added),
                result.count(Change::Removed),
                result.unchanged
            );
        }
    }
    if args.exit_code && !result.objects.is_empty() {
        ExitCode::from(FAILED)
    } else {
        ExitCode::SUCCESS
    }
}

/// The table of values keys that differ across environments.
fn values(args: &DiffArgs, project: &Project, chart: &Path) -> ExitCode {
    let files: Vec<PathBuf> = if args.sides.is_empty() {
        project.environments.clone()
    } else {
        match args
            .sides
            .iter()
            .map(|side| resolve(project, side))
            .collect()
        {
            Ok(files) => files,
            Err(message) => return fail(&message),
        }
    };
    if files.len() < 2 {
        return fail(&format!(
            "diff --values needs at least two environments, {} found{}",
            files.len(),
            if args.sides.is_empty() {
                " (name them, or configure them with `values`/`values-dir` in .chartcheck.yaml or --values-dir)"
            } else {
                ""
            }
        ));
    }
    let (merged, outcome) = effective_values(chart, &files);
    if outcome.incomplete {
        eprint!(
            "{}",
            text::render(
                &outcome.diagnostics,
                &outcome.sources,
                text::Style::default()
            )
        );
        return ExitCode::from(COULD_NOT_RUN);
    }
    let merged: Vec<serde_json::Value> = merged.into_iter().flatten().collect();
    let names: Vec<String> = files.iter().map(|f| environment_name(f)).collect();
    let rows = values_differences(&merged);
    match args.format {
        DiffFormat::Json => {
            let keys: Vec<serde_json::Value> = rows
                .iter()
                .map(|row| {
                    let values: serde_json::Map<String, serde_json::Value> = names
                        .iter()
                        .zip(&row.values)
                        .filter_map(|(name, value)| Some((name.clone(), value.clone()?)))
                        .collect();
                    serde_json::json!({"key": row.key, "values": values})
                })
                .collect();
            let report = serde_json::json!({"environments": names, "keys": keys});
            println!(
                "{}",
                serde_json::to_string_pretty(&report).expect("plain JSON")
            );
        }
        DiffFormat::Text => print!("{}", values_table(&names, &rows)),
    }
    if args.exit_code && !rows.is_empty() {
        ExitCode::from(FAILED)
    } else {
        ExitCode::SUCCESS
    }
}

/// Aligned columns: key, then one per environment; `-` where a key is absent.
fn values_table(names: &[String], rows: &[ValuesRow]) -> String {
    let cell = |value: &Option<serde_json::Value>| match value {
        None => "-".to_owned(),
        Some(serde_json::Value::String(s)) if s.is_empty() => "\"\"".to_owned(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    let mut table: Vec<Vec<String>> = vec![
        std::iter::once("key".to_owned())
            .chain(names.iter().cloned())
            .collect(),
    ];
    for row in rows {
        table.push(
            std::iter::once(row.key.clone())
                .chain(row.values.iter().map(cell))
                .collect(),
        );
    }
    let widths: Vec<usize> = (0..=names.len())
        .map(|column| {
            table
                .iter()
                .map(|r| r[column].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut text = String::new();
    for row in &table {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:width$}"))
            .collect();
        text.push_str(line.join("  ").trim_end());
        text.push('\n');
    }
    let verb = if rows.len() == 1 { "differs" } else { "differ" };
    text.push_str(&format!(
        "{} {verb} across {}\n",
        counted(rows.len(), "key"),
        names.join(", ")
    ));
    text
}

/// A values file, or an environment's name: `prod` is the environment whose values file is
/// `prod.yaml` (in the values directory, or among the configured files).
fn resolve(project: &Project, given: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(given);
    if path.is_file() {
        return Ok(path);
    }
    let mut known: Vec<PathBuf> = project.environments.clone();
    if let Some(dir) = &project.values_dir {
        known.extend(environment_files(dir).unwrap_or_default());
    }
    known.sort();
    known.dedup();
    if !given.contains(['/', '.'])
        && let Some(file) = known.iter().find(|f| environment_name(f) == given)
    {
        return Ok(file.clone());
    }
    let names: Vec<String> = known.iter().map(|f| environment_name(f)).collect();
    let environments = if names.is_empty() {
        "none are configured: set `values` or `values-dir` in .chartcheck.yaml, or give --values-dir".to_owned()
    } else {
        format!("the environments are {}", names.join(", "))
    };
    Err(format!(
        "`{given}` is neither a values file nor an environment's name; {environments}"
    ))
}
