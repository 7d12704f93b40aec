use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An image repository: optional registry host (with port), then lower-case path components.
const REPOSITORY: &str = r"^([a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?)*(:[0-9]+)?/)?[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$";
/// A tag as the OCI distribution spec defines it, or empty when a digest pins the image.
const TAG: &str = r"^$|^[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,127}$";
/// A sha256 content digest, or empty.
const DIGEST: &str = r"^$|^sha256:[0-9a-f]{64}$";

/// A container image: `repository:tag`, with `@digest` appended when a digest pins it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Image {
    /// The image without tag or digest, e.g. `docker.io/library/redis`.
    #[schemars(regex(pattern = REPOSITORY), length(min = 1, max = 255))]
    pub repository: String,
    /// The image tag; never a floating tag such as "latest". May be empty when a digest is set.
    #[schemars(regex(pattern = TAG))]
    pub tag: String,
    /// An optional `sha256:<64 hex digits>` digest appended after the tag.
    #[schemars(regex(pattern = DIGEST))]
    pub digest: String,
    /// The container's imagePullPolicy.
    pub pull_policy: PullPolicy,
}

/// When the kubelet pulls the image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum PullPolicy {
    Always,
    IfNotPresent,
    Never,
}
