//! A chart's templates, read once: each file's pieces, every named template (helpers) of the
//! chart and its subcharts, and where a rendered field was written.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{HelperOrigin, Subject, TemplateOrigin};
use crate::yaml::{Position, Span, unescape_token};

use super::display_path;
use super::gotemplate::{Piece, defines, lex};
use super::refs::Binding;
use super::skeleton::{self, Entry, Seg, Skeleton};

/// How deep helpers that include helpers are followed.
const HELPER_DEPTH: usize = 6;

/// One template file.
struct File {
    text: Arc<str>,
    pieces: Vec<Piece>,
}

/// A chart directory's templates, subcharts' included.
pub struct Chart {
    dir: PathBuf,
    files: HashMap<PathBuf, Option<File>>,
    /// Named templates: name → (file, piece range of the body).
    helpers: HashMap<String, (PathBuf, std::ops::Range<usize>)>,
}

/// Where a rendered field was written, and the values paths that wrote it.
pub struct Found {
    /// The template file as read (for its text).
    pub file: PathBuf,
    pub origin: TemplateOrigin,
    pub span: Span,
    /// Values paths that decided the field, most specific first (`*` for any member). A path
    /// that a block writes is followed by the rest of the finding's pointer.
    pub values: Vec<Vec<String>>,
    /// The field is written by a block (`toYaml`) of this values path: if the rest is not in
    /// the values, the deepest part that is, is where it would be set.
    pub block: Option<Vec<String>>,
    /// Places that read a values path, to mark the one that read the offending value: the
    /// template's actions (offset ranges) and helper lines (name, file, offset).
    pub marks: Vec<(Vec<String>, std::ops::Range<usize>)>,
    pub helper_marks: Vec<(Vec<String>, String, PathBuf, usize)>,
}

impl Chart {
    pub fn read(dir: &Path) -> Self {
        let mut chart = Chart {
            dir: dir.to_path_buf(),
            files: HashMap::new(),
            helpers: HashMap::new(),
        };
        // Helpers are global across a chart and its subcharts, as in Helm.
        let walk = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name();
        for entry in walk.into_iter().filter_map(Result::ok) {
            let path = entry.path();
            let in_templates = path
                .strip_prefix(dir)
                .is_ok_and(|p| p.components().any(|c| c.as_os_str() == "templates"));
            let is_template = matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("tpl" | "yaml" | "yml" | "txt")
            );
            if in_templates && is_template && entry.file_type().is_file() {
                chart.load(path);
            }
        }
        chart
    }

    fn load(&mut self, path: &Path) -> Option<&File> {
        let helpers = &mut self.helpers;
        self.files
            .entry(path.to_path_buf())
            .or_insert_with(|| {
                let text: Arc<str> = std::fs::read_to_string(path).ok()?.into();
                let pieces = lex(&text);
                for (name, range) in defines(&pieces) {
                    helpers.entry(name).or_insert((path.to_path_buf(), range));
                }
                Some(File { text, pieces })
            })
            .as_ref()
    }

    /// The text of a template file read before.
    pub fn text(&self, file: &Path) -> Option<Arc<str>> {
        let read = self.files.get(file).or_else(|| {
            // Named as the user would open it.
            self.files
                .iter()
                .find(|(path, _)| display_path(path) == file)
                .map(|(_, read)| read)
        })?;
        Some(Arc::clone(&read.as_ref()?.text))
    }

    /// The template file of a `# Source:` name (`journal/templates/x.yaml`,
    /// `journal/charts/redis/templates/y.yaml`), and the values prefix of its chart (a
    /// subchart's values are under its name or alias).
    fn source(&self, template: &str) -> (PathBuf, Vec<String>) {
        let inside = template.split_once('/').map_or(template, |(_, rest)| rest);
        let mut prefix = Vec::new();
        let mut dir = self.dir.clone();
        let mut rest = inside;
        while let Some(after) = rest.strip_prefix("charts/") {
            let Some((name, more)) = after.split_once('/') else {
                break;
            };
            // Helm names an aliased subchart by its alias; its directory keeps the name.
            prefix.push(name.to_owned());
            dir = subchart_dir(&dir, name);
            rest = more;
        }
        (dir.join(rest), prefix)
    }

    /// Where the field at `pointer` of the subject's object was written.
    pub fn locate(&mut self, subject: &Subject, pointer: &str) -> Option<Found> {
        let (path, prefix) = self.source(&subject.template);
        let file = self.load(&path)?;
        let skeleton = skeleton::build(
            &file.text,
            &file.pieces,
            0..file.pieces.len(),
            Binding::root(),
        );
        let document = pick_document(&skeleton, subject);
        let tokens: Vec<String> = pointer.split('/').skip(1).map(unescape_token).collect();
        let entries: Vec<&Entry> = skeleton
            .entries
            .iter()
            .filter(|e| e.document == document)
            .collect();
        let rendered = subject.value.as_ref().map(|v| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        let (entry, matched) = best(&entries, &tokens, &subject.item_names, rendered.as_deref())?;
        let entry = entry.clone();
        let text = Arc::clone(&file.text);
        let rest = &tokens[matched..];
        let mut found = Found {
            file: path.clone(),
            origin: origin(&display_path(&path), &text, entry.mark.start),
            span: span(&text, entry.mark.clone()),
            values: Vec::new(),
            block: None,
            marks: Vec::new(),
            helper_marks: Vec::new(),
        };
        let mut trail = Trail::default();
        self.follow(&entry, rest, subject, 0, &mut trail);
        if let Some((name, file, offset)) = trail.helper
            && let Some(text) = self.text(&file)
        {
            let at = origin(&display_path(&file), &text, offset);
            found.origin.helper = Some(HelperOrigin {
                name,
                file: at.file,
                line: at.line,
                column: at.column,
            });
        }
        let with_prefix = |path: Vec<String>| -> Vec<String> {
            // `global` is shared by every chart of the release.
            if path.first().is_some_and(|p| p == "global") {
                path
            } else {
                prefix.iter().cloned().chain(path).collect()
            }
        };
        found.values = trail.values.into_iter().map(with_prefix).collect();
        found.block = trail.block.map(with_prefix);
        for (range, reads) in &entry.actions {
            for read in reads {
                found.marks.push((with_prefix(read.clone()), range.clone()));
            }
        }
        // What the line's helper read, it read through the action that includes it.
        if let Some(range) = &entry.include_mark {
            for (path, ..) in &trail.helper_reads {
                found.marks.push((with_prefix(path.clone()), range.clone()));
            }
        }
        found.helper_marks = trail
            .helper_reads
            .into_iter()
            .map(|(path, name, file, offset)| (with_prefix(path), name, file, offset))
            .collect();
        Some(found)
    }

    /// Follows what `entry` writes into the rest of the pointer: a `toYaml` of a values path,
    /// or a helper's own lines.
    fn follow(
        &mut self,
        entry: &Entry,
        rest: &[String],
        subject: &Subject,
        depth: usize,
        trail: &mut Trail,
    ) {
        if !rest.is_empty() || entry.block {
            if let Some(written) = entry.writes.as_ref().and_then(Binding::values_path) {
                let mut path = written.clone();
                let mut rest = rest.to_vec();
                // A list the template starts with items of its own: the values list's items
                // come after them.
                if let Some(first) = rest.first_mut()
                    && let Ok(index) = first.parse::<usize>()
                {
                    *first = index.saturating_sub(entry.items_before).to_string();
                }
                path.extend(rest);
                trail.values.push(path);
                trail.block = Some(written);
                return;
            }
            if let Some((name, argument)) = entry.include.clone()
                && depth < HELPER_DEPTH
                && let Some((file, range)) = self.helpers.get(&name).cloned()
                && let Some(helper) = self.files.get(&file).and_then(Option::as_ref)
            {
                // The helper writes the whole field: its `define`.
                if rest.is_empty() {
                    let define = range.start.saturating_sub(1);
                    if let Some(Piece::Action(action)) = helper.pieces.get(define) {
                        trail.helper.get_or_insert((name, file, action.span.start));
                    }
                    return;
                }
                let skeleton = skeleton::build(&helper.text, &helper.pieces, range, argument);
                let entries: Vec<&Entry> = skeleton.entries.iter().collect();
                let item_names = &subject.item_names[subject
                    .item_names
                    .len()
                    .saturating_sub(rest.iter().filter(|t| t.parse::<usize>().is_ok()).count())..];
                let rendered = subject.value.as_ref().and_then(|v| v.as_str());
                if let Some((inner, matched)) = best(&entries, rest, item_names, rendered)
                    && (matched > 0 || inner.block)
                {
                    let inner = inner.clone();
                    trail.helper.get_or_insert((name, file, inner.mark.start));
                    self.follow(&inner, &rest[matched..], subject, depth + 1, trail);
                    return;
                }
            }
        }
        trail.values.extend(entry.reads.iter().cloned());
        // A helper that writes the whole field (a name, an image): what it reads.
        if let Some((name, argument)) = &entry.include {
            let mut reads = Vec::new();
            self.helper_reads(name, argument, depth, &mut reads);
            trail
                .values
                .extend(reads.iter().map(|(path, ..)| path.clone()));
            trail.helper_reads.extend(reads);
        }
        // A literal field: the values that decided whether it is written.
        if entry.reads.is_empty() && entry.include.is_none() && rest.is_empty() {
            trail.values.extend(entry.conditions.iter().cloned());
        }
    }

    /// Every values path a helper reads with `argument` as its dot, through the helpers it
    /// includes.
    fn helper_reads(
        &self,
        name: &str,
        argument: &Binding,
        depth: usize,
        reads: &mut Vec<(Vec<String>, String, PathBuf, usize)>,
    ) {
        let Some((file, range)) = self.helpers.get(name) else {
            return;
        };
        let Some(helper) = self.files.get(file).and_then(Option::as_ref) else {
            return;
        };
        let skeleton = skeleton::build(
            &helper.text,
            &helper.pieces,
            range.clone(),
            argument.clone(),
        );
        for entry in &skeleton.entries {
            for (range, paths) in &entry.actions {
                for path in paths {
                    reads.push((path.clone(), name.to_owned(), file.clone(), range.start));
                }
            }
            if let Some((inner, argument)) = &entry.include
                && depth < HELPER_DEPTH
            {
                self.helper_reads(inner, argument, depth + 1, reads);
            }
        }
    }
}

/// Where following a field went.
#[derive(Default)]
struct Trail {
    values: Vec<Vec<String>>,
    /// What helpers that write the whole field read, and where.
    helper_reads: Vec<(Vec<String>, String, PathBuf, usize)>,
    block: Option<Vec<String>>,
    /// The first helper line on the way: name, file, offset.
    helper: Option<(String, PathBuf, usize)>,
}

/// The directory of the subchart a parent calls `name` (its alias, or its chart name).
fn subchart_dir(parent: &Path, name: &str) -> PathBuf {
    let charts = parent.join("charts");
    let chart_name = dependencies(parent)
        .into_iter()
        .find(|(_, alias)| alias.as_deref() == Some(name))
        .map_or_else(|| name.to_owned(), |(chart, _)| chart);
    if charts.join(&chart_name).is_dir() {
        return charts.join(chart_name);
    }
    // A directory named otherwise (`redis-17.0.0/`): by the name in its Chart.yaml.
    std::fs::read_dir(&charts)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|dir| chart_yaml_name(dir).as_deref() == Some(chart_name.as_str()))
        .unwrap_or_else(|| charts.join(chart_name))
}

fn chart_yaml_name(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join("Chart.yaml")).ok()?;
    let documents = crate::yaml::load_str(&text, &crate::yaml::Limits::default()).ok()?;
    match &documents.first()?.root.get("name")?.value {
        crate::yaml::Value::String(name) => Some(name.clone()),
        _ => None,
    }
}

/// A chart's dependencies: (name, alias).
fn dependencies(chart: &Path) -> Vec<(String, Option<String>)> {
    let Ok(text) = std::fs::read_to_string(chart.join("Chart.yaml")) else {
        return Vec::new();
    };
    let Ok(documents) = crate::yaml::load_str(&text, &crate::yaml::Limits::default()) else {
        return Vec::new();
    };
    let dependencies = documents
        .first()
        .and_then(|d| d.root.get("dependencies"))
        .map(|d| &d.value);
    let Some(crate::yaml::Value::Seq(items)) = dependencies else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let field = |key| match item.get(key).map(|n| &n.value) {
                Some(crate::yaml::Value::String(s)) => Some(s.clone()),
                _ => None,
            };
            Some((field("name")?, field("alias")))
        })
        .collect()
}

/// A subchart's values key in its parent: its alias when the parent's Chart.yaml gives one.
pub fn alias(parent: &Path, name: &str) -> String {
    let chart_name = chart_yaml_name(&parent.join("charts").join(name)).unwrap_or(name.to_owned());
    dependencies(parent)
        .into_iter()
        .find(|(chart, _)| *chart == chart_name)
        .and_then(|(_, alias)| alias)
        .unwrap_or(chart_name)
}

/// The document of a multi-document template the subject is: the n-th of its kind.
fn pick_document(skeleton: &Skeleton, subject: &Subject) -> usize {
    let candidates: Vec<usize> = (0..skeleton.kinds.len())
        .filter(|&d| skeleton.entries.iter().any(|e| e.document == d))
        .filter(|&d| match &skeleton.kinds[d] {
            Some(kind) => *kind == subject.kind,
            None => true,
        })
        .collect();
    candidates
        .get(subject.document)
        .or(candidates.last())
        .copied()
        .unwrap_or(0)
}

/// The entry that wrote the field at `tokens`, and how many tokens its path matched: the
/// deepest match; a path that ends early prefers a block that writes the rest. Of branches
/// (`if`/`else`) that write the same field, the one whose literal text is in `rendered`.
fn best<'e>(
    entries: &[&'e Entry],
    tokens: &[String],
    item_names: &[Option<String>],
    rendered: Option<&str>,
) -> Option<(&'e Entry, usize)> {
    let mut best: Vec<&Entry> = Vec::new();
    let mut best_at = (0, 0);
    for entry in entries {
        let matched = matches(&entry.path, tokens, item_names).or_else(|| {
            // The first line of a `- ` item stands for the item.
            let item = entry
                .path
                .iter()
                .rposition(|s| matches!(s, Seg::Item { .. }))?;
            (entry.starts_item && item + 2 == entry.path.len())
                .then(|| matches(&entry.path[..=item], tokens, item_names))
                .flatten()
        });
        let Some(matched) = matched else {
            continue;
        };
        let whole = matched == entry.path.len();
        let exact = matched == tokens.len();
        let writes = entry.writes.is_some() || entry.include.is_some();
        // A field's content written by a block is the block's; a key line comes next.
        let rank: u8 = match (exact, whole, entry.block, writes) {
            (_, false, _, _) => 0,
            (true, _, true, _) => 4,
            (true, _, false, _) => 3,
            (false, _, true, _) | (false, _, false, true) => 2,
            (false, _, false, false) => 1,
        };
        if best.is_empty() || (matched, rank) > best_at {
            best = vec![entry];
            best_at = (matched, rank);
        } else if (matched, rank) == best_at {
            best.push(entry);
        }
    }
    let fits = |entry: &&&Entry| {
        rendered.is_some_and(|text| {
            entry
                .literals
                .iter()
                .all(|part| text.contains(part.as_str()))
        })
    };
    let chosen = best.iter().find(fits).or(best.first())?;
    Some((chosen, best_at.0))
}

/// How many of `tokens` `path` matches, when it matches them all up to its length.
fn matches(path: &[Seg], tokens: &[String], item_names: &[Option<String>]) -> Option<usize> {
    if path.len() > tokens.len() {
        return None;
    }
    let mut index = 0;
    for (seg, token) in path.iter().zip(tokens) {
        match seg {
            Seg::Key(key) if key == token => {}
            Seg::AnyKey if token.parse::<usize>().is_err() => {}
            Seg::Item {
                ordinal,
                name,
                repeated,
            } => {
                let at: usize = token.parse().ok()?;
                let rendered = item_names.get(index).cloned().flatten();
                index += 1;
                let fits = match (name, rendered) {
                    (Some(name), Some(rendered)) => *name == rendered,
                    _ => *repeated || *ordinal == at,
                };
                if !fits {
                    return None;
                }
            }
            _ => return None,
        }
    }
    Some(path.len())
}

/// A template position as the user opens it.
fn origin(file: &Path, text: &str, offset: usize) -> TemplateOrigin {
    let position = position(text, offset);
    TemplateOrigin {
        file: file.to_path_buf(),
        line: position.line,
        column: position.column,
        helper: None,
    }
}

pub fn span(text: &str, range: std::ops::Range<usize>) -> Span {
    let end = range.end.min(text.len());
    // One line at most, so the code frame stays one line.
    let line_end = text[range.start..end]
        .find('\n')
        .map_or(end, |i| range.start + i);
    Span {
        start: position(text, range.start),
        end: position(text, line_end),
    }
}

fn position(text: &str, offset: usize) -> Position {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Position {
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
        offset,
    }
}
