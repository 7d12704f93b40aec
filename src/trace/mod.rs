//! Tracing: each finding on a rendered object → the template line that wrote the offending
//! field, and the values keys (environment files before chart defaults) that decided it.
//!
//! Fed the diagnostics lint made from the objects it parsed (their [`Subject`]), never the
//! render again. The chart's templates are read with positions ([`gotemplate`]), laid out as
//! YAML by structure ([`skeleton`]), and the `.Values` paths each action reads are resolved
//! through variables, `with`, `range` and helper arguments ([`refs`]). Where that finds no
//! values key, the environment is rendered once more with candidate values replaced by markers
//! ([`render`]), for the objects with findings only.

pub mod chart;
pub mod gotemplate;
pub mod refs;
pub mod render;
pub mod skeleton;
pub mod values;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, HelperOrigin, Location, Rendered};
use crate::helm::Helm;
use crate::render::Template;
use crate::sources::Sources;
use chart::Chart;
use values::Layers;

/// One environment's render, as linted.
pub struct Environment<'a> {
    /// Its name (`prod`, `defaults`), as in [`Diagnostic::environments`].
    pub name: &'a str,
    /// How it was rendered: chart, values files (in order), release.
    pub request: &'a Template,
}

/// Adds template and values origins to every finding in a render of `environments`, and
/// makes the template its primary location (the render becomes [`Diagnostic::rendered`]).
/// `helm`, when given, confirms values origins by rendering again where reading the templates
/// found none.
pub fn trace(
    helm: Option<&Helm>,
    environments: &[Environment<'_>],
    diagnostics: &mut [Diagnostic],
    sources: &mut Sources,
) {
    let mut charts: HashMap<PathBuf, Chart> = HashMap::new();
    let layers: Vec<Layers> = environments
        .iter()
        .map(|e| Layers::read(e.request))
        .collect();
    for diagnostic in diagnostics.iter_mut() {
        let Some(subject) = diagnostic.subject.clone() else {
            continue;
        };
        let Some(first) = diagnostic
            .environments
            .first()
            .and_then(|name| environments.iter().find(|e| e.name == name))
        else {
            continue;
        };
        let chart = charts
            .entry(first.request.chart.clone())
            .or_insert_with(|| Chart::read(&first.request.chart));
        let pointer = diagnostic.pointer.clone().unwrap_or_default();
        let Some(mut found) = chart.locate(&subject, &pointer) else {
            continue;
        };
        let mut paths: Vec<Vec<String>> = Vec::new();
        for name in &diagnostic.environments {
            let Some(index) = environments.iter().position(|e| e.name == name) else {
                continue;
            };
            let culprit = diagnostic.culprit.as_deref();
            let origins =
                layers[index].origins(&found.values, found.block.as_deref(), &subject, culprit);
            for (path, origin) in origins {
                if !diagnostic.values.contains(&origin) {
                    diagnostic.values.push(origin);
                    paths.push(path);
                }
            }
        }
        mark_reader(chart, &mut found, &paths);
        if let Some(location) = diagnostic.location.take() {
            diagnostic.rendered = Some(Rendered {
                environment: first.name.to_owned(),
                label: location.file,
                span: location.span,
            });
        }
        if let Some(text) = chart.text(&found.file) {
            sources.insert(found.origin.file.clone(), text);
        }
        if let Some(helper) = &found.origin.helper
            && let Some(text) = chart.text(&helper.file)
        {
            sources.insert(helper.file.clone(), text);
        }
        diagnostic.location = Some(Location {
            file: found.origin.file.clone(),
            span: found.span,
        });
        diagnostic.written = Some(found.origin);
    }
    for layer in layers.iter().flat_map(|l| &l.layers) {
        if diagnostics
            .iter()
            .any(|d| d.values.iter().any(|v| v.file == layer.file))
        {
            sources.insert(layer.file.clone(), Arc::clone(&layer.text));
        }
    }
    if let Some(helm) = helm {
        for environment in environments {
            render::trace(helm, environment, diagnostics, sources);
        }
    }
}

/// Of the places on the way that read values, marks the one that read the offending value:
/// the action on the template line, and the helper line.
fn mark_reader(chart: &Chart, found: &mut chart::Found, paths: &[Vec<String>]) {
    let read = |path: &Vec<String>| paths.contains(path);
    if let Some((_, range)) = found.marks.iter().find(|(path, _)| read(path))
        && let Some(text) = chart.text(&found.file)
    {
        found.span = chart::span(&text, range.clone());
        found.origin.line = found.span.start.line;
        found.origin.column = found.span.start.column;
    }
    if found.origin.helper.is_none()
        && let Some((_, name, file, offset)) = found.helper_marks.iter().find(|(p, ..)| read(p))
        && let Some(text) = chart.text(file)
    {
        let at = chart::span(&text, *offset..*offset).start;
        found.origin.helper = Some(HelperOrigin {
            name: name.clone(),
            file: display_path(file),
            line: at.line,
            column: at.column,
        });
    }
}

/// A path as the user would type it: relative to the working directory when below it.
pub fn display_path(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

/// Helm's refusals of the merged values (`- at '/ingress/host': 'X' does not match …`), each
/// placed at the values line that set the value: the environment's file, else the chart's.
pub fn schema_refusals(
    request: &Template,
    helm_message: &str,
    sources: &mut Sources,
) -> Vec<Diagnostic> {
    let mut refusals: Vec<(&str, &str)> = helm_message
        .lines()
        .filter_map(|line| {
            let rest = line.trim_start().strip_prefix("- at '")?;
            let (pointer, reason) = rest.split_once("': ")?;
            Some((pointer, reason))
        })
        .collect();
    // Helm lists them in no fixed order.
    refusals.sort_unstable();
    // A parent's "validation failed" only groups the lines below it.
    let leaves = refusals.iter().filter(|(pointer, _)| {
        !refusals.iter().any(|(other, _)| {
            other.len() > pointer.len() && other.starts_with(&format!("{pointer}/"))
        })
    });
    let layers = Layers::read(request);
    let mut diagnostics = Vec::new();
    for (pointer, reason) in leaves {
        let path: Vec<String> = pointer
            .split('/')
            .skip(1)
            .map(crate::yaml::unescape_token)
            .collect();
        let key = crate::validate::display_key(pointer);
        let mut diagnostic = Diagnostic::error(
            &crate::codes::SCHEMA_VIOLATION,
            format!("`{key}`: {reason}"),
        )
        .note(format!(
            "helm refused to render {}: the chart's values.schema.json does not allow this value",
            request.label()
        ));
        if let Some((layer, span)) = layers.position(&path) {
            sources.insert(layer.file.clone(), Arc::clone(&layer.text));
            diagnostic = diagnostic.at(layer.file.clone(), span);
        }
        diagnostics.push(diagnostic);
    }
    diagnostics
}

/// Where helm says a template failed (`execution error at (chart/templates/x.yaml:19:21)`,
/// `template: chart/templates/x.yaml:7:3: executing …`, `parse error at (chart/x.tpl:5)`):
/// that file of the chart (or a subchart under `charts/`) and the span of the line or action.
pub fn failed_template(
    request: &Template,
    helm_message: &str,
    sources: &mut Sources,
) -> Option<(PathBuf, crate::yaml::Span)> {
    let (name, line, column) = helm_message.lines().find_map(template_position)?;
    // Helm names files from the chart's name: drop it, the rest is below the chart directory.
    let (_, inside) = name.split_once('/')?;
    let file = request.chart.join(inside);
    let text = std::fs::read_to_string(&file).ok()?;
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let line_text = text.get(line_start..)?.lines().next().unwrap_or("");
    // Go templates count columns in bytes from 0.
    let mut start = line_start + column.min(line_text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let end = if column > 0 {
        // The action helm names, to its `}}`.
        line_text[start - line_start..]
            .find("}}")
            .map_or(line_start + line_text.len(), |i| start + i + 2)
    } else {
        line_start + line_text.len()
    };
    let span = chart::span(&text, start..end);
    let file = display_path(&file);
    sources.insert(file.clone(), text);
    Some((file, span))
}

/// `(file, line, byte column from 0)` from one line of helm's message; 0 when helm gives none.
fn template_position(line: &str) -> Option<(&str, usize, usize)> {
    let rest = ["execution error at (", "parse error at (", "template: "]
        .iter()
        .find_map(|marker| line.split_once(marker).map(|(_, rest)| rest))?;
    let end = rest.find([')', ' ']).unwrap_or(rest.len());
    let mut parts = rest[..end].trim_end_matches(':').split(':');
    let file = parts.next()?;
    let line = parts.next()?.parse().ok()?;
    let column = parts.next().and_then(|c| c.parse().ok()).unwrap_or(0);
    Some((file, line, column))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Subject;

    #[test]
    fn helm_names_the_failing_template() {
        let at = |message| template_position(message);
        assert_eq!(
            at("Error: execution error at (journal/templates/a.yaml:19:21): x is required"),
            Some(("journal/templates/a.yaml", 19, 21))
        );
        assert_eq!(
            at(
                "Error: template: journal/templates/b.yaml:7:3: executing \"journal/templates/b.yaml\" at <.Values.x>: nil"
            ),
            Some(("journal/templates/b.yaml", 7, 3))
        );
        assert_eq!(
            at("Error: parse error at (journal/templates/_helpers.tpl:5): unexpected EOF"),
            Some(("journal/templates/_helpers.tpl", 5, 0))
        );
        assert_eq!(at("Error: values don't meet the specifications"), None);
    }
    use crate::yaml::Span;

    /// A finding on `pointer` of the one Deployment of a chart made of `template`, `helpers`
    /// and `values`, traced.
    fn traced(
        template: &str,
        helpers: &str,
        values: &str,
        pointer: &str,
        value: &str,
    ) -> Diagnostic {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/deployment.yaml"), template).unwrap();
        std::fs::write(dir.path().join("templates/_helpers.tpl"), helpers).unwrap();
        std::fs::write(dir.path().join("values.yaml"), values).unwrap();
        let request = Template::new(dir.path(), "rel", "default");
        let mut diagnostic =
            Diagnostic::finding(&crate::lint::rules::images::latest_tag::RULE, "m")
                .at("rendered", Span::default())
                .pointer(pointer);
        diagnostic.environments = vec!["defaults".into()];
        diagnostic.culprit = Some("latest".into());
        diagnostic.subject = Some(Subject {
            template: "fx/templates/deployment.yaml".into(),
            document: 0,
            kind: "Deployment".into(),
            item_names: vec![Some("app".into())],
            value: Some(value.into()),
        });
        let environments = [Environment {
            name: "defaults",
            request: &request,
        }];
        let mut diagnostics = [diagnostic];
        trace(
            None,
            &environments,
            &mut diagnostics,
            &mut Sources::default(),
        );
        let [diagnostic] = diagnostics;
        diagnostic
    }

    #[test]
    fn the_action_marked_is_the_one_whose_helper_read_the_value() {
        let template = "kind: Deployment\nspec:\n  containers:\n    - name: app\n      image: {{ .Values.repo }}:{{ include \"x.tag\" . }}\n";
        let helpers = "{{- define \"x.tag\" -}}\n{{ .Values.tag }}\n{{- end }}\n";
        let found = traced(
            template,
            helpers,
            "repo: r\ntag: latest\n",
            "/spec/containers/0/image",
            "r:latest",
        );
        let written = found.written.unwrap();
        assert_eq!((written.line, written.column), (5, 33));
        assert_eq!(written.helper.unwrap().line, 2);
        assert_eq!(found.values[0].key, "tag");
        assert_eq!(found.values[0].line, 2);
    }
}
