//! The values layers of one render, highest priority first: the user's files (the last `-f`
//! first), the chart's `values.yaml`, each subchart's `values.yaml` under its key; and which
//! layer decided a values path.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value as Json;

use crate::diagnostic::{Subject, ValueOrigin};
use crate::render::Template;
use crate::validate::display_key;
use crate::yaml::{self, Limits, Node, Span, Value, escape_token};

use super::display_path;

/// One values file.
pub struct Layer {
    /// As the user names it.
    pub file: PathBuf,
    pub text: Arc<str>,
    root: Node,
    /// Where its keys are in the merged values (a subchart's name or alias).
    prefix: Vec<String>,
    chart_default: bool,
}

/// A render's values files, highest priority first.
pub struct Layers {
    pub layers: Vec<Layer>,
    /// Paths `--set`/`--set-string` assign: no file decides them.
    command_line: Vec<Vec<String>>,
}

impl Layers {
    pub fn read(request: &Template) -> Self {
        let mut layers = Vec::new();
        let defaults = std::fs::canonicalize(request.chart.join("values.yaml")).ok();
        for file in request.values.iter().rev() {
            // The chart's own values.yaml given as `-f` is still the chart's default.
            if std::fs::canonicalize(file).ok() != defaults {
                layers.extend(layer(file, Vec::new(), false));
            }
        }
        subchart_layers(&request.chart, Vec::new(), &mut layers, 0);
        let command_line = request
            .set
            .iter()
            .chain(&request.set_string)
            .flat_map(|assignments| assigned_paths(assignments))
            .collect();
        Layers {
            layers,
            command_line,
        }
    }

    /// The values keys that decided a field read from `paths` (most specific first; `*` any
    /// member), given the rendered value; `block` is the path a `toYaml` wrote the field from.
    /// When the command line set one of those keys (or inside one), no file is blamed.
    pub fn origins(
        &self,
        paths: &[Vec<String>],
        block: Option<&[String]>,
        subject: &Subject,
        culprit: Option<&str>,
    ) -> Vec<(Vec<String>, ValueOrigin)> {
        let on_command_line = |path: &Vec<String>| {
            self.command_line
                .iter()
                .any(|set| set.starts_with(path) || path.starts_with(set))
        };
        // Any key the field is made from that the command line set may be what decided it.
        if paths
            .iter()
            .flat_map(|p| self.expand(p))
            .any(|p| on_command_line(&p))
        {
            return Vec::new();
        }
        self.file_origins(paths, block, subject, culprit)
    }

    fn file_origins(
        &self,
        paths: &[Vec<String>],
        block: Option<&[String]>,
        subject: &Subject,
        culprit: Option<&str>,
    ) -> Vec<(Vec<String>, ValueOrigin)> {
        let concrete: Vec<Vec<String>> = paths.iter().flat_map(|p| self.expand(p)).collect();
        if let Some(value) = &subject.value {
            let text = scalar_text(value);
            let decided: Vec<(Vec<String>, usize, &Node, Span)> = concrete
                .iter()
                .filter_map(|p| {
                    let (layer, node, span) = self.decider(p)?;
                    Some((p.clone(), layer, node, span))
                })
                .filter(|(_, _, node, _)| scalar(node).is_some())
                .collect();
            let equal = |want: &str| -> Vec<&(Vec<String>, usize, &Node, Span)> {
                decided
                    .iter()
                    .filter(|(_, _, n, _)| scalar(n).as_deref() == Some(want))
                    .collect()
            };
            let mut chosen = culprit.map(equal).unwrap_or_default();
            if chosen.is_empty() {
                chosen = equal(&text);
            }
            if chosen.is_empty() {
                chosen = decided
                    .iter()
                    .filter(|(_, _, n, _)| {
                        scalar(n).is_some_and(|s| s.len() >= 2 && text.contains(s.as_str()))
                    })
                    .collect();
            }
            // Values that do not appear in the field but are all it was made from (a preset's
            // name, a `tpl` string): they decided it.
            if chosen.is_empty() && decided.len() <= 2 {
                chosen = decided.iter().collect();
            }
            let mut origins = Vec::new();
            for (path, layer, _, span) in chosen {
                let origin = self.origin(*layer, path, *span, false);
                if !origins.iter().any(|(_, o)| *o == origin) {
                    origins.push((path.clone(), origin));
                }
            }
            return origins;
        }
        // A block, or a field that is missing: every layer that sets the path (maps merge),
        // else the deepest part that is set, as where it would go. A map a template writes
        // key by key (labels from helpers) has no one values key.
        let (Some(path), Some(_)) = (concrete.first(), block) else {
            return Vec::new();
        };
        let mut origins = Vec::new();
        for (index, layer) in self.layers.iter().enumerate() {
            if let Some((node, span)) = layer.find(path)
                && !matches!(node.value, Value::Null)
            {
                origins.push((path.clone(), self.origin(index, path, span, false)));
            }
        }
        if origins.is_empty() {
            for depth in (1..path.len()).rev() {
                if let Some((layer, _, span)) = self.decider(&path[..depth]) {
                    origins.push((path.clone(), self.origin(layer, path, span, true)));
                    break;
                }
            }
        }
        origins
    }

    /// The layer that decides `path` and the span of its key there (or of the nearest
    /// ancestor that it sets).
    pub fn position(&self, path: &[String]) -> Option<(&Layer, Span)> {
        (1..=path.len()).rev().find_map(|depth| {
            let (layer, _, span) = self.decider(&path[..depth])?;
            Some((&self.layers[layer], span))
        })
    }

    fn origin(&self, layer: usize, path: &[String], span: Span, unset: bool) -> ValueOrigin {
        let layer = &self.layers[layer];
        let pointer: String = path
            .iter()
            .map(|s| format!("/{}", escape_token(s)))
            .collect();
        ValueOrigin {
            file: layer.file.clone(),
            line: span.start.line,
            column: span.start.column,
            key: display_key(&pointer),
            chart_default: layer.chart_default,
            unset,
        }
    }

    /// The layer that decides `path` (the first that sets it, not to null), with the node and
    /// the span to point at (its key).
    fn decider(&self, path: &[String]) -> Option<(usize, &Node, Span)> {
        self.layers.iter().enumerate().find_map(|(index, layer)| {
            let (node, span) = layer.find(path)?;
            (!matches!(node.value, Value::Null)).then_some((index, node, span))
        })
    }

    /// `path` with each `*` replaced by every member any layer has there.
    fn expand(&self, path: &[String]) -> Vec<Vec<String>> {
        let Some(star) = path.iter().position(|s| s == "*") else {
            return vec![path.to_vec()];
        };
        let mut members: Vec<String> = Vec::new();
        for layer in &self.layers {
            if let Some((node, _)) = layer.find(&path[..star]) {
                let names: Vec<String> = match &node.value {
                    Value::Map(entries) => entries.iter().map(|e| e.key.clone()).collect(),
                    Value::Seq(items) => (0..items.len()).map(|i| i.to_string()).collect(),
                    _ => Vec::new(),
                };
                for name in names {
                    if !members.contains(&name) {
                        members.push(name);
                    }
                }
            }
        }
        members
            .into_iter()
            .flat_map(|member| {
                let mut concrete = path[..star].to_vec();
                concrete.push(member);
                concrete.extend(path[star + 1..].iter().cloned());
                self.expand(&concrete)
            })
            .collect()
    }
}

impl Layer {
    /// The node at `path` of the merged values, when this layer writes it, with its key's span.
    fn find(&self, path: &[String]) -> Option<(&Node, Span)> {
        let inside = path.strip_prefix(self.prefix.as_slice()).or_else(|| {
            // A subchart sees the parent's `global` as its own.
            (path.first().is_some_and(|p| p == "global") && !self.prefix.is_empty()).then_some(path)
        })?;
        let mut node = &self.root;
        let mut span = node.span;
        for segment in inside {
            match &node.value {
                Value::Map(entries) => {
                    let entry = entries.iter().find(|e| &e.key == segment)?;
                    span = entry.key_span;
                    node = &entry.value;
                }
                Value::Seq(items) => {
                    node = items.get(segment.parse::<usize>().ok()?)?;
                    span = node.span;
                }
                _ => return None,
            }
        }
        Some((node, span))
    }
}

fn layer(file: &Path, prefix: Vec<String>, chart_default: bool) -> Option<Layer> {
    let text = std::fs::read_to_string(file).ok()?;
    let documents = yaml::load_str(&text, &Limits::default()).ok()?;
    let root = documents.into_iter().next()?.root;
    Some(Layer {
        file: display_path(file),
        text: text.into(),
        root,
        prefix,
        chart_default,
    })
}

/// A chart's own values.yaml, then its subcharts' (unpacked in `charts/`), under their keys.
fn subchart_layers(chart: &Path, prefix: Vec<String>, layers: &mut Vec<Layer>, depth: usize) {
    layers.extend(layer(&chart.join("values.yaml"), prefix.clone(), true));
    if depth > 4 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(chart.join("charts")) else {
        return;
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("Chart.yaml").is_file())
        .collect();
    dirs.sort();
    for dir in dirs {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut inner = prefix.clone();
        inner.push(super::chart::alias(chart, &name));
        subchart_layers(&dir, inner, layers, depth + 1);
    }
}

/// The values paths one `--set` argument assigns, as helm reads it: `a.b=1,c[0].d=x` sets
/// `a.b` and `c.0.d`; `\,` and `\.` escape.
fn assigned_paths(assignments: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    for assignment in split_unescaped(assignments, ',') {
        let Some(key) = split_unescaped(&assignment, '=').into_iter().next() else {
            continue;
        };
        if !assignment.contains('=') {
            continue;
        }
        let mut path = Vec::new();
        for part in split_unescaped(&key, '.') {
            let mut rest = part.as_str();
            let name_end = rest.find('[').unwrap_or(rest.len());
            if name_end > 0 {
                path.push(rest[..name_end].replace('\\', ""));
            }
            rest = &rest[name_end..];
            while let Some(index) = rest.strip_prefix('[').and_then(|r| r.split_once(']')) {
                path.push(index.0.to_owned());
                rest = index.1;
            }
        }
        paths.push(path);
    }
    paths
}

/// `text` split at each `separator` not escaped by `\` (the escapes are kept).
fn split_unescaped(text: &str, separator: char) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut escaped = false;
    for c in text.chars() {
        if c == separator && !escaped {
            parts.push(String::new());
        } else {
            parts.last_mut().expect("never empty").push(c);
        }
        escaped = c == '\\' && !escaped;
    }
    parts
}

fn scalar(node: &Node) -> Option<String> {
    match &node.value {
        Value::String(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => Some(f.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn scalar_text(value: &Json) -> String {
    match value {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::assigned_paths;

    #[test]
    fn set_arguments_name_their_paths() {
        let paths = assigned_paths(r"image.tag=1.2,list[0].name=a\,b,dotted\.key.x=1,flag");
        let want: Vec<Vec<&str>> = vec![
            vec!["image", "tag"],
            vec!["list", "0", "name"],
            vec!["dotted.key", "x"],
        ];
        assert_eq!(paths, want);
    }
}
