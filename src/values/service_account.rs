use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::OPTIONAL_DNS_SUBDOMAIN;

/// The identity every pod of the release runs as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServiceAccount {
    /// Makes a dedicated ServiceAccount for the release.
    pub create: bool,
    /// The account to use; empty means the release's full name. Required when create is false.
    #[schemars(regex(pattern = OPTIONAL_DNS_SUBDOMAIN), length(max = 253))]
    pub name: String,
}
