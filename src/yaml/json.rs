//! Conversion of a loaded tree to `serde_json::Value`.

use super::{Node, Value};

impl Node {
    /// This node as JSON. Object member order is `serde_json`'s (sorted, as Go's JSON has it,
    /// unless its `preserve_order` feature is on); [`Value::Map`] keeps source order.
    ///
    /// `.nan` and `±.inf` have no JSON form and become `null` (Helm itself fails on them,
    /// since it converts values to JSON). Recursion is bounded by the depth limit the tree was
    /// loaded with.
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::Seq(items) => {
                serde_json::Value::Array(items.iter().map(Node::to_json).collect())
            }
            Value::Map(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|e| (e.key.clone(), e.value.to_json()))
                    .collect(),
            ),
            scalar => scalar_json(scalar),
        }
    }

    /// [`Node::to_json`], moving the strings instead of copying them.
    pub fn into_json(self) -> serde_json::Value {
        match self.value {
            Value::String(s) => serde_json::Value::String(s),
            Value::Seq(items) => {
                serde_json::Value::Array(items.into_iter().map(Node::into_json).collect())
            }
            Value::Map(entries) => serde_json::Value::Object(
                entries
                    .into_iter()
                    .map(|e| (e.key, e.value.into_json()))
                    .collect(),
            ),
            scalar => scalar_json(&scalar),
        }
    }
}

fn scalar_json(value: &Value) -> serde_json::Value {
    match value {
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Int(i) => serde_json::Value::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f)
            .map_or(serde_json::Value::Null, serde_json::Value::Number),
        _ => serde_json::Value::Null,
    }
}
