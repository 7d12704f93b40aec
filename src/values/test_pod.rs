use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::image::Image;

/// The `helm test` pod that requests / and /api through the Services.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Tests {
    /// A small image with wget; a digest, when set, pins it.
    pub image: Image,
}
