use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::image::Image;
use super::pod::{PodDisruptionBudget, Resources, SecurityContext};
use super::quantity::MemoryQuantity;
use super::{OPTIONAL_DNS_SUBDOMAIN, OPTIONAL_SECRET_KEY};

/// The journal's store: a StatefulSet whose pod 0 is the master and the rest replicas.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Redis {
    /// The StatefulSet's size: one master plus replicas-1 read replicas.
    #[schemars(range(min = 1, max = super::INT32_MAX))]
    pub replicas: u32,
    /// The Redis server image; a digest, when set, pins it.
    pub image: Image,
    /// The port every Redis server and Service listens on.
    #[schemars(range(min = 1, max = 65535))]
    pub port: u16,
    /// maxmemory as a share of the container's memory limit, in percent.
    #[schemars(range(min = 1, max = 100))]
    pub maxmemory_percent: u32,
    /// What Redis does at maxmemory; noeviction keeps journal entries safe.
    pub maxmemory_policy: MaxmemoryPolicy,
    /// The container's requests and limits; equal values give Guaranteed QoS.
    pub resources: Resources,
    /// The user and groups Redis runs as.
    pub security_context: SecurityContext,
    /// The PersistentVolumeClaim template each Redis pod gets.
    pub persistence: Persistence,
    /// Where the Redis password comes from; it never lives in a values file in git.
    pub auth: RedisAuth,
    /// Limits voluntary evictions of Redis pods.
    pub pod_disruption_budget: PodDisruptionBudget,
}

/// Redis's eviction policies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MaxmemoryPolicy {
    Noeviction,
    AllkeysLru,
    AllkeysLfu,
    AllkeysRandom,
    VolatileLru,
    VolatileLfu,
    VolatileRandom,
    VolatileTtl,
}

/// Each Redis pod's volume.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Persistence {
    /// The requested storage per pod.
    pub size: MemoryQuantity,
    /// The StorageClass; empty uses the cluster's default class.
    #[schemars(regex(pattern = OPTIONAL_DNS_SUBDOMAIN), length(max = 253))]
    pub storage_class_name: String,
    /// The claim's access modes.
    #[schemars(length(min = 1))]
    pub access_modes: Vec<VolumeAccessMode>,
}

/// How a volume may be mounted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum VolumeAccessMode {
    ReadWriteOnce,
    ReadOnlyMany,
    ReadWriteMany,
    ReadWriteOncePod,
}

/// The Redis password's source: an existing Secret, or a password given at install time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RedisAuth {
    /// Names a Secret that already holds the password.
    #[schemars(regex(pattern = OPTIONAL_DNS_SUBDOMAIN), length(max = 253))]
    pub existing_secret: String,
    /// The key of the password inside that Secret.
    #[schemars(regex(pattern = OPTIONAL_SECRET_KEY), length(max = 253))]
    pub existing_secret_key: String,
    /// Makes the chart create the Secret; supply it only at install time (`--set`), never in git.
    pub password: String,
}
