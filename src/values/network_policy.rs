use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::DNS_SUBDOMAIN;

/// Denies all traffic to and from the release's pods except what the service needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NetworkPolicy {
    /// Creates the NetworkPolicies.
    pub enabled: bool,
    /// The namespace of the Ingress controller allowed to reach the web pods.
    #[schemars(regex(pattern = DNS_SUBDOMAIN), length(max = 63))]
    pub ingress_controller_namespace: String,
}
