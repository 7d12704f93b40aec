//! Rules of the `probes` group.

pub mod missing_liveness_probe;
pub mod missing_readiness_probe;

use crate::lint::context::{Container, Context};
use crate::lint::rule::Rule;
use crate::manifest::Object;

/// Every rule of this group, in the order `chartcheck rules` lists them.
pub static RULES: &[&Rule] = &[
    &missing_readiness_probe::RULE,
    &missing_liveness_probe::RULE,
];

/// The regular containers (not init or ephemeral ones) of every pod that runs until it is
/// stopped, with their object: not Jobs or CronJobs, not bare Pods that run to completion
/// (`restartPolicy` `Never` or `OnFailure`), and not Helm hook Pods (`helm test` and the like),
/// which Helm waits on to finish.
fn long_running<'a>(context: &Context<'a>) -> Vec<(&'a Object, Container<'a>)> {
    let mut found = Vec::new();
    for pod in context.pod_templates() {
        let runs_to_completion = match pod.object.kind.as_str() {
            "Job" | "CronJob" => true,
            "Pod" => {
                let restart = pod.spec["restartPolicy"].as_str().unwrap_or("Always");
                let hook = &pod.object.json["metadata"]["annotations"]["helm.sh/hook"];
                restart != "Always" || !hook.is_null()
            }
            _ => false,
        };
        if !runs_to_completion {
            found.extend(
                pod.containers()
                    .filter(|c| c.list == "containers")
                    .map(|c| (pod.object, c)),
            );
        }
    }
    found
}
