use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::image::Image;
use super::pod::{PodDisruptionBudget, Resources, SecurityContext};

/// The stateless journal API server (serves /api).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Frontend {
    /// The Deployment's replica count; not rendered when autoscaling is enabled.
    #[schemars(range(max = super::INT32_MAX))]
    pub replicas: u32,
    /// The API server image; a digest, when set, pins it.
    pub image: Image,
    /// The container port the API listens on.
    #[schemars(range(min = 1, max = 65535))]
    pub port: u16,
    /// The HTTP path the readiness and liveness probes request.
    #[schemars(regex(pattern = r"^/"))]
    pub probe_path: String,
    /// Keeps a terminating pod serving while endpoints are withdrawn. Must be less than
    /// terminationGracePeriodSeconds.
    pub pre_stop_sleep_seconds: u32,
    /// How long a terminating pod may take; must exceed preStopSleepSeconds plus the drain time.
    #[schemars(range(min = 1))]
    pub termination_grace_period_seconds: u32,
    /// The container's requests and limits; equal values give Guaranteed QoS.
    pub resources: Resources,
    /// The user and groups the API server runs as.
    pub security_context: SecurityContext,
    /// The versioned ConfigMap the API server reads its settings from.
    pub config: FrontendConfig,
    /// A HorizontalPodAutoscaler instead of a fixed replica count.
    pub autoscaling: Autoscaling,
    /// Limits voluntary evictions of API pods.
    pub pod_disruption_budget: PodDisruptionBudget,
}

/// The frontend's settings, in a ConfigMap named after its version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FrontendConfig {
    /// Part of the ConfigMap's name (`<fullname>-frontend-config-v<version>`): bump it to roll out
    /// new settings.
    #[schemars(range(min = 1))]
    pub version: u32,
    /// How many entries the API returns (JOURNAL_ENTRIES).
    #[schemars(range(min = 1))]
    pub journal_entries: u32,
}

/// Scaling the frontend on CPU use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Autoscaling {
    /// Turns the HorizontalPodAutoscaler on.
    pub enabled: bool,
    /// The lowest replica count the autoscaler keeps.
    #[schemars(range(min = 1, max = super::INT32_MAX))]
    pub min_replicas: u32,
    /// The highest replica count the autoscaler sets; at least minReplicas.
    #[schemars(range(min = 1, max = super::INT32_MAX))]
    pub max_replicas: u32,
    /// The average CPU use, in percent of the request, to aim for.
    #[serde(rename = "targetCPUUtilizationPercentage")]
    #[schemars(range(min = 1, max = super::INT32_MAX))]
    pub target_cpu_utilization_percentage: u32,
}
