//! Merging values files exactly as Helm does, remembering which file and position set each
//! value, so a schema error about the merged values can point into the file that caused it.
//!
//! Helm first merges the user's files in order (maps merge key by key, anything else replaces,
//! a null included), then coalesces the result with the chart's defaults: a key the user set
//! wins, except that a user's null deletes a key the defaults have.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use crate::yaml::{self, Node, Span, escape_token};

/// Where a value of the merged values came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    /// Index of the file in the list given to [`coalesce`].
    pub file: usize,
    /// The key that set the value, when it is a mapping member.
    pub key: Option<Span>,
    /// The value itself.
    pub value: Span,
}

/// The merged values, and the origin of each of their nodes by JSON pointer.
#[derive(Debug, Default)]
pub struct Merged {
    pub value: Value,
    origins: HashMap<String, Origin>,
    deletions: HashMap<String, Origin>,
}

impl Merged {
    /// The origin of the node at `pointer`, or of its nearest ancestor that has one.
    pub fn origin(&self, pointer: &str) -> Option<Origin> {
        let mut pointer = pointer;
        loop {
            if let Some(origin) = self.origins.get(pointer) {
                return Some(*origin);
            }
            pointer = &pointer[..pointer.rfind('/')?];
        }
    }

    /// The null that deleted the key at `pointer`, when one did.
    pub fn deletion(&self, pointer: &str) -> Option<Origin> {
        self.deletions.get(pointer).copied()
    }
}

/// A tree of values that keeps each node's origin until the merge is done.
#[derive(Debug, Clone)]
struct Item {
    origin: Origin,
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    Map(BTreeMap<String, Item>),
    Seq(Vec<Item>),
    Leaf(Value),
}

/// One document of a values file, and the index of that file in the caller's list.
pub type Layer<'a> = (usize, &'a Node);

/// Coalesces the chart's `defaults` with the user's `files`, each list merged in order first.
/// A document that is empty or null contributes nothing, as in Helm.
pub fn coalesce(defaults: &[Layer<'_>], files: &[Layer<'_>]) -> Merged {
    let mut merged = Merged::default();
    let root = match (merge_layers(defaults), merge_layers(files)) {
        (Some(defaults), Some(user)) => coalesce_items(user, defaults, "", &mut merged.deletions),
        (Some(only), None) | (None, Some(only)) => only,
        (None, None) => return merged,
    };
    merged.value = root.into_json("", &mut merged.origins);
    merged
}

/// Helm's merge of several values documents, later ones winning.
fn merge_layers(layers: &[Layer<'_>]) -> Option<Item> {
    layers
        .iter()
        .map(|(file, node)| Item::from_node(node, *file, None))
        .filter(|item| !item.is_null())
        .reduce(merge_user)
}

impl Item {
    fn from_node(node: &Node, file: usize, key: Option<Span>) -> Item {
        let origin = Origin {
            file,
            key,
            value: node.span,
        };
        let kind = match &node.value {
            yaml::Value::Map(entries) => Kind::Map(
                entries
                    .iter()
                    .map(|e| {
                        (
                            e.key.clone(),
                            Item::from_node(&e.value, file, Some(e.key_span)),
                        )
                    })
                    .collect(),
            ),
            yaml::Value::Seq(items) => Kind::Seq(
                items
                    .iter()
                    .map(|n| Item::from_node(n, file, None))
                    .collect(),
            ),
            _ => Kind::Leaf(node.to_json()),
        };
        Item { origin, kind }
    }

    fn is_null(&self) -> bool {
        matches!(self.kind, Kind::Leaf(Value::Null))
    }

    fn into_json(self, pointer: &str, origins: &mut HashMap<String, Origin>) -> Value {
        origins.insert(pointer.to_owned(), self.origin);
        match self.kind {
            Kind::Leaf(value) => value,
            Kind::Seq(items) => Value::Array(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, item)| item.into_json(&format!("{pointer}/{i}"), origins))
                    .collect(),
            ),
            Kind::Map(entries) => Value::Object(
                entries
                    .into_iter()
                    .map(|(key, item)| {
                        let child = format!("{pointer}/{}", escape_token(&key));
                        (key, item.into_json(&child, origins))
                    })
                    .collect(),
            ),
        }
    }
}

/// Helm's MergeMaps for the user's files: maps merge key by key, anything else replaces.
fn merge_user(base: Item, over: Item) -> Item {
    match (base.kind, over.kind) {
        (Kind::Map(mut base_entries), Kind::Map(over_entries)) => {
            for (key, item) in over_entries {
                let merged = match base_entries.remove(&key) {
                    Some(existing) => merge_user(existing, item),
                    None => item,
                };
                base_entries.insert(key, merged);
            }
            Item {
                origin: over.origin,
                kind: Kind::Map(base_entries),
            }
        }
        (_, kind) => Item {
            origin: over.origin,
            kind,
        },
    }
}

/// Helm's coalescing of the user's values with the chart's defaults.
fn coalesce_items(
    user: Item,
    defaults: Item,
    pointer: &str,
    deletions: &mut HashMap<String, Origin>,
) -> Item {
    match (user.kind, defaults.kind) {
        (Kind::Map(mut entries), Kind::Map(default_entries)) => {
            for (key, default) in default_entries {
                let child = format!("{pointer}/{}", escape_token(&key));
                match entries.remove(&key) {
                    None => {
                        entries.insert(key, default);
                    }
                    Some(value) if value.is_null() => {
                        deletions.insert(child, value.origin);
                    }
                    Some(value) => {
                        entries.insert(key, coalesce_items(value, default, &child, deletions));
                    }
                }
            }
            Item {
                origin: user.origin,
                kind: Kind::Map(entries),
            }
        }
        // A user's scalar or list replaces a default of any kind, and a user's map replaces a
        // default that is not one (Helm warns and keeps the user's value).
        (kind, _) => Item {
            origin: user.origin,
            kind,
        },
    }
}
