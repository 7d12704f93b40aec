//! The typed model of `chart/values.yaml`: the single source of truth for the chart's values
//! schema (`chartcheck schema`), values validation and the values reference.
//!
//! Doc comments become schema `description`s. Every struct refuses unknown keys, and every key
//! the chart's defaults set is required, so a `null` that deletes a default is caught too.

mod checks;
mod fileserver;
mod frontend;
mod image;
mod ingress;
mod network_policy;
mod pod;
mod quantity;
mod redis;
mod service_account;
mod test_pod;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use checks::Violation;
pub use fileserver::Fileserver;
pub use frontend::{Autoscaling, Frontend, FrontendConfig};
pub use image::{Image, PullPolicy};
pub use ingress::{Ingress, IngressTls};
pub use network_policy::NetworkPolicy;
pub use pod::{
    IntOrPercent, LocalObjectReference, PodDisruptionBudget, ResourceList, Resources,
    SecurityContext,
};
pub use quantity::{CpuQuantity, MemoryQuantity};
pub use redis::{MaxmemoryPolicy, Persistence, Redis, RedisAuth, VolumeAccessMode};
pub use service_account::ServiceAccount;
pub use test_pod::Tests;

/// The largest count a Kubernetes int32 field takes (`replicas`, `minReplicas`, …): a larger
/// one renders, and the API server refuses it.
pub(crate) const INT32_MAX: u32 = 2_147_483_647;
/// A DNS-1123 label, or empty for "not set".
pub(crate) const OPTIONAL_DNS_LABEL: &str = r"^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
/// A DNS-1123 subdomain (the name of most Kubernetes objects), or empty for "not set".
pub(crate) const OPTIONAL_DNS_SUBDOMAIN: &str =
    r"^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
/// A DNS-1123 subdomain.
pub(crate) const DNS_SUBDOMAIN: &str =
    r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

/// Values of the journal chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(title = "Values of the journal chart")]
pub struct Values {
    /// Replaces the chart name in object names and the app.kubernetes.io/name label.
    #[schemars(regex(pattern = OPTIONAL_DNS_LABEL), length(max = 40))]
    pub name_override: String,
    /// Replaces the "<release>-<chart>" prefix of every object name.
    #[schemars(regex(pattern = OPTIONAL_DNS_LABEL), length(max = 40))]
    pub fullname_override: String,
    /// The cluster's DNS suffix, used for the Redis master's in-cluster address.
    #[schemars(regex(pattern = DNS_SUBDOMAIN), length(max = 253))]
    pub cluster_domain: String,
    /// Secrets (in the release namespace) used to pull every image.
    pub image_pull_secrets: Vec<LocalObjectReference>,
    /// The identity every pod of the release runs as.
    pub service_account: ServiceAccount,
    /// The stateless journal API server (serves /api).
    pub frontend: Frontend,
    /// The NGINX static file server (serves /).
    pub fileserver: Fileserver,
    /// The journal's store: a StatefulSet whose pod 0 is the master and the rest replicas.
    pub redis: Redis,
    /// Exposes /api (frontend) and / (fileserver) on one host.
    pub ingress: Ingress,
    /// Denies all traffic to and from the release's pods except what the service needs.
    pub network_policy: NetworkPolicy,
    /// The `helm test` pod that requests / and /api through the Services.
    pub tests: Tests,
    /// Values Helm shares with subcharts; Helm adds this key itself, so it is always allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub global: Option<serde_json::Map<String, serde_json::Value>>,
}
/// A Secret data key, or empty.
pub(crate) const OPTIONAL_SECRET_KEY: &str = r"^$|^[-._a-zA-Z0-9]+$";
