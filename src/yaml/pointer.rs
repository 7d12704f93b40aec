//! JSON Pointer (RFC 6901) lookup with source positions.

use super::{Node, Span, Value};

/// A node found by [`Node::pointer`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Located<'a> {
    pub node: &'a Node,
    /// The span of the key when the node is a mapping member; `None` for the root and for
    /// sequence items.
    pub key_span: Option<Span>,
}

impl Located<'_> {
    /// Where to point an error about the member itself (an unknown or misplaced key): the key
    /// when there is one, else the value.
    pub fn key_or_value_span(&self) -> Span {
        self.key_span.unwrap_or(self.node.span)
    }
}

impl Node {
    /// Finds the node at a JSON pointer: `""` is this node, `/a/0/b~1c` is member `b/c` of
    /// item 0 of member `a` (`~1` is `/`, `~0` is `~`). `None` when there is no such node or
    /// the pointer is malformed.
    pub fn pointer(&self, json_pointer: &str) -> Option<Located<'_>> {
        let mut here = Located {
            node: self,
            key_span: None,
        };
        if json_pointer.is_empty() {
            return Some(here);
        }
        let rest = json_pointer.strip_prefix('/')?;
        for raw in rest.split('/') {
            let token = unescape(raw)?;
            here = match &here.node.value {
                Value::Map(entries) => {
                    let entry = entries.iter().find(|e| e.key == token)?;
                    Located {
                        node: &entry.value,
                        key_span: Some(entry.key_span),
                    }
                }
                Value::Seq(items) => Located {
                    node: items.get(array_index(&token)?)?,
                    key_span: None,
                },
                _ => return None,
            };
        }
        Some(here)
    }
}

/// A map key as one JSON pointer token (RFC 6901): `a/b` → `a~1b`, `~` → `~0`.
pub fn escape_token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// A JSON pointer token back to its key; a malformed escape is kept as written.
pub fn unescape_token(token: &str) -> String {
    unescape(token).unwrap_or_else(|| token.to_owned())
}

fn unescape(token: &str) -> Option<String> {
    let mut out = String::with_capacity(token.len());
    let mut chars = token.chars();
    while let Some(c) = chars.next() {
        if c == '~' {
            match chars.next() {
                Some('0') => out.push('~'),
                Some('1') => out.push('/'),
                _ => return None,
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// RFC 6901 array index: decimal digits, no leading zero (except `0` itself).
fn array_index(token: &str) -> Option<usize> {
    let ok = !token.is_empty()
        && token.bytes().all(|b| b.is_ascii_digit())
        && (token == "0" || !token.starts_with('0'));
    if ok { token.parse().ok() } else { None }
}
