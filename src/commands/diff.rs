//! `chartcheck diff A B`: what changes between two environments' renders.

use std::path::PathBuf;
use std::process::ExitCode;

use chartcheck::diff::{Change, diff};
use chartcheck::helm::Helm;
use chartcheck::render::{Template, environment_files, template_all};
use chartcheck::report::Sources;
use chartcheck::report::text;

use super::{COULD_NOT_RUN, FAILED, fail};
use crate::cli::{DiffArgs, DiffFormat};

pub fn run(args: &DiffArgs) -> ExitCode {
    let files = match (resolve(args, &args.a), resolve(args, &args.b)) {
        (Ok(a), Ok(b)) => [a, b],
        (Err(message), _) | (_, Err(message)) => return fail(&message),
    };
    let helm = match Helm::locate() {
        Ok(helm) => helm,
        Err(err) => return fail(&err.to_string()),
    };
    let requests: Vec<Template> = files
        .iter()
        .map(|file| Template::new(&args.chart, &args.release, &args.namespace).values_file(file))
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
