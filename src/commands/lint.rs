//! `chartcheck lint`: renders (or reads) manifests and runs the rules over them.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chartcheck::chart_crds::crd_files;
use chartcheck::codes;
use chartcheck::diagnostic::{Diagnostic, Severity};
use chartcheck::helm::Helm;
use chartcheck::lint::config::Selection;
use chartcheck::lint::{Input, lint_chart, spoken};
use chartcheck::project::Project;
use chartcheck::render::{RenderError, Template, environment_name, template_all};
use chartcheck::report::{Format, github, json, lint_summary, pod_security_line, sarif, text};
use chartcheck::sources::Sources;
use chartcheck::trace::{Environment, failed_template, schema_refusals, trace};
use chartcheck::yaml::decode;

use super::{COULD_NOT_RUN, FAILED, fail};
use crate::cli::{LintArgs, ProjectArgs};

pub fn run(args: &LintArgs) -> ExitCode {
    let (chart_dir, paths) = match chart_path(args) {
        Ok(split) => split,
        Err(message) => return fail(&message),
    };
    let project_args = ProjectArgs {
        chart: chart_dir.or_else(|| args.project.chart.clone()),
        ..args.project.clone()
    };
    let project = match project_args.resolve(
        &args.values,
        args.values_dir.as_deref(),
        Some(&args.release),
    ) {
        Ok(project) => project,
        Err(message) => return fail(&message),
    };
    let selection = match selection(args, &project) {
        Ok(selection) => selection,
        Err(message) => return fail(&message),
    };
    let mut problems = Vec::new();
    let mut unreadable = Sources::default();
    let renders = if paths.is_empty() {
        match render_sets(&project, &mut problems, &mut unreadable) {
            Ok(renders) => Some(renders),
            Err(message) => return fail(&message),
        }
    } else {
        None
    };
    let sets: Vec<Vec<Input>> = match &renders {
        Some((_, renders)) => renders.iter().map(|r| vec![r.input.clone()]).collect(),
        None => vec![read_inputs(paths, &mut problems, &mut unreadable)],
    };
    let crds = read_inputs(&crd_paths(args, &project), &mut problems, &mut unreadable);
    let chart_crds = match (&renders, project.chart()) {
        (Some(_), Ok(chart)) => crd_files(chart),
        _ => Vec::new(),
    };
    let chart_crds = read_inputs(&chart_crds, &mut problems, &mut unreadable);
    let mut outcome = match lint_chart(&sets, &crds, &chart_crds, &selection) {
        Ok(outcome) => outcome,
        Err(message) => return fail(&message),
    };
    if let Some((helm, renders)) = &renders {
        let environments: Vec<Environment> = renders
            .iter()
            .map(|render| Environment {
                name: render.input.environment.as_deref().unwrap_or_default(),
                request: &render.request,
            })
            .collect();
        let confirm = (!args.no_trace).then_some(helm);
        trace(
            confirm,
            &environments,
            &mut outcome.diagnostics,
            &mut outcome.sources,
        );
    }
    outcome.incomplete |= !problems.is_empty();
    outcome.sources.extend(unreadable);
    outcome.skip_freeing();
    problems.append(&mut outcome.diagnostics);
    let diagnostics = problems;

    let fail_on = args
        .fail_on
        .or(selection.fail_on)
        .unwrap_or(Severity::Error);
    match args.format {
        Format::Json => {
            let summary = json::Summary {
                objects: Some(outcome.objects),
                complete: !outcome.incomplete,
                pod_security: (!outcome.pod_security.is_empty())
                    .then(|| outcome.pod_security.clone()),
                ..Default::default()
            };
            print!("{}", json::render(&diagnostics, summary));
        }
        Format::Sarif => print!(
            "{}",
            sarif::render(&diagnostics, &codes::lint_rules().collect::<Vec<_>>())
        ),
        Format::Github => print!("{}", github::render(&diagnostics)),
        Format::Text => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let style = text::Style {
                color,
                show_rendered: args.show_rendered,
            };
            print!("{}", text::render(&diagnostics, &outcome.sources, style));
            println!(
                "{}",
                lint_summary(&diagnostics, outcome.objects, outcome.incomplete)
            );
            if let Some(line) = pod_security_line(&outcome.pod_security) {
                println!("{line}");
            }
        }
    }
    if outcome.incomplete {
        ExitCode::from(COULD_NOT_RUN)
    } else if diagnostics.iter().any(|d| d.severity >= fail_on) {
        ExitCode::from(FAILED)
    } else {
        ExitCode::SUCCESS
    }
}

/// The project's settings with the flags on top.
fn selection(args: &LintArgs, project: &Project) -> Result<Selection, String> {
    let mut selection = project
        .config
        .as_ref()
        .map(|config| Selection::from_config(&config.file))
        .unwrap_or_default();
    if !args.select.is_empty() {
        selection.select = args.select.clone();
    }
    selection.ignore.extend(args.ignore.iter().cloned());
    if args.release.kube_version.is_some() {
        selection
            .kube_version
            .clone_from(&args.release.kube_version);
    }
    if args.pod_security.is_some() {
        selection.pod_security = args.pod_security;
    }
    selection.kube_api()?;
    let unknown = selection.unknown_names();
    if !unknown.is_empty() {
        let place = project
            .config
            .as_ref()
            .map(|c| format!(" (in {} or the flags)", c.path.display()))
            .unwrap_or_default();
        return Err(format!(
            "unknown rule or group: {}{place}; `chartcheck rules` lists them",
            unknown.join(", ")
        ));
    }
    Ok(selection)
}

/// Where the CustomResourceDefinitions given to check custom resources are: the config's and
/// the flags'. (A rendered chart's own `crds/`, which `helm template` leaves out and `helm
/// install` applies first, is read apart: see [`crd_files`].)
fn crd_paths(args: &LintArgs, project: &Project) -> Vec<PathBuf> {
    let mut paths = project.config_crds();
    paths.extend(args.crds.iter().cloned());
    paths
}

/// A chart directory given as the only PATH, and the PATHs that remain to read as manifests.
fn chart_path(args: &LintArgs) -> Result<(Option<PathBuf>, &[PathBuf]), String> {
    let is_chart = |path: &PathBuf| path.join("Chart.yaml").is_file();
    match args.paths.as_slice() {
        [chart] if is_chart(chart) => {
            if let Some(flag) = &args.project.chart {
                return Err(format!(
                    "{} is a chart and --chart names {}: give the chart one way",
                    chart.display(),
                    flag.display()
                ));
            }
            Ok((Some(chart.clone()), &[]))
        }
        paths => match paths.iter().find(|p| is_chart(p)) {
            Some(chart) => Err(format!(
                "{} is a chart directory: lint a chart on its own (`chartcheck lint {}`), not \
                 with other paths",
                chart.display(),
                chart.display()
            )),
            None => Ok((None, paths)),
        },
    }
}

/// One environment's render, and how it was made (for tracing).
struct Render {
    request: Template,
    input: Input,
}

/// The chart rendered with each values file, in parallel; each render is one set to lint.
fn render_sets(
    project: &Project,
    problems: &mut Vec<Diagnostic>,
    sources: &mut Sources,
) -> Result<(Helm, Vec<Render>), String> {
    let chart = project.chart()?;
    let files = project.render_files()?;
    let helm = Helm::locate().map_err(|e| e.to_string())?;
    let requests = project.templates(&files)?;
    let results = template_all(&helm, &requests);
    let mut renders = Vec::new();
    for ((file, request), result) in files.into_iter().zip(requests).zip(results) {
        match result {
            Ok(text) => {
                let input = Input {
                    name: format!("{} rendered with {}", chart.display(), file.display()),
                    // The chart's own values.yaml alone is no named environment.
                    environment: Some(if project.environments.is_empty() {
                        "defaults".to_owned()
                    } else {
                        environment_name(&file)
                    }),
                    chart: Some(chart.to_path_buf()),
                    text: text.into(),
                };
                renders.push(Render { request, input });
            }
            Err(err @ RenderError::ValuesFile { .. }) => problems.push(
                Diagnostic::error(&codes::UNREADABLE, err.to_string())
                    .help("nothing of this environment was linted; the others were"),
            ),
            Err(err) => {
                let mut failed = Diagnostic::error(
                    &codes::RENDER_FAILED,
                    format!("could not render {}", request.label()),
                );
                if let RenderError::Failed { message, .. } = &err {
                    problems.extend(schema_refusals(&request, message, sources));
                    if let Some((file, span)) = failed_template(&request, message, sources) {
                        failed = failed.at(file, span);
                    }
                }
                problems.push(
                    failed
                        .note(err.to_string())
                        .help("nothing of this environment was linted; the others were"),
                );
            }
        }
    }
    Ok((helm, renders))
}

/// Files, directories (every *.yaml and *.yml below, sorted) and `-` for stdin, as one set.
/// `sources` gets the texts of files that are not UTF-8, as far as they go, to show where.
fn read_inputs(
    paths: &[PathBuf],
    problems: &mut Vec<Diagnostic>,
    sources: &mut Sources,
) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in paths {
        let files = if path.as_os_str() == "-" || !path.is_dir() {
            vec![path.clone()]
        } else {
            yaml_files_below(path, problems)
        };
        for file in files {
            let (name, bytes) = if file.as_os_str() == "-" {
                let mut bytes = Vec::new();
                let read = std::io::stdin().read_to_end(&mut bytes).map(|_| bytes);
                (
                    "-".to_owned(),
                    read.map_err(|e| format!("cannot read standard input: {e}")),
                )
            } else {
                let name = file.display().to_string();
                let read = std::fs::read(&file).map_err(|e| format!("cannot read {name}: {e}"));
                (name, read)
            };
            match bytes.map(decode) {
                Ok(Ok(text)) => inputs.push(Input {
                    name,
                    environment: None,
                    chart: None,
                    text: text.into(),
                }),
                Ok(Err(not_text)) => {
                    let message = format!("{} {}", spoken(&name), not_text.message);
                    problems.push(
                        Diagnostic::error(&codes::NOT_UTF8, message).at(&name, not_text.span),
                    );
                    sources.insert(name, not_text.lossy);
                }
                Err(message) => problems.push(Diagnostic::error(&codes::UNREADABLE, message)),
            }
        }
    }
    inputs
}

fn yaml_files_below(dir: &Path, problems: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    // Links are followed: a linked manifest is linted, a dangling link is reported.
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let yaml = matches!(
                    entry.path().extension().and_then(|e| e.to_str()),
                    Some("yaml" | "yml")
                );
                if yaml {
                    files.push(entry.into_path());
                }
            }
            Ok(_) => {}
            Err(err) => {
                let path = err.path().unwrap_or(dir).display().to_string();
                let reason = match err.io_error() {
                    Some(io) if err.path().is_some_and(|p| p.is_symlink()) => {
                        format!("{io} (a link to something that is not there)")
                    }
                    Some(io) => io.to_string(),
                    None => err.to_string(),
                };
                problems.push(Diagnostic::error(
                    &codes::UNREADABLE,
                    format!("cannot read {path}: {reason}"),
                ));
            }
        }
    }
    files
}
