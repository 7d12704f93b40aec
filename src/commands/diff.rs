//! `chartcheck diff A B`: what changes between two environments' renders; `diff --values`:
//! which values keys differ across environments.

use std::path::PathBuf;
use std::process::ExitCode;

use chartcheck::diff::{Change, ValuesRow, diff, values_differences};
use chartcheck::helm::Helm;
use chartcheck::render::{
    Template, environment_files, environment_name, template_all, values_files,
};
use chartcheck::report::Sources;
use chartcheck::report::text;
use chartcheck::validate::effective_values;

use super::{COULD_NOT_RUN, FAILED, fail};
use crate::cli::{DiffArgs, DiffFormat};

pub fn run(args: &DiffArgs) -> ExitCode {
    if args.values {
        return values(args);
    }
    let [a, b] = args.sides.as_slice() else {
        return fail(&format!(
            "diff compares two environments (A B), {} given; `diff --values` compares any number",
            args.sides.len()
        ));
    };
    let files = match (resolve(args, a), resolve(args, b)) {
        (Ok(a), Ok(b)) => [a, b],
        (Err(message), _) | (_, Err(message)) => return fail(&message),
    };
    let helm = match Helm::locate() {
        Ok(helm) => helm,
        Err(err) => return fail(&err.to_string()),
    };
    let requests: Vec<Template> = files
        .iter()
        .map(|file| args.release.template(&args.chart, file))
        .collect();
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
            eprint!("{}", text::render(&problems, &sources, false));
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
fn values(args: &DiffArgs) -> ExitCode {
    let files: Vec<PathBuf> = if args.sides.is_empty() {
        match values_files(&[], &args.values_dir) {
            Ok(files) => files,
            Err(message) => return fail(&message),
        }
    } else {
        match args.sides.iter().map(|side| resolve(args, side)).collect() {
            Ok(files) => files,
            Err(message) => return fail(&message),
        }
    };
    if files.len() < 2 {
        return fail("diff --values needs at least two environments");
    }
    let (merged, outcome) = effective_values(&args.chart, &files);
    if outcome.incomplete {
        eprint!(
            "{}",
            text::render(&outcome.diagnostics, &outcome.sources, false)
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
    text.push_str(&format!(
        "{} key(s) differ across {}\n",
        rows.len(),
        names.join(", ")
    ));
    text
}

/// A values file, or an environment's name: `prod` → VALUES_DIR/prod.yaml.
fn resolve(args: &DiffArgs, given: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(given);
    if path.is_file() {
        return Ok(path);
    }
    let named = args.values_dir.join(format!("{given}.yaml"));
    if !given.contains(['/', '.']) && named.is_file() {
        return Ok(named);
    }
    let known: Vec<String> = environment_files(&args.values_dir)
        .unwrap_or_default()
        .iter()
        .filter_map(|f| Some(f.file_stem()?.to_string_lossy().into_owned()))
        .collect();
    Err(format!(
        "`{given}` is neither a values file nor an environment in {} (environments: {})",
        args.values_dir.display(),
        if known.is_empty() {
            "none".to_owned()
        } else {
            known.join(", ")
        }
    ))
}
