//! Kubernetes resource quantities, checked by value form: `100m` or `0.5` CPUs, `128Mi` or
//! `1G` bytes. A number is accepted where Kubernetes accepts one.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// CPUs: a decimal number of cores or whole millicores (`100m`).
const CPU: &str = r"^([0-9]+(\.[0-9]+)?|\.[0-9]+|[0-9]+m)$";
/// Bytes: a number with an optional binary (`Ki`…`Ei`) or decimal (`k`…`E`) suffix or exponent.
/// `10GB` or `10gi` are not quantities.
const BYTES: &str = r"^([0-9]+(\.[0-9]+)?|\.[0-9]+)([eE][0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$";

/// A CPU quantity (`500m`, `"1"`, `0.5`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CpuQuantity {
    Number(f64),
    Text(String),
}

/// A byte quantity for memory or storage (`128Mi`, `2Gi`, `1G`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum MemoryQuantity {
    Number(f64),
    Text(String),
}

fn quantity_schema(pattern: &str, example: &str) -> Schema {
    json_schema!({
        "type": ["string", "number"],
        "pattern": pattern,
        "minimum": 0,
        "examples": [example],
    })
}

impl JsonSchema for CpuQuantity {
    fn schema_name() -> Cow<'static, str> {
        "CpuQuantity".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let mut schema = quantity_schema(CPU, "100m");
        schema.insert(
            "description".into(),
            "CPUs: cores as a number (`0.5`, `\"2\"`) or millicores (`500m`).".into(),
        );
        schema
    }
}

impl JsonSchema for MemoryQuantity {
    fn schema_name() -> Cow<'static, str> {
        "MemoryQuantity".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let mut schema = quantity_schema(BYTES, "128Mi");
        schema.insert(
            "description".into(),
            "Bytes: a number with an optional suffix, binary (`Ki`, `Mi`, `Gi`, `Ti`, `Pi`, `Ei`) or decimal (`k`, `M`, `G`, `T`, `P`, `E`); `10GB` is not a quantity.".into(),
        );
        schema
    }
}
