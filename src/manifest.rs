//! The objects of a rendered manifest stream, each with the positions of its fields and the
//! chart template it came from.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use serde_json::Value;

use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::yaml::{self, Limits, Node, Position, Span};

/// One Kubernetes object.
#[derive(Debug)]
pub struct Object {
    /// Index of the input (a file, stdin, or one environment's render) it came from.
    pub input: usize,
    /// The chart template (`# Source: journal/templates/x.yaml`), when helm said.
    pub template: Option<String>,
    /// Where its text is: positions are read again from there when a finding needs them, so
    /// a large render is held once as JSON rather than also as a tree with positions.
    address: Address,
    /// The object with positions (spans relative to the whole input), once asked for.
    tree: OnceLock<Option<Node>>,
    /// The object as JSON, for convenient reads.
    pub json: Value,
    pub kind: String,
    pub api_version: String,
    pub name: String,
    /// `metadata.namespace`; empty when not set (the release namespace applies).
    pub namespace: String,
}

/// Where an object's text is in its input.
#[derive(Debug, Clone)]
struct Address {
    text: Arc<str>,
    /// The `---`-separated chunk it is in, and where that chunk starts (lines, bytes).
    chunk: Range<usize>,
    base: (usize, usize),
    /// Which document of the chunk, and the item indexes through `List` objects.
    document: usize,
    items: Vec<usize>,
}

impl Address {
    /// Loads the object again, with positions. The chunk parsed once already, so this only
    /// fails if the text changed, which it cannot (it is shared and immutable).
    fn load(&self) -> Option<Node> {
        let body = &self.text[self.chunk.clone()];
        let documents = yaml::load_str(body, &Limits::default()).ok()?;
        let mut node = documents.into_iter().nth(self.document)?.root;
        for &item in &self.items {
            let yaml::Value::Map(entries) = node.value else {
                return None;
            };
            let items = entries.into_iter().find(|e| e.key == "items")?.value;
            let yaml::Value::Seq(items) = items.value else {
                return None;
            };
            node = items.into_iter().nth(item)?;
        }
        shift(&mut node, self.base);
        Some(node)
    }
}

impl Object {
    /// The object with positions.
    pub fn tree(&self) -> Option<&Node> {
        self.tree.get_or_init(|| self.address.load()).as_ref()
    }

    /// The line the object starts on.
    pub fn line(&self) -> usize {
        self.tree()
            .map_or(self.address.base.0 + 1, |node| node.span.start.line)
    }

    /// Where to point for the field at `pointer`: its key when it has one. A field that is
    /// absent points at the nearest ancestor that exists: its key, or for a list item its first
    /// key, so the code frame stays one line.
    pub fn span(&self, pointer: &str) -> Span {
        let Some(tree) = self.tree() else {
            return Span::default();
        };
        let mut pointer = pointer;
        loop {
            if let Some(located) = tree.pointer(pointer) {
                if let Some(key) = located.key_span {
                    return key;
                }
                return match &located.node.value {
                    yaml::Value::Map(entries) if !entries.is_empty() => entries[0].key_span,
                    _ => located.node.span,
                };
            }
            match pointer.rfind('/') {
                Some(i) => pointer = &pointer[..i],
                None => return tree.span,
            }
        }
    }

    /// The span of the value at `pointer`, or of the nearest ancestor that exists.
    pub fn value_span(&self, pointer: &str) -> Span {
        let Some(tree) = self.tree() else {
            return Span::default();
        };
        let mut pointer = pointer;
        loop {
            if let Some(located) = tree.pointer(pointer) {
                return located.node.span;
            }
            match pointer.rfind('/') {
                Some(i) => pointer = &pointer[..i],
                None => return tree.span,
            }
        }
    }

    /// `metadata.labels` as a map (empty when absent).
    pub fn labels(&self) -> &serde_json::Map<String, Value> {
        static EMPTY: std::sync::OnceLock<serde_json::Map<String, Value>> =
            std::sync::OnceLock::new();
        self.json["metadata"]["labels"]
            .as_object()
            .unwrap_or_else(|| EMPTY.get_or_init(serde_json::Map::new))
    }

    /// `Kind/name`, or `Kind/namespace/name` when a namespace is set.
    pub fn display(&self) -> String {
        if self.namespace.is_empty() {
            format!("{}/{}", self.kind, self.name)
        } else {
            format!("{}/{}/{}", self.kind, self.namespace, self.name)
        }
    }
}

/// Splits a stream at `---` lines, parses each document on its own (so one broken document does
/// not hide the others), expands `List` objects, and checks that each object has `apiVersion`,
/// `kind` and `metadata.name`. Problems become diagnostics against `file`.
pub fn parse_objects(text: &Arc<str>, input: usize, file: &str) -> (Vec<Object>, Vec<Diagnostic>) {
    let chunks = split_documents(text);
    // Documents parse independently: spread them over the cores in contiguous runs, so the
    // results keep their order.
    let parsed = crate::parallel::in_runs(&chunks, 64, |run| parse_chunks(text, run, input, file));
    let mut objects = Vec::new();
    let mut problems = Vec::new();
    for (mut o, mut p) in parsed {
        objects.append(&mut o);
        problems.append(&mut p);
    }
    (objects, problems)
}

fn parse_chunks(
    text: &Arc<str>,
    chunks: &[Chunk<'_>],
    input: usize,
    file: &str,
) -> (Vec<Object>, Vec<Diagnostic>) {
    let mut objects = Vec::new();
    let mut problems = Vec::new();
    for chunk in chunks {
        let template = chunk
            .body
            .lines()
            .take_while(|l| l.starts_with('#') || l.trim().is_empty())
            .find_map(|l| l.strip_prefix("# Source: "))
            .map(|s| s.trim().to_owned());
        let documents = match yaml::load_str(chunk.body, &Limits::default()) {
            Ok(documents) => documents,
            Err(err) => {
                let span = shift_span(err.span, chunk.base);
                let mut diagnostic =
                    Diagnostic::error(&codes::INVALID_YAML, "this document is not valid YAML")
                        .at(file, span)
                        .label(err.message.clone());
                if let Some(hint) = err.hint() {
                    diagnostic = diagnostic.help(hint);
                }
                problems.push(diagnostic);
                continue;
            }
        };
        for (index, document) in documents.into_iter().enumerate() {
            let mut root = document.root;
            shift(&mut root, chunk.base);
            let address = Address {
                text: Arc::clone(text),
                chunk: chunk.base.1..chunk.base.1 + chunk.body.len(),
                base: chunk.base,
                document: index,
                items: Vec::new(),
            };
            let found = Found {
                input,
                file,
                template: &template,
                address,
            };
            collect(root, &found, &mut objects, &mut problems);
        }
    }
    (objects, problems)
}

/// What `collect` needs to know about where a document came from.
struct Found<'a> {
    input: usize,
    file: &'a str,
    template: &'a Option<String>,
    address: Address,
}

fn collect(
    root: Node,
    found: &Found<'_>,
    objects: &mut Vec<Object>,
    problems: &mut Vec<Diagnostic>,
) {
    let file = found.file;
    match &root.value {
        yaml::Value::Null => return,
        yaml::Value::Map(_) => {}
        other => {
            let message = format!(
                "a Kubernetes object must be a mapping, found {}",
                other.type_name()
            );
            problems.push(Diagnostic::error(&codes::NOT_AN_OBJECT, message).at(file, root.span));
            return;
        }
    }
    let text = |pointer: &str| {
        root.pointer(pointer)
            .and_then(|l| match &l.node.value {
                yaml::Value::String(s) => Some(s.clone()),
                _ => None,
            })
            .unwrap_or_default()
    };
    let (kind, api_version, name) = (text("/kind"), text("/apiVersion"), text("/metadata/name"));
    // `List` and the `<Kind>List` types hold objects in `items`; a custom kind whose name
    // merely ends in "List" has no `items` and is an object like any other.
    let items = root.get("items");
    if kind == "List" || (kind.ends_with("List") && items.is_some()) {
        match items.map(|i| &i.value) {
            Some(yaml::Value::Seq(_)) => {}
            None | Some(yaml::Value::Null) => return, // an empty list
            Some(other) => {
                let message = format!(
                    "`items` of a {kind} must be a list of objects, found {}",
                    other.type_name()
                );
                let span = items.map_or(root.span, |i| i.span);
                problems.push(Diagnostic::error(&codes::NOT_AN_OBJECT, message).at(file, span));
                return;
            }
        }
        let yaml::Value::Map(entries) = root.value else {
            return;
        };
        let items = entries
            .into_iter()
            .find(|e| e.key == "items")
            .map(|e| e.value);
        if let Some(Node {
            value: yaml::Value::Seq(items),
            ..
        }) = items
        {
            for (index, item) in items.into_iter().enumerate() {
                let mut address = found.address.clone();
                address.items.push(index);
                let item_found = Found { address, ..*found };
                collect(item, &item_found, objects, problems);
            }
        }
        return;
    }
    let identity = [
        ("apiVersion", "/apiVersion", &api_version),
        ("kind", "/kind", &kind),
        ("metadata.name", "/metadata/name", &name),
    ];
    // Written, but not as a string: YAML 1.1 reads `name: y` or `name: 2024` as a boolean or
    // a number, which the API server refuses too.
    for (field, pointer, value) in identity {
        if let Some(located) = root.pointer(pointer).filter(|_| value.is_empty()) {
            let node = located.node;
            if !matches!(node.value, yaml::Value::Null | yaml::Value::String(_)) {
                problems.push(
                    Diagnostic::error(
                        &codes::INCOMPLETE_OBJECT,
                        format!(
                            "`{field}` must be a string, found {}",
                            node.value.type_name()
                        ),
                    )
                    .at(file, node.span)
                    .label("YAML reads this unquoted value as a non-string")
                    .help("quote it; this object cannot be linted, the other objects still are"),
                );
                return;
            }
        }
    }
    if let Some(metadata) = root.get("metadata")
        && !matches!(metadata.value, yaml::Value::Map(_) | yaml::Value::Null)
    {
        problems.push(
            Diagnostic::error(
                &codes::INCOMPLETE_OBJECT,
                format!(
                    "`metadata` must be a mapping, found {}",
                    metadata.value.type_name()
                ),
            )
            .at(file, metadata.span)
            .label("expected `name:` and the other metadata fields under it")
            .help("this object cannot be linted; the other objects still are"),
        );
        return;
    }
    let missing: Vec<&str> = identity
        .into_iter()
        .filter(|(_, _, v)| v.is_empty())
        .map(|(field, _, _)| field)
        .collect();
    if !missing.is_empty() {
        problems.push(
            Diagnostic::error(
                &codes::INCOMPLETE_OBJECT,
                format!("this object has no {}", missing.join(", no ")),
            )
            .at(file, root.span)
            .label("every Kubernetes object needs apiVersion, kind and metadata.name")
            .help("it cannot be linted; the other objects still are"),
        );
        return;
    }
    let namespace = text("/metadata/namespace");
    // The tree with positions is dropped here and read again only for objects with findings.
    objects.push(Object {
        input: found.input,
        template: found.template.clone(),
        address: found.address.clone(),
        tree: OnceLock::new(),
        json: root.into_json(),
        kind,
        api_version,
        name,
        namespace,
    });
}

struct Chunk<'a> {
    /// Where the chunk starts in the whole text: its line (0-based count of lines before it)
    /// and byte offset.
    base: (usize, usize),
    body: &'a str,
}

/// Splits at lines that are `---` (optionally followed by a comment), keeping positions.
fn split_documents(text: &str) -> Vec<Chunk<'_>> {
    let mut chunks = Vec::new();
    let (mut start, mut start_line, mut offset) = (0, 0, 0);
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end();
        let separator = trimmed == "---"
            || trimmed
                .strip_prefix("--- ")
                .is_some_and(|rest| rest.trim_start().starts_with('#'));
        if separator {
            chunks.push(Chunk {
                base: (start_line, start),
                body: &text[start..offset],
            });
            start = offset + line.len();
            start_line = index + 1;
        }
        offset += line.len();
    }
    chunks.push(Chunk {
        base: (start_line, start),
        body: &text[start..],
    });
    chunks
}

fn shift_position(position: Position, (lines, bytes): (usize, usize)) -> Position {
    Position {
        line: position.line + lines,
        column: position.column,
        offset: position.offset + bytes,
    }
}

fn shift_span(span: Span, base: (usize, usize)) -> Span {
    Span {
        start: shift_position(span.start, base),
        end: shift_position(span.end, base),
    }
}

/// Moves every span of a chunk's tree to its place in the whole text. The tree's depth is
/// bounded by the loader's limit, so the recursion is too.
fn shift(node: &mut Node, base: (usize, usize)) {
    node.span = shift_span(node.span, base);
    match &mut node.value {
        yaml::Value::Seq(items) => items.iter_mut().for_each(|item| shift(item, base)),
        yaml::Value::Map(entries) => {
            for entry in entries {
                entry.key_span = shift_span(entry.key_span, base);
                shift(&mut entry.value, base);
            }
        }
        _ => {}
    }
}
