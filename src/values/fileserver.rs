use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::image::Image;
use super::pod::{PodDisruptionBudget, Resources, SecurityContext};

/// The NGINX static file server (serves /).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Fileserver {
    /// The Deployment's replica count.
    #[schemars(range(max = super::INT32_MAX))]
    pub replicas: u32,
    /// The NGINX image holding the static files; a digest, when set, pins it.
    pub image: Image,
    /// The container port NGINX listens on (unprivileged images use 8080).
    #[schemars(range(min = 1, max = 65535))]
    pub port: u16,
    /// The container's requests and limits; equal values give Guaranteed QoS.
    pub resources: Resources,
    /// The user and groups NGINX runs as.
    pub security_context: SecurityContext,
    /// Limits voluntary evictions of file server pods.
    pub pod_disruption_budget: PodDisruptionBudget,
}
