//! The fallback for findings whose values key reading the templates did not find: render
//! again with candidate values replaced by unique markers, and see which marker turns up in
//! the offending field. Candidates are the string values (of the chart's
//! defaults merged with the environment's file) that occur in some offending field. One extra
//! render traces every finding of an environment; when the markers break that render (a schema
//! pattern or an enum refuses them), each candidate is tried on its own, up to a limit.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, ValueOrigin};
use crate::helm::Helm;
use crate::manifest::{Object, parse_objects};
use crate::render::{Template, template};
use crate::sources::Sources;

use super::{Environment, display_path};
use crate::validate::display_key;
use crate::validate::merge::{Merged, coalesce};
use crate::yaml::{self, Limits, Node, escape_token, unescape_token};

/// At most this many renders of one candidate each, when the combined render fails.
const SINGLE_RENDERS: usize = 16;
/// At most this many candidate values per environment.
const CANDIDATES: usize = 256;

/// Adds [`Diagnostic::values`] to the findings of `environment` that can be traced.
pub fn trace(
    helm: &Helm,
    environment: &Environment<'_>,
    diagnostics: &mut [Diagnostic],
    sources: &mut Sources,
) {
    let offending: Vec<(usize, String)> = diagnostics
        .iter()
        .enumerate()
        .filter(|(_, d)| d.values.is_empty())
        .filter(|(_, d)| d.environments.first().map(String::as_str) == Some(environment.name))
        .filter_map(|(i, d)| Some((i, scalar_text(d.subject.as_ref()?.value.as_ref()?)?)))
        .collect();
    if offending.is_empty() {
        return;
    }
    let Some((merged, files)) = merged_values(environment.request) else {
        return;
    };
    let candidates: Vec<(String, String)> = string_leaves(&merged.value)
        .into_iter()
        .filter(|(_, value)| {
            value.len() >= 2
                && offending
                    .iter()
                    .any(|(_, text)| text.contains(value.as_str()))
        })
        .take(CANDIDATES)
        .collect();
    if candidates.is_empty() {
        return;
    }
    let marker = |i: usize| format!("cctrace{i:04}z");
    let all: Vec<usize> = (0..candidates.len()).collect();
    let mut attempts = vec![all];
    let mut traced: BTreeMap<usize, usize> = BTreeMap::new();
    while let Some(group) = attempts.pop() {
        let overrides = group.iter().map(|&i| (candidates[i].0.as_str(), marker(i)));
        let Some(rendered) = render_with(helm, environment.request, overrides) else {
            if group.len() > 1 {
                attempts.extend(group.iter().take(SINGLE_RENDERS).map(|&i| vec![i]));
            }
            continue;
        };
        let (objects, _) = parse_objects(&rendered.into(), 0, environment.name);
        for (index, _) in &offending {
            let diagnostic = &diagnostics[*index];
            let Some(text) = find(&objects, diagnostic)
                .and_then(|o| scalar_text(o.json.pointer(diagnostic.pointer.as_deref()?)?))
            else {
                continue;
            };
            let found = group.iter().copied().filter(|&i| text.contains(&marker(i)));
            if let Some(i) = best(found, &candidates, diagnostic.culprit.as_deref()) {
                traced.entry(*index).or_insert(i);
            }
        }
    }
    for (index, candidate) in traced {
        let pointer = &candidates[candidate].0;
        if let Some(origin) = merged.origin(pointer) {
            let span = origin.key.unwrap_or(origin.value);
            let (file, text) = &files[origin.file];
            sources.insert(file.clone(), Arc::clone(text));
            diagnostics[index].values.push(ValueOrigin {
                file: file.clone(),
                line: span.start.line,
                column: span.start.column,
                key: display_key(pointer),
                chart_default: origin.file == 0,
                unset: false,
            });
        }
    }
}

/// Of the candidates that reached the offending field, the one that set the culprit when the
/// rule named one, else the longest value (the one that makes up most of the field).
fn best(
    found: impl Iterator<Item = usize>,
    candidates: &[(String, String)],
    culprit: Option<&str>,
) -> Option<usize> {
    let found: Vec<usize> = found.collect();
    match culprit {
        Some(culprit) => found.into_iter().find(|&i| candidates[i].1 == culprit),
        None => found.into_iter().max_by_key(|&i| candidates[i].1.len()),
    }
}

/// The object a diagnostic is about, by kind, namespace and name.
fn find<'a>(objects: &'a [Object], diagnostic: &Diagnostic) -> Option<&'a Object> {
    let wanted = diagnostic.object.as_ref()?;
    objects
        .iter()
        .find(|o| o.kind == wanted.kind && o.name == wanted.name && o.namespace == wanted.namespace)
}

/// A scalar as text.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A file as the user names it, and its text.
type NamedText = (PathBuf, Arc<str>);

/// The chart's defaults (file 0) with the request's files over them, and the files (as the
/// user names them) with their texts, by index.
fn merged_values(request: &Template) -> Option<(Merged, Vec<NamedText>)> {
    let load = |path: &Path| -> Option<(Arc<str>, Vec<Node>)> {
        let text = std::fs::read_to_string(path).ok()?;
        let documents = yaml::load_str(&text, &Limits::default()).ok()?;
        Some((text.into(), documents.into_iter().map(|d| d.root).collect()))
    };
    let defaults_path = request.chart.join("values.yaml");
    let (text, defaults) = load(&defaults_path)?;
    let mut files = vec![(display_path(&defaults_path), text)];
    let mut user = Vec::new();
    for path in &request.values {
        let (text, documents) = load(path)?;
        files.push((display_path(path), text));
        user.push(documents);
    }
    let defaults: Vec<_> = defaults.iter().map(|n| (0, n)).collect();
    let user: Vec<_> = user
        .iter()
        .enumerate()
        .flat_map(|(i, documents)| documents.iter().map(move |n| (i + 1, n)))
        .collect();
    Some((coalesce(&defaults, &user), files))
}

/// Every string value with its JSON pointer.
fn string_leaves(value: &Value) -> Vec<(String, String)> {
    let mut leaves = Vec::new();
    let mut stack = vec![(String::new(), value)];
    while let Some((pointer, value)) = stack.pop() {
        match value {
            Value::String(s) => leaves.push((pointer, s.clone())),
            Value::Object(map) => {
                for (key, child) in map {
                    let escaped = escape_token(key);
                    stack.push((format!("{pointer}/{escaped}"), child));
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    stack.push((format!("{pointer}/{i}"), child));
                }
            }
            _ => {}
        }
    }
    leaves.sort();
    leaves
}

/// Renders `request` with the values at `overrides` (pointer, replacement) replaced, through
/// one more values file; None when helm refuses.
fn render_with<'a>(
    helm: &Helm,
    request: &Template,
    overrides: impl Iterator<Item = (&'a str, String)>,
) -> Option<String> {
    let mut root = Value::Object(Map::new());
    for (pointer, replacement) in overrides {
        let mut node = &mut root;
        let segments: Vec<String> = pointer.split('/').skip(1).map(unescape_token).collect();
        let (last, parents) = segments.split_last()?;
        for segment in parents {
            // Lists cannot be patched through a values file; such candidates do not trace.
            node = node
                .as_object_mut()?
                .entry(segment.clone())
                .or_insert_with(|| Value::Object(Map::new()));
        }
        node.as_object_mut()?
            .insert(last.clone(), Value::String(replacement));
    }
    let file = tempfile_path()?;
    std::fs::write(&file, serde_json::to_string(&root).ok()?).ok()?;
    let result = template(helm, &request.clone().values_file(&file)).ok();
    let _ = std::fs::remove_file(&file);
    result
}

/// A private temporary file name for the overrides (JSON is YAML, so helm reads it as `-f`).
fn tempfile_path() -> Option<PathBuf> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    Some(std::env::temp_dir().join(format!("chartcheck-trace-{}-{n}.yaml", std::process::id())))
}
