//! A template's YAML structure by lines: which key path each line writes, as the rendered YAML
//! will nest it (by indentation, `- ` items and `nindent`), and what its actions read.
//!
//! Control lines (`if`, `range`, `end`, …) write nothing; a line that is only an action writes
//! a block (`toYaml`, `include`) at the indentation `nindent`/`indent` gives it.

use std::ops::Range;

use super::gotemplate::{Kind, Piece, Token};
use super::refs::{self, Binding, Scope};

/// One step of a key path.
#[derive(Debug, Clone, PartialEq)]
pub enum Seg {
    Key(String),
    /// A key written by an action (`{{ $k }}:`): any key.
    AnyKey,
    /// A `- ` item of a list: its place among the template's items, its literal `name:`, and
    /// whether a `range` repeats it.
    Item {
        ordinal: usize,
        name: Option<String>,
        repeated: bool,
    },
}

/// A line that writes something.
#[derive(Debug, Clone)]
pub struct Entry {
    pub path: Vec<Seg>,
    /// 1-based line.
    pub line: usize,
    /// What to mark: the first output action, else the key.
    pub mark: Range<usize>,
    /// The line is only an action, which writes a block of YAML at `path`.
    pub block: bool,
    /// Values paths the line's output actions read (without `Values`).
    pub reads: Vec<Vec<String>>,
    /// Each output action on the line, with what it reads: the one that read the offending
    /// value is the one to mark.
    pub actions: Vec<(Range<usize>, Vec<Vec<String>>)>,
    /// What the enclosing `if`/`with`/`range` conditions read, innermost first: for a literal
    /// field, the values that decided it is written.
    pub conditions: Vec<Vec<String>>,
    /// The line starts a `- ` item: it stands for the item too.
    pub starts_item: bool,
    /// The literal parts of a key line's value (`:` of `{{ repo }}:{{ tag }}`): of two
    /// branches that write the same field, the one whose parts are in the rendered value.
    pub literals: Vec<String>,
    /// For a block: how many `- ` items the template writes before it in the same list.
    pub items_before: usize,
    /// What a `toYaml`/`tpl` on the line writes out.
    pub writes: Option<Binding>,
    /// The helper the line includes, with its argument.
    pub include: Option<(String, Binding)>,
    /// The action that includes it.
    pub include_mark: Option<Range<usize>>,
    /// The `---`-separated document of the template.
    pub document: usize,
}

/// The structure of `pieces[range]` of `text`, with `root` as `.` and `$`.
pub struct Skeleton {
    pub entries: Vec<Entry>,
    /// Each document's literal `kind:`, when it has one.
    pub kinds: Vec<Option<String>>,
}

/// One stack level: the indentation its children are deeper than.
struct Level {
    indent: usize,
    seg: Seg,
    items: usize,
    repeats: usize,
}

/// One source line's pieces: text fragments (byte ranges) and actions, in order.
enum Part<'a> {
    Text(Range<usize>),
    Action(&'a super::gotemplate::Action),
}

pub fn build(text: &str, pieces: &[Piece], range: Range<usize>, root: Binding) -> Skeleton {
    let mut skeleton = Skeleton {
        entries: Vec::new(),
        kinds: vec![None],
    };
    let mut scope = Scope::new(root);
    let mut conditions: Vec<Vec<Vec<String>>> = Vec::new();
    let mut stack: Vec<Level> = Vec::new();
    let mut document = 0;
    let mut block_scalar: Option<usize> = None;
    // Defines inside are skipped: their bodies are helpers, not this template's output.
    let mut define_depth = 0usize;
    for (line_start, parts) in lines(text, &pieces[range]) {
        let line = text[..line_start].matches('\n').count() + 1;
        let mut literal = String::new();
        let mut first_output: Option<&super::gotemplate::Action> = None;
        let mut reads = Vec::new();
        let mut actions = Vec::new();
        let mut writes = None;
        let mut include = None;
        let mut include_mark = None;
        let mut outputs = 0;
        let mut key_mark: Option<usize> = None;
        for part in &parts {
            match part {
                Part::Text(bytes) => {
                    let fragment = &text[bytes.clone()];
                    let content = fragment.trim_start_matches([' ', '-']);
                    if key_mark.is_none() && !content.trim().is_empty() {
                        // The key, after any `- `.
                        key_mark = Some(bytes.start + fragment.len() - content.len());
                    }
                    literal.push_str(&text[bytes.clone()]);
                }
                Part::Action(action) => {
                    if define_depth > 0 {
                        define_depth += usize::from(opens(&action.kind));
                        define_depth -= usize::from(action.kind == Kind::End);
                        continue;
                    }
                    match &action.kind {
                        Kind::Output(tokens) => {
                            literal.push('\u{1}');
                            outputs += 1;
                            first_output.get_or_insert(action);
                            let read = scope.reads(tokens);
                            reads.extend(read.iter().cloned());
                            actions.push((action.span.clone(), read));
                            if writes.is_none() {
                                writes = refs::written(&scope, tokens);
                            }
                            if include.is_none() {
                                include = refs::include(&scope, tokens);
                                include_mark = include.as_ref().map(|_| action.span.clone());
                            }
                            if let Some(indent) = nindent(tokens)
                                && literal.trim() == "\u{1}"
                            {
                                literal = format!("{}\u{1}", " ".repeat(indent));
                            }
                        }
                        Kind::Assign(variable, tokens) => scope.assign(variable, tokens),
                        Kind::If(tokens) => {
                            conditions.push(scope.reads(tokens));
                            scope.open_if();
                        }
                        Kind::With(tokens) => {
                            conditions.push(scope.reads(tokens));
                            scope.open_with(tokens);
                        }
                        Kind::Range(variables, tokens) => {
                            conditions.push(scope.reads(tokens));
                            scope.open_range(variables, tokens);
                        }
                        Kind::Else(tokens) => {
                            if let Some(top) = conditions.last_mut() {
                                top.extend(scope.reads(tokens));
                            }
                            scope.open_else(tokens);
                        }
                        Kind::End => {
                            conditions.pop();
                            scope.close();
                        }
                        Kind::Define(_) | Kind::Block(..) => define_depth = 1,
                        Kind::Nothing => {}
                    }
                }
            }
        }
        if define_depth > 0 && outputs == 0 {
            continue;
        }
        let indent = literal.len() - literal.trim_start_matches(' ').len();
        let content = literal.trim();
        if content.is_empty() {
            continue;
        }
        if let Some(parent) = block_scalar {
            if indent > parent {
                continue;
            }
            block_scalar = None;
        }
        if content == "---" || content.starts_with("--- ") {
            document += 1;
            skeleton.kinds.push(None);
            stack.clear();
            continue;
        }
        // `- - key:`: each dash is an item one column deeper.
        let mut rest = &literal[indent..];
        let mut column = indent;
        let mut items = Vec::new();
        while let Some(after) = rest
            .strip_prefix("- ")
            .or(rest.strip_prefix('-').filter(|r| r.is_empty()))
        {
            items.push(column);
            let spaces = after.len() - after.trim_start_matches(' ').len();
            column += 2 + spaces.saturating_sub(1);
            rest = after.trim_start_matches(' ');
        }
        let key = mapping_key(rest);
        for &dash in &items {
            while stack.last().is_some_and(|l| {
                l.indent > dash || (l.indent == dash && matches!(l.seg, Seg::Item { .. }))
            }) {
                stack.pop();
            }
            let repeats = scope.repeats();
            let (ordinal, repeated) = match stack.last_mut() {
                Some(parent) => {
                    parent.items += 1;
                    (parent.items - 1, repeats > parent.repeats)
                }
                None => (0, repeats > 0),
            };
            let name = match &key {
                Some((k, value)) if k == "name" && !value.contains('\u{1}') => {
                    Some(unquote(value).to_owned())
                }
                _ => None,
            };
            stack.push(Level {
                indent: dash,
                seg: Seg::Item {
                    ordinal,
                    name,
                    repeated,
                },
                items: 0,
                repeats,
            });
        }
        let mark = first_output.map(|a| a.span.clone()).unwrap_or_else(|| {
            let start = key_mark.unwrap_or(line_start);
            let mut end = (start + key.as_ref().map_or(1, |(k, _)| k.len().max(1))).min(text.len());
            // A key written partly by an action is shorter here than in the text.
            while !text.is_char_boundary(end) {
                end += 1;
            }
            start..end
        });
        let mut entry = Entry {
            path: Vec::new(),
            line,
            mark,
            block: false,
            reads,
            actions,
            conditions: conditions.iter().rev().flatten().cloned().collect(),
            starts_item: !items.is_empty(),
            literals: Vec::new(),
            items_before: 0,
            writes,
            include,
            include_mark,
            document,
        };
        match key {
            Some((key, value)) => {
                while stack.last().is_some_and(|l| l.indent >= column) {
                    stack.pop();
                }
                let seg = if key.contains('\u{1}') {
                    Seg::AnyKey
                } else {
                    Seg::Key(unquote(&key).to_owned())
                };
                if column == 0 && key == "kind" && !value.contains('\u{1}') {
                    skeleton.kinds[document] = Some(unquote(&value).to_owned());
                }
                let value = value.trim();
                entry.literals = value
                    .split('\u{1}')
                    .map(|part| {
                        part.trim_matches(|c: char| c == '"' || c == '\'' || c.is_whitespace())
                    })
                    .filter(|part| !part.is_empty())
                    .map(str::to_owned)
                    .collect();
                if value.starts_with('|') || value.starts_with('>') {
                    block_scalar = Some(column);
                }
                stack.push(Level {
                    indent: column,
                    seg,
                    items: 0,
                    repeats: scope.repeats(),
                });
                entry.block = value == "\u{1}" && entry.writes.is_some();
            }
            None if items.is_empty() && rest.starts_with('\u{1}') => {
                while stack.last().is_some_and(|l| l.indent >= column) {
                    stack.pop();
                }
                entry.block = true;
                entry.items_before = stack.last().map_or(0, |l| l.items);
            }
            // A list item's scalar (`- {{ . }}`), or a line of a multi-line value.
            None => {}
        }
        entry.path = stack.iter().map(|l| l.seg.clone()).collect();
        skeleton.entries.push(entry);
    }
    skeleton
}

fn opens(kind: &Kind) -> bool {
    matches!(
        kind,
        Kind::If(_) | Kind::Range(..) | Kind::With(_) | Kind::Define(_) | Kind::Block(..)
    )
}

/// `key: value` → (key, value), where the key is plain, quoted, or written by an action.
fn mapping_key(text: &str) -> Option<(String, String)> {
    let end = if text.starts_with('"') || text.starts_with('\'') {
        let quote = text.chars().next()?;
        text[1..].find(quote)? + 2
    } else {
        text.find(": ")
            .or_else(|| text.strip_suffix(':').map(str::len))?
    };
    let (key, after) = text.split_at(end);
    let value = after.strip_prefix(':')?;
    if !(value.is_empty() || value.starts_with(' ')) || key.is_empty() || key.starts_with('#') {
        return None;
    }
    if key.contains(['{', '[', '#']) || key.trim() != key {
        return None;
    }
    Some((key.to_owned(), value.to_owned()))
}

fn unquote(text: &str) -> &str {
    let text = text.trim();
    text.strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .or_else(|| text.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')))
        .unwrap_or(text)
}

/// The indentation `nindent N` / `indent N` gives a pipeline's output.
fn nindent(tokens: &[Token]) -> Option<usize> {
    tokens.windows(2).find_map(|pair| match pair {
        [Token::Ident(f), Token::Number(n)] if f == "nindent" || f == "indent" => n.parse().ok(),
        _ => None,
    })
}

/// The pieces split into source lines: (offset of the line's start, its parts). An action
/// belongs to the line it starts on; a multi-line action's other lines are not lines here.
fn lines<'a>(text: &str, pieces: &'a [Piece]) -> Vec<(usize, Vec<Part<'a>>)> {
    let mut lines: Vec<(usize, Vec<Part<'a>>)> = Vec::new();
    let start_of = |offset: usize| text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let mut current: Option<(usize, Vec<Part<'a>>)> = None;
    for piece in pieces {
        match piece {
            Piece::Action(action) => {
                let start = start_of(action.span.start);
                let (_, parts) = current.get_or_insert_with(|| (start, Vec::new()));
                parts.push(Part::Action(action));
            }
            Piece::Text(range) => {
                let mut at = range.start;
                while at < range.end {
                    let end = text[at..range.end].find('\n').map(|i| at + i);
                    let stop = end.unwrap_or(range.end);
                    let (_, parts) = current.get_or_insert_with(|| (start_of(at), Vec::new()));
                    if stop > at {
                        parts.push(Part::Text(at..stop));
                    }
                    match end {
                        Some(newline) => {
                            lines.extend(current.take());
                            at = newline + 1;
                        }
                        None => at = stop,
                    }
                }
            }
        }
    }
    lines.extend(current);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::gotemplate::lex;

    fn skeleton(text: &str) -> Skeleton {
        let pieces = lex(text);
        let n = pieces.len();
        build(text, &pieces, 0..n, Binding::root())
    }

    fn keys(entry: &Entry) -> String {
        entry
            .path
            .iter()
            .map(|s| match s {
                Seg::Key(k) => k.clone(),
                Seg::AnyKey => "*".into(),
                Seg::Item { ordinal, .. } => format!("[{ordinal}]"),
            })
            .collect::<Vec<_>>()
            .join(".")
    }

    #[test]
    fn lines_get_the_key_paths_the_render_will_have() {
        let text = r#"{{- $fe := .Values.frontend -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    {{- include "x.labels" . | nindent 4 }}
spec:
  {{- if not $fe.autoscaling.enabled }}
  replicas: {{ $fe.replicas }}
  {{- end }}
  template:
    spec:
      containers:
        - name: app
          image: "{{ $fe.image.repository }}:{{ $fe.image.tag }}"
          resources:
            {{- toYaml $fe.resources | nindent 12 }}
        - name: sidecar
          args:
            - --x
          {{- range .Values.extra }}
        - name: {{ .name }}
          {{- end }}
data:
  config: |
    key: not a key
  other: {{ .Values.other }}
"#;
        let s = skeleton(text);
        let find = |line: usize| s.entries.iter().find(|e| e.line == line).unwrap();
        assert_eq!(s.kinds, [Some("Deployment".to_owned())]);
        assert_eq!(keys(find(6)), "metadata.labels");
        assert!(find(6).block);
        assert_eq!(find(6).include.as_ref().unwrap().0, "x.labels");
        assert_eq!(keys(find(9)), "spec.replicas");
        assert_eq!(
            find(9).reads,
            [vec!["frontend".to_owned(), "replicas".to_owned()]]
        );
        assert_eq!(keys(find(15)), "spec.template.spec.containers.[0].image");
        assert_eq!(
            keys(find(17)),
            "spec.template.spec.containers.[0].resources"
        );
        assert!(find(17).block);
        assert_eq!(keys(find(18)), "spec.template.spec.containers.[1].name");
        assert_eq!(keys(find(20)), "spec.template.spec.containers.[1].args.[0]");
        let ranged = find(22);
        assert_eq!(keys(ranged), "spec.template.spec.containers.[2].name");
        assert!(matches!(ranged.path[4], Seg::Item { repeated: true, .. }));
        assert_eq!(
            ranged.reads,
            [vec!["extra".to_owned(), "*".to_owned(), "name".to_owned()]]
        );
        assert!(s.entries.iter().all(|e| e.line != 26));
        assert_eq!(keys(find(27)), "data.other");
    }
}
