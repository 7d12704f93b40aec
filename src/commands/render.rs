//! `chartcheck render`: every environment through helm, in parallel.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use chartcheck::helm::Helm;
use chartcheck::manifest::parse_objects;
use chartcheck::render::{Template, template_all};

use super::{COULD_NOT_RUN, fail};
use crate::cli::RenderArgs;

pub fn run(args: &RenderArgs) -> ExitCode {
    let project = args.project.resolve(
        &args.values,
        args.values_dir.as_deref(),
        Some(&args.release),
    );
    let requests = project.and_then(|project| project.templates(&project.render_files()?));
    let requests = match requests {
        Ok(requests) => requests,
        Err(message) => return fail(&message),
    };
    let helm = match Helm::locate() {
        Ok(helm) => helm,
        Err(err) => return fail(&err.to_string()),
    };

    let mut failed = false;
    for (request, result) in requests.iter().zip(template_all(&helm, &requests)) {
        match result {
            Ok(manifest) => {
                failed |= !report_render(request, &manifest, args.output_dir.as_deref())
            }
            Err(err) => {
                eprintln!("error: {err}");
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::from(COULD_NOT_RUN)
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints one render's object counts and writes it out when asked; false when it is broken.
fn report_render(request: &Template, manifest: &str, output_dir: Option<&Path>) -> bool {
    let label = request.label();
    let (documents, errors) = parse_objects(&manifest.into(), 0, &label);
    for err in &errors {
        let at = err
            .location
            .as_ref()
            .map(|l| format!(" at line {}", l.span.start))
            .unwrap_or_default();
        eprintln!("error: {label}: rendered output{at}: {}", err.message);
    }
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for doc in &documents {
        *kinds.entry(doc.kind.as_str()).or_default() += 1;
    }
    let counts: Vec<String> = kinds.iter().map(|(k, n)| format!("{k} {n}")).collect();
    let noun = if documents.len() == 1 {
        "object"
    } else {
        "objects"
    };
    println!(
        "{label}: {} {noun} ({})",
        documents.len(),
        counts.join(", ")
    );

    if let Some(dir) = output_dir {
        // A render of the defaults alone (no values.yaml) is `values.yaml` as well.
        let stem = request.values.last().and_then(|f| f.file_stem());
        let path = dir
            .join(stem.unwrap_or("values".as_ref()))
            .with_extension("yaml");
        if let Err(err) =
            std::fs::create_dir_all(dir).and_then(|()| std::fs::write(&path, manifest))
        {
            eprintln!("error: {}: {err}", path.display());
            return false;
        }
    }
    errors.is_empty()
}
