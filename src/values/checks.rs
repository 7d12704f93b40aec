//! Rules across several values, which a JSON Schema cannot express. The chart's templates
//! enforce the same at render time (`_validate.tpl`, `journal.image`); these let `validate`
//! report them at file:line:col, before Helm runs.

use super::{Image, Values};

/// A combination of values the chart refuses, at the value to change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// JSON pointer of the value to change.
    pub pointer: String,
    pub message: String,
}

impl Values {
    /// Every combination of values the chart refuses.
    pub fn violations(&self) -> Vec<Violation> {
        let mut found = Vec::new();
        let frontend = &self.frontend;
        let scaling = &frontend.autoscaling;
        if scaling.enabled && scaling.max_replicas < scaling.min_replicas {
            found.push(Violation {
                pointer: "/frontend/autoscaling/maxReplicas".into(),
                message: format!(
                    "`frontend.autoscaling.maxReplicas` ({}) must be at least `minReplicas` ({})",
                    scaling.max_replicas, scaling.min_replicas
                ),
            });
        }
        if frontend.pre_stop_sleep_seconds >= frontend.termination_grace_period_seconds {
            found.push(Violation {
                pointer: "/frontend/preStopSleepSeconds".into(),
                message: format!(
                    "`frontend.preStopSleepSeconds` ({}) must be less than `terminationGracePeriodSeconds` ({}), or pods are killed before they drain",
                    frontend.pre_stop_sleep_seconds, frontend.termination_grace_period_seconds
                ),
            });
        }
        let images = [
            ("frontend", &frontend.image),
            ("fileserver", &self.fileserver.image),
            ("redis", &self.redis.image),
            ("tests", &self.tests.image),
        ];
        for (component, image) in images {
            if unpinned(image) {
                found.push(Violation {
                    pointer: format!("/{component}/image/tag"),
                    message: format!(
                        "`{component}.image` has neither a tag nor a digest, which floats to `latest`"
                    ),
                });
            }
        }
        found
    }
}

fn unpinned(image: &Image) -> bool {
    image.tag.is_empty() && image.digest.is_empty()
}
