use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{DNS_SUBDOMAIN, OPTIONAL_DNS_SUBDOMAIN};

/// A host name, optionally a wildcard (`*.example.com`).
const HOST: &str = r"^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

/// Exposes /api (frontend) and / (fileserver) on one host.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Ingress {
    /// Creates the Ingress.
    pub enabled: bool,
    /// The IngressClass that serves it.
    #[schemars(regex(pattern = DNS_SUBDOMAIN), length(max = 253))]
    pub class_name: String,
    /// The public host name.
    #[schemars(regex(pattern = HOST), length(max = 253))]
    pub host: String,
    /// Added to the Ingress as they are.
    pub annotations: BTreeMap<String, String>,
    /// Serves the host over HTTPS.
    pub tls: IngressTls,
}

/// HTTPS for the Ingress host.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IngressTls {
    /// Adds a TLS section for the host.
    pub enabled: bool,
    /// The Secret holding the certificate; empty means "<fullname>-tls".
    #[schemars(regex(pattern = OPTIONAL_DNS_SUBDOMAIN), length(max = 253))]
    pub secret_name: String,
    /// Asks cert-manager for the certificate from this ClusterIssuer; empty for none.
    #[schemars(regex(pattern = OPTIONAL_DNS_SUBDOMAIN), length(max = 253))]
    pub cluster_issuer: String,
}
