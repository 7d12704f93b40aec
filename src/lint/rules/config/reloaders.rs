//! What makes a running pod pick up a changed ConfigMap without a new pod template: Stakater
//! Reloader (which restarts the workload), or a reload sidecar in the pod (which watches the
//! mounted files, or ConfigMaps by label, and tells the process to reload).

use serde_json::{Map, Value};

use crate::lint::context::PodTemplate;
use crate::manifest::Object;

/// Images of config reload sidecars, by the last part of the repository (registry and owner
/// vary: `ghcr.io/jimmidyson/configmap-reload`, `quay.io/prometheus-operator/
/// prometheus-config-reloader`, `quay.io/kiwigrid/k8s-sidecar`, …).
const MOUNT_RELOADERS: &[&str] = &[
    "configmap-reload",
    "prometheus-config-reloader",
    "config-reloader",
];
/// kiwigrid's k8s-sidecar: it watches ConfigMaps that carry a label (env `LABEL`, and
/// `LABEL_VALUE` when set) through the API, so it needs no mount.
const LABEL_RELOADER: &str = "k8s-sidecar";

/// Why a change of ConfigMap `configmap` reaches the pods of `pod` without a new pod template,
/// for the reference at `pointer`; `None` when nothing says it does.
pub fn reloaded_by(pod: &PodTemplate<'_>, configmap: &Object, pointer: &str) -> Option<String> {
    if let Some(annotation) = stakater(pod, configmap) {
        return Some(format!("Stakater Reloader (`{annotation}`)"));
    }
    // A sidecar reloads files; environment variables only change with a new pod.
    let volume = volume_of(pointer).and_then(|i| pod.spec["volumes"][i]["name"].as_str())?;
    pod.spec["containers"]
        .as_array()
        .into_iter()
        .flatten()
        .chain(native_sidecars(pod))
        .find_map(|container| {
            let image = repository(container["image"].as_str()?);
            let name = container["name"].as_str().unwrap_or("?");
            let by_mount = MOUNT_RELOADERS.contains(&image) && mounts(container, volume);
            let by_label = image == LABEL_RELOADER && watches(container, configmap);
            (by_mount || by_label).then(|| format!("the reload sidecar `{name}` ({image})"))
        })
}

/// The Stakater Reloader annotation (on the workload or its pod template) that covers
/// `configmap`.
fn stakater<'p>(pod: &PodTemplate<'p>, configmap: &Object) -> Option<&'p str> {
    let on = |pointer: &str| pod.object.json.pointer(pointer).and_then(Value::as_object);
    let configmap_match = configmap.json["metadata"]["annotations"]["reloader.stakater.com/match"]
        .as_str()
        == Some("true");
    [on("/metadata/annotations"), pod_annotations(pod)]
        .into_iter()
        .flatten()
        .flat_map(Map::iter)
        .find_map(|(key, value)| {
            let value = value.as_str().unwrap_or_default();
            let covers = match key.as_str() {
                "reloader.stakater.com/auto" | "configmap.reloader.stakater.com/auto" => {
                    value == "true"
                }
                "configmap.reloader.stakater.com/reload" => {
                    value.split(',').any(|name| name.trim() == configmap.name)
                }
                "reloader.stakater.com/search" => value == "true" && configmap_match,
                _ => false,
            };
            covers.then_some(key.as_str())
        })
}

/// The pod template's own annotations.
fn pod_annotations<'p>(pod: &PodTemplate<'p>) -> Option<&'p Map<String, Value>> {
    let pointer = pod.spec_pointer.strip_suffix("/spec")?;
    pod.object
        .json
        .pointer(&format!("{pointer}/metadata/annotations"))
        .and_then(Value::as_object)
}

/// Init containers with `restartPolicy: Always` run beside the others for the pod's life.
fn native_sidecars<'p>(pod: &PodTemplate<'p>) -> impl Iterator<Item = &'p Value> {
    pod.spec["initContainers"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["restartPolicy"].as_str() == Some("Always"))
}

/// The volume index of a reference at `…/volumes/<i>/…`.
fn volume_of(pointer: &str) -> Option<usize> {
    let (_, rest) = pointer.split_once("/volumes/")?;
    rest.split('/').next()?.parse().ok()
}

/// The last part of an image's repository: `quay.io/kiwigrid/k8s-sidecar:1.28@sha256:…` →
/// `k8s-sidecar`.
fn repository(image: &str) -> &str {
    let image = image.split('@').next().unwrap_or(image);
    let last = image.rsplit('/').next().unwrap_or(image);
    last.split(':').next().unwrap_or(last)
}

fn mounts(container: &Value, volume: &str) -> bool {
    container["volumeMounts"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|m| m["name"].as_str() == Some(volume))
}

/// True when a k8s-sidecar's `LABEL` (and `LABEL_VALUE`) select `configmap` and its
/// `RESOURCE` includes ConfigMaps (the default).
fn watches(container: &Value, configmap: &Object) -> bool {
    let env = |name: &str| {
        container["env"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|e| e["name"].as_str() == Some(name))
            .and_then(|e| e["value"].as_str())
    };
    let Some(label) = env("LABEL") else {
        return false;
    };
    let resource = env("RESOURCE").unwrap_or("configmap");
    let labels = &configmap.json["metadata"]["labels"];
    let value = labels[label].as_str();
    ["configmap", "both"].contains(&resource)
        && value.is_some()
        && env("LABEL_VALUE").is_none_or(|wanted| value == Some(wanted))
}

#[cfg(test)]
mod tests {
    use super::{repository, volume_of};

    #[test]
    fn image_repositories_and_volume_pointers() {
        assert_eq!(
            repository("quay.io/kiwigrid/k8s-sidecar:1.28.0@sha256:abc"),
            "k8s-sidecar"
        );
        assert_eq!(
            repository("localhost:5000/configmap-reload"),
            "configmap-reload"
        );
        assert_eq!(repository("configmap-reload:v0.14.0"), "configmap-reload");
        assert_eq!(
            volume_of("/spec/template/spec/volumes/2/configMap/name"),
            Some(2)
        );
        assert_eq!(
            volume_of("/spec/template/spec/containers/0/envFrom/0"),
            None
        );
    }
}
