//! Pod-level settings every component shares.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

use super::quantity::{CpuQuantity, MemoryQuantity};

/// Requests and limits of one container. Equal requests and limits give Guaranteed QoS.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Resources {
    /// What the scheduler reserves for the container.
    pub requests: ResourceList,
    /// The most the container may use: CPU above it is throttled, memory above it is OOM-killed.
    pub limits: ResourceList,
}

/// Amounts of CPU and memory; each is optional.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResourceList {
    /// CPU cores or millicores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "CpuQuantity")]
    pub cpu: Option<CpuQuantity>,
    /// Memory in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "MemoryQuantity")]
    pub memory: Option<MemoryQuantity>,
    /// Node-local scratch space in bytes.
    #[serde(
        default,
        rename = "ephemeral-storage",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "MemoryQuantity")]
    pub ephemeral_storage: Option<MemoryQuantity>,
}

/// The user and groups a component's containers run as; never root.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SecurityContext {
    /// The numeric user id; 0 (root) is refused.
    #[schemars(range(min = 1))]
    pub run_as_user: u32,
    /// The numeric primary group id.
    pub run_as_group: u32,
    /// The group that owns mounted volumes.
    pub fs_group: u32,
}

/// A PodDisruptionBudget limiting voluntary evictions of a component's pods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PodDisruptionBudget {
    /// Creates the PodDisruptionBudget.
    pub enabled: bool,
    /// How many pods an eviction may take down at once: a count or a percentage (`"25%"`).
    pub max_unavailable: IntOrPercent,
}

/// A count (`1`) or a percentage of the replicas (`"25%"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum IntOrPercent {
    Count(u32),
    Percent(String),
}

impl JsonSchema for IntOrPercent {
    fn schema_name() -> Cow<'static, str> {
        "IntOrPercent".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A count (`1`) or a percentage (`\"25%\"`).",
            "type": ["integer", "string"],
            "minimum": 0,
            "maximum": super::INT32_MAX,
            "pattern": "^[0-9]+%$",
        })
    }
}

/// A reference to an object in the release's namespace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LocalObjectReference {
    /// The object's name.
    #[schemars(regex(pattern = super::DNS_SUBDOMAIN), length(max = 253))]
    pub name: String,
}
