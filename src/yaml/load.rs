//! Building our tree from parser events, with limits, anchors, merge keys and key checks.

use std::collections::HashMap;

use std::borrow::Cow;

use granit_parser::{ErrorKind, Event, Marker, Options, Parser, ScalarStyle, ScanError, Tag};

use super::scalar::{self, Scalar};
use super::{Document, Entry, Limits, Node, Position, Span, Value, YamlError, YamlErrorKind};

/// Loads every document of a YAML stream.
///
/// Empty (or whitespace-only) text gives no documents. Text with comments but no content gives
/// one document whose root is [`Value::Null`], as does an explicit empty document (`---`).
/// A leading UTF-8 byte-order mark is accepted.
///
/// # Errors
/// Syntax errors, duplicate keys, keys that cannot become JSON keys, bad merge keys, scalars
/// that do not fit their explicit tag, and exceeded [`Limits`], each at its position.
pub fn load_str(text: &str, limits: &Limits) -> Result<Vec<Document>, YamlError> {
    let mut options = Options::default();
    // The parser enforces the same depth while scanning (its scanner can read far ahead of
    // the events, e.g. through `[[[[`); our own check on events covers alias expansion.
    options.flow_nesting_limit = limits.max_depth;
    options.block_nesting_limit = limits.max_depth;
    // Comments mean nothing to values or manifests; serde-saphyr turns their capture on for
    // the whole build, and it costs time.
    options.emit_comments = false;
    let mut builder = Builder::new(text, limits);
    for event in Parser::new_from_str_with_options(text, options) {
        let (event, span) = event.map_err(|e| parse_error(&e, limits))?;
        if builder.event(event, span)? {
            break;
        }
    }
    if builder.documents.is_empty() && !text.trim_start_matches('\u{feff}').trim().is_empty() {
        // Only comments: one empty document, at the start of the text.
        let start = Position {
            line: 1,
            column: 1,
            offset: if text.starts_with('\u{feff}') { 3 } else { 0 },
        };
        let span = Span { start, end: start };
        builder.documents.push(Document {
            root: Node {
                value: Value::Null,
                span,
            },
            span,
        });
    }
    Ok(builder.documents)
}

fn parse_error(e: &ScanError, limits: &Limits) -> YamlError {
    let at = position(*e.marker());
    if *e.kind() == ErrorKind::RecursionLimitExceeded {
        return too_deep(limits.max_depth, Span { start: at, end: at });
    }
    let message = e.info();
    let message = if message.is_empty() {
        format!("{:?}", e.kind())
    } else {
        message
    };
    YamlError::new(YamlErrorKind::Syntax, Span { start: at, end: at }, message)
}

fn position(m: Marker) -> Position {
    Position {
        line: m.line(),
        column: m.col() + 1,
        offset: m.byte_offset().unwrap_or(0),
    }
}

fn span_of(s: &granit_parser::Span) -> Span {
    Span {
        start: position(s.start),
        end: position(s.end),
    }
}

/// Size of a finished subtree, for the limits.
#[derive(Debug, Clone, Copy, Default)]
struct Stats {
    nodes: usize,
    height: usize,
    bytes: usize,
}

impl Stats {
    fn add_child(&mut self, child: Stats) {
        self.nodes = self.nodes.saturating_add(child.nodes);
        self.bytes = self.bytes.saturating_add(child.bytes);
        self.height = self.height.max(child.height + 1);
    }
}

struct Anchor {
    node: Node,
    stats: Stats,
}

/// What a mapping key turned into.
enum Key {
    Name(String),
    /// `<<`: the value is merged into the mapping.
    Merge,
}

struct MapState {
    entries: Vec<Entry>,
    /// Per entry: the span of the key when it was written in this mapping (not merged in).
    explicit: Vec<Option<Span>>,
    /// Key → entry index, built once the mapping grows past a linear scan's worth.
    index: HashMap<String, usize>,
    pending: Option<(Key, Span)>,
}

impl MapState {
    const SCAN: usize = 16;

    fn find(&self, key: &str) -> Option<usize> {
        if self.entries.len() <= Self::SCAN {
            self.entries.iter().position(|e| e.key == key)
        } else {
            self.index.get(key).copied()
        }
    }

    fn push(&mut self, entry: Entry, explicit: Option<Span>) {
        if self.entries.len() == Self::SCAN {
            for (i, e) in self.entries.iter().enumerate() {
                self.index.insert(e.key.clone(), i);
            }
        }
        if self.entries.len() >= Self::SCAN {
            self.index.insert(entry.key.clone(), self.entries.len());
        }
        self.entries.push(entry);
        self.explicit.push(explicit);
    }

    /// A member written in this mapping. go-yaml v2 lets it replace a merged-in member.
    fn insert_explicit(&mut self, entry: Entry) -> Result<(), YamlError> {
        let span = entry.key_span;
        match self.find(&entry.key) {
            Some(i) => {
                if let Some(first) = self.explicit[i] {
                    return Err(YamlError::new(
                        YamlErrorKind::DuplicateKey,
                        span,
                        format!(
                            "duplicate key `{}` (first defined at line {})",
                            entry.key, first.start.line
                        ),
                    ));
                }
                self.entries[i] = entry;
                self.explicit[i] = Some(span);
            }
            None => self.push(entry, Some(span)),
        }
        Ok(())
    }

    /// Members of a merged mapping. As in go-yaml v2, they are applied in document order and
    /// replace members of the same name defined so far (also ones written before the `<<`).
    fn insert_merged(&mut self, entries: Vec<Entry>) {
        for entry in entries {
            match self.find(&entry.key) {
                Some(i) => self.entries[i] = entry,
                None => self.push(entry, None),
            }
        }
    }

    fn merge(&mut self, node: Node) -> Result<(), YamlError> {
        let bad = |span| {
            YamlError::new(
                YamlErrorKind::InvalidMerge,
                span,
                "a merge key (<<) needs a mapping or a sequence of mappings as its value",
            )
        };
        match node.value {
            Value::Map(entries) => self.insert_merged(entries),
            Value::Seq(items) => {
                // Earlier mappings take precedence, so apply them last.
                for item in items.into_iter().rev() {
                    match item.value {
                        Value::Map(entries) => self.insert_merged(entries),
                        _ => return Err(bad(item.span)),
                    }
                }
            }
            _ => return Err(bad(node.span)),
        }
        Ok(())
    }
}

enum Collection {
    Seq(Vec<Node>),
    Map(MapState),
}

struct Frame {
    collection: Collection,
    start: Position,
    /// End of the last child; block collections end there.
    last_end: Position,
    flow: bool,
    anchor: usize,
    stats: Stats,
}

struct Builder<'a> {
    text: &'a str,
    limits: &'a Limits,
    documents: Vec<Document>,
    frames: Vec<Frame>,
    root: Option<Node>,
    doc_start: Position,
    anchors: HashMap<usize, Anchor>,
    nodes: usize,
    alias_bytes: usize,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str, limits: &'a Limits) -> Self {
        Builder {
            text,
            limits,
            documents: Vec::new(),
            frames: Vec::new(),
            root: None,
            doc_start: Position::default(),
            anchors: HashMap::new(),
            nodes: 0,
            alias_bytes: 0,
        }
    }

    /// Handles one event; `Ok(true)` at the end of the stream.
    fn event(&mut self, event: Event<'_>, raw: granit_parser::Span) -> Result<bool, YamlError> {
        let span = span_of(&raw);
        match event {
            Event::StreamEnd => return Ok(true),
            Event::DocumentStart(..) => {
                self.doc_start = span.start;
                self.anchors.clear();
            }
            Event::DocumentEnd => {
                let root = self.root.take().unwrap_or(Node {
                    value: Value::Null,
                    span: Span {
                        start: self.doc_start,
                        end: self.doc_start,
                    },
                });
                let end = root.span.end.max(span.start);
                self.documents.push(Document {
                    root,
                    span: Span {
                        start: self.doc_start,
                        end,
                    },
                });
            }
            Event::Scalar(text, style, anchor, tag) => {
                self.scalar(text, style, anchor, tag.as_deref(), span)?;
            }
            Event::SequenceStart(style, anchor, _) => {
                self.open(Collection::Seq(Vec::new()), style, anchor, span)?;
            }
            Event::MappingStart(style, anchor, _) => {
                let map = MapState {
                    entries: Vec::new(),
                    explicit: Vec::new(),
                    index: HashMap::new(),
                    pending: None,
                };
                self.open(Collection::Map(map), style, anchor, span)?;
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(span)?,
            Event::Alias(id) => self.alias(id, span)?,
            _ => {}
        }
        Ok(false)
    }

    /// Whether the next node is a mapping key.
    fn at_key(&self) -> bool {
        matches!(
            self.frames.last(),
            Some(Frame { collection: Collection::Map(m), .. }) if m.pending.is_none()
        )
    }

    fn count(&mut self, nodes: usize, span: Span) -> Result<(), YamlError> {
        self.nodes = self.nodes.saturating_add(nodes);
        if self.nodes > self.limits.max_nodes {
            return Err(YamlError::new(
                YamlErrorKind::TooLarge,
                span,
                format!(
                    "document too large: more than {} nodes (limit max_nodes, counting alias \
                     and merge expansions)",
                    self.limits.max_nodes
                ),
            ));
        }
        Ok(())
    }

    fn scalar(
        &mut self,
        text: Cow<'_, str>,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        span: Span,
    ) -> Result<(), YamlError> {
        self.count(1, span)?;
        let span = self.trim_block_scalar(style, span);
        let plain = style == ScalarStyle::Plain;
        if self.at_key() {
            let merge = text == "<<"
                && match tag {
                    None => plain,
                    Some(t) => t.core_suffix() == Some("merge"),
                };
            let key = if merge {
                Key::Merge
            } else {
                let resolved = resolve(&text, plain, tag, span)?;
                Key::Name(key_string(&resolved, &text, span)?)
            };
            if anchor != 0 {
                let value = match &key {
                    Key::Merge => Value::String(text.clone().into_owned()),
                    Key::Name(_) => to_value(resolve(&text, plain, tag, span)?, text.clone()),
                };
                self.define(anchor, Node { value, span }, scalar_stats(&text))?;
            }
            self.set_key(key, span);
            return Ok(());
        }
        let stats = scalar_stats(&text);
        // An owned scalar (a block scalar, an escaped string) is moved, not copied: a
        // document's one huge value must not be held twice.
        let value = to_value(resolve(&text, plain, tag, span)?, text);
        let node = Node { value, span };
        if anchor != 0 {
            self.define(anchor, node.clone(), stats)?;
        }
        self.add(node, stats)
    }

    /// Block scalars (`|`, `>`) end, in the parser's span, where the next token starts; we end
    /// them after their last non-blank character.
    fn trim_block_scalar(&self, style: ScalarStyle, span: Span) -> Span {
        if !matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
            return span;
        }
        let Some(body) = self.text.get(span.start.offset..span.end.offset) else {
            return span;
        };
        let body = body.trim_end_matches([' ', '\t', '\r', '\n']);
        Span {
            start: span.start,
            end: advance(span.start, body),
        }
    }

    fn set_key(&mut self, key: Key, span: Span) {
        if let Some(Frame {
            collection: Collection::Map(map),
            ..
        }) = self.frames.last_mut()
        {
            map.pending = Some((key, span));
        }
    }

    fn open(
        &mut self,
        collection: Collection,
        style: granit_parser::StructureStyle,
        anchor: usize,
        span: Span,
    ) -> Result<(), YamlError> {
        if self.at_key() {
            return Err(YamlError::new(
                YamlErrorKind::InvalidKey,
                span,
                "a mapping or sequence cannot be a mapping key (JSON keys are strings)",
            ));
        }
        if self.frames.len() >= self.limits.max_depth {
            return Err(too_deep(self.limits.max_depth, span));
        }
        self.count(1, span)?;
        self.frames.push(Frame {
            collection,
            start: span.start,
            last_end: span.end,
            flow: style == granit_parser::StructureStyle::Flow,
            anchor,
            stats: Stats {
                nodes: 1,
                height: 1,
                bytes: 0,
            },
        });
        Ok(())
    }

    fn close(&mut self, span: Span) -> Result<(), YamlError> {
        let Some(frame) = self.frames.pop() else {
            return Ok(());
        };
        let end = if frame.flow { span.end } else { frame.last_end };
        let node_span = Span {
            start: frame.start,
            end,
        };
        let value = match frame.collection {
            Collection::Seq(items) => Value::Seq(items),
            Collection::Map(map) => Value::Map(map.entries),
        };
        let node = Node {
            value,
            span: node_span,
        };
        if frame.anchor != 0 {
            self.define(frame.anchor, node.clone(), frame.stats)?;
        }
        self.add(node, frame.stats)
    }

    /// Remembers an anchored node. The copy counts toward `max_nodes`.
    fn define(&mut self, id: usize, node: Node, stats: Stats) -> Result<(), YamlError> {
        self.count(stats.nodes, node.span)?;
        self.anchors.insert(id, Anchor { node, stats });
        Ok(())
    }

    fn alias(&mut self, id: usize, span: Span) -> Result<(), YamlError> {
        let name = self
            .text
            .get(span.start.offset..span.end.offset)
            .unwrap_or("*")
            .to_owned();
        let Some(stats) = self.anchors.get(&id).map(|a| a.stats) else {
            return Err(YamlError::new(
                YamlErrorKind::RecursiveAlias,
                span,
                format!("alias {name} refers to a node that contains it"),
            ));
        };
        if self.frames.len().saturating_add(stats.height) > self.limits.max_depth {
            return Err(too_deep(self.limits.max_depth, span));
        }
        self.count(stats.nodes, span)?;
        self.alias_bytes = self.alias_bytes.saturating_add(stats.bytes);
        if self.alias_bytes > self.limits.max_alias_bytes {
            return Err(YamlError::new(
                YamlErrorKind::TooLarge,
                span,
                format!(
                    "document too large: aliases expand to more than {} bytes of text \
                     (limit max_alias_bytes)",
                    self.limits.max_alias_bytes
                ),
            ));
        }
        let at_key = self.at_key();
        let Some(anchor) = self.anchors.get(&id) else {
            return Ok(());
        };
        if at_key {
            let key = match &anchor.node.value {
                Value::Null => Err(null_key(span)),
                Value::Bool(b) => Ok(b.to_string()),
                Value::Int(i) => Ok(i.to_string()),
                Value::Float(f) => Ok(scalar::go_format_float(*f)),
                Value::String(s) => Ok(s.clone()),
                Value::Seq(_) | Value::Map(_) => Err(YamlError::new(
                    YamlErrorKind::InvalidKey,
                    span,
                    format!(
                        "alias {name} refers to a mapping or sequence, which cannot be a mapping \
                         key (JSON keys are strings)"
                    ),
                )),
            }?;
            self.set_key(Key::Name(key), span);
            return Ok(());
        }
        let mut node = anchor.node.clone();
        node.span = span;
        self.add(node, stats)
    }

    /// Attaches a finished node to its parent, or makes it the document root.
    fn add(&mut self, node: Node, stats: Stats) -> Result<(), YamlError> {
        let Some(frame) = self.frames.last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        frame.stats.add_child(stats);
        frame.last_end = frame.last_end.max(node.span.end);
        match &mut frame.collection {
            Collection::Seq(items) => items.push(node),
            Collection::Map(map) => match map.pending.take() {
                Some((Key::Name(key), key_span)) => {
                    frame.stats.bytes = frame.stats.bytes.saturating_add(key.len());
                    map.insert_explicit(Entry {
                        key,
                        key_span,
                        value: node,
                    })?;
                }
                Some((Key::Merge, _)) => map.merge(node)?,
                None => {}
            },
        }
        Ok(())
    }
}

fn scalar_stats(text: &str) -> Stats {
    Stats {
        nodes: 1,
        height: 0,
        bytes: text.len(),
    }
}

fn too_deep(limit: usize, span: Span) -> YamlError {
    YamlError::new(
        YamlErrorKind::TooDeep,
        span,
        format!("nesting deeper than {limit} levels (limit max_depth)"),
    )
}

fn null_key(span: Span) -> YamlError {
    YamlError::new(
        YamlErrorKind::InvalidKey,
        span,
        "a null mapping key cannot become a JSON key (Helm rejects it too)",
    )
}

/// Types a scalar by its style and tag.
fn resolve(text: &str, plain: bool, tag: Option<&Tag>, span: Span) -> Result<Scalar, YamlError> {
    match tag.and_then(Tag::core_suffix) {
        Some(core) if scalar::is_resolvable_tag(core) => scalar::resolve_tagged(core, text)
            .map_err(|got| {
                YamlError::new(
                    YamlErrorKind::TagMismatch,
                    span,
                    format!("cannot read {got} `{text}` as !!{core}"),
                )
            }),
        Some(_) => Ok(Scalar::Str),
        None if tag.is_some() || !plain => Ok(Scalar::Str),
        None => Ok(scalar::resolve_plain(text)),
    }
}

fn to_value(scalar: Scalar, text: Cow<'_, str>) -> Value {
    match scalar {
        Scalar::Null => Value::Null,
        Scalar::Bool(b) => Value::Bool(b),
        Scalar::Int(i) => Value::Int(i),
        Scalar::Uint(u) => Value::Float(u as f64),
        Scalar::Float(f) => Value::Float(f),
        Scalar::Str => Value::String(text.into_owned()),
    }
}

/// A key as `sigs.k8s.io/yaml` turns it into a JSON key.
fn key_string(scalar: &Scalar, text: &str, span: Span) -> Result<String, YamlError> {
    Ok(match scalar {
        Scalar::Null => return Err(null_key(span)),
        Scalar::Bool(b) => b.to_string(),
        Scalar::Int(i) => i.to_string(),
        Scalar::Uint(u) => u.to_string(),
        Scalar::Float(f) => scalar::go_format_float(*f),
        Scalar::Str => text.to_owned(),
    })
}

/// The position after `text`, which starts at `from`. `\r\n`, `\n` and `\r` end lines.
fn advance(from: Position, text: &str) -> Position {
    let mut pos = from;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        pos.offset += c.len_utf8();
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                pos.line += 1;
                pos.column = 1;
            }
            _ => pos.column += 1,
        }
    }
    pos
}
