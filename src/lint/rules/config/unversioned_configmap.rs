use std::collections::HashSet;

use super::references::references;
use super::reloaders::reloaded_by;
use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};
use crate::lint::rules::networking::index::Named;

declare_rule! {
    /// ## What it does
    /// Flags a Deployment, StatefulSet, DaemonSet, ReplicaSet or ReplicationController that reads a
    /// ConfigMap of the set (through env `valueFrom`, `envFrom`, or a `configMap` or `projected`
    /// volume) when nothing makes a change of that ConfigMap roll its pods:
    /// - the ConfigMap's name carries no version: no `-v<digits>` suffix (`-v3`), no revision number
    ///   (`-3`) and no hash-like suffix (`-3f9c2a1b`, kustomize's `-g8m2h6k8t9`); and
    /// - the pod template has no checksum annotation (`checksum/config: <sha256 of the
    ///   ConfigMap>`, or any annotation whose key contains `checksum` or `hash`); and
    /// - nothing reloads it in place (see below).
    ///
    /// Recognised as reloading a ConfigMap, so no finding:
    /// - Stakater Reloader, from annotations on the workload or its pod template:
    ///   `reloader.stakater.com/auto: "true"` and `configmap.reloader.stakater.com/auto: "true"`
    ///   (every ConfigMap), `configmap.reloader.stakater.com/reload: "a,b"` (the ConfigMaps named),
    ///   `reloader.stakater.com/search: "true"` (ConfigMaps annotated
    ///   `reloader.stakater.com/match: "true"`). Reloader restarts the pods, so this covers env
    ///   references too. Other Reloader annotations (`secret.reloader.stakater.com/reload`) do
    ///   not cover ConfigMaps.
    /// - A reload sidecar in the pod (a container, or an init container with
    ///   `restartPolicy: Always`), by the last part of its image's repository: `configmap-reload`
    ///   (`ghcr.io/jimmidyson/configmap-reload`), `prometheus-config-reloader`
    ///   (`quay.io/prometheus-operator/prometheus-config-reloader`) and `config-reloader`, when it
    ///   mounts the ConfigMap's volume; `k8s-sidecar` (`quay.io/kiwigrid/k8s-sidecar`), when its
    ///   env `LABEL` (and `LABEL_VALUE`, if set) selects the ConfigMap's labels and its `RESOURCE`
    ///   is `configmap` or `both` (or unset). A sidecar reloads files, so only volume references
    ///   are covered: an env reference of the same ConfigMap is still reported.
    ///
    /// One finding per workload and ConfigMap, at its first reference. ConfigMaps that are not in
    /// the set (made outside the chart) are not checked, nor are Jobs, CronJobs and bare Pods (their
    /// next pods read the current data anyway).
    ///
    /// ## Why
    /// Pods read a ConfigMap when they start. Changing its data in place does not change the pod
    /// template, so `helm upgrade` does not roll the pods: environment variables keep their old
    /// values until some unrelated restart, mounted files change under a running process that may
    /// never reload them, and old and new pods disagree after a partial restart. A rollback does
    /// not bring the old data back either, since there is only one ConfigMap.
    ///
    /// A versioned name (a new object for each change) changes the pod template, which rolls the
    /// pods and lets a rollback find the old data; a checksum annotation at least rolls them.
    ///
    /// ## Example
    /// ```yaml
    /// kind: ConfigMap
    /// metadata: {name: journal-frontend-config}
    /// ---
    /// kind: Deployment
    /// spec:
    ///   template:
    ///     spec:
    ///       containers:
    ///         - name: api
    ///           envFrom: [{configMapRef: {name: journal-frontend-config}}]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: ConfigMap
    /// metadata: {name: journal-frontend-config-v3}   # a new version is a new object
    /// ---
    /// kind: Deployment
    /// spec:
    ///   template:
    ///     metadata:
    ///       annotations:   # or, keeping the name: checksum/config: {{ include ... | sha256sum }}
    ///     spec:
    ///       containers:
    ///         - name: api
    ///           envFrom: [{configMapRef: {name: journal-frontend-config-v3}}]
    /// ```
    pub static RULE = Rule {
        id: "unversioned-configmap",
        group: Group::Config,
        severity: Severity::Warning,
        summary: "Workload reads a ConfigMap whose changes do not roll its pods",
        check,
    }
}

/// Workloads whose pods live on across a change of their template's inputs.
const ROLLED: &[&str] = &[
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "ReplicationController",
];

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    let configmaps = Named::new(context, &["ConfigMap"]);
    for pod in context.pod_templates() {
        let object = pod.object;
        if !ROLLED.contains(&object.kind.as_str()) || rolls_on_change(&object.json) {
            continue;
        }
        let mut seen = HashSet::new();
        for reference in references(&pod) {
            if reference.kind != "ConfigMap" || versioned(reference.name) {
                continue;
            }
            let Some(configmap) = configmaps.find("ConfigMap", reference.name, object) else {
                continue;
            };
            if reloaded_by(&pod, configmap, &reference.pointer).is_some()
                || !seen.insert(reference.name)
            {
                continue;
            }
            findings
                .add(
                    object,
                    reference.pointer.clone(),
                    format!(
                        "{} `{}` reads ConfigMap `{}` ({}), but a change of its data does not roll the pods",
                        object.kind, object.name, reference.name, reference.via
                    ),
                )
                .on_value()
                .note(
                    "the ConfigMap's name has no version and the pod template has no \
                     `checksum/...` annotation, so changing the data leaves the pod template as \
                     it is: running pods keep the old data (env vars never change; mounted files \
                     change under a process that may not reload them), and a rollback cannot \
                     bring the old data back",
                )
                .help(format!(
                    "version the name (e.g. `{}-v1`, a new name for each change of the data), or \
                     annotate the pod template with `checksum/config: {{{{ include (print \
                     $.Template.BasePath \"/configmap.yaml\") . | sha256sum }}}}`",
                    reference.name
                ));
        }
    }
}

/// True when the workload's pods roll when their configuration changes: a checksum or hash
/// annotation on the pod template.
fn rolls_on_change(workload: &serde_json::Value) -> bool {
    let template = workload
        .pointer("/spec/template/metadata/annotations")
        .and_then(serde_json::Value::as_object);
    template.into_iter().flatten().any(|(key, _)| {
        let key = key.to_ascii_lowercase();
        key.contains("checksum") || key.contains("hash")
    })
}

/// True when a ConfigMap's name carries a version or a content hash as its last `-` part:
/// `v3`, `v1.2`, `3`, `1.4.2`, `3f9c2a1b`, `g8m2h6k8t9`.
fn versioned(name: &str) -> bool {
    let Some((_, last)) = name.rsplit_once('-') else {
        return false;
    };
    let numeric = |s: &str| {
        !s.is_empty()
            && s.split('.')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    };
    if numeric(last) || last.strip_prefix('v').is_some_and(numeric) {
        return true;
    }
    let digits = last.bytes().filter(u8::is_ascii_digit).count();
    let alnum = last
        .bytes()
        .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase());
    let hex = last.bytes().all(|b| b.is_ascii_hexdigit());
    last.len() >= 6 && alnum && (digits >= 2 || (hex && digits >= 1))
}

#[cfg(test)]
mod tests {
    use super::versioned;

    #[test]
    fn versions() {
        for name in [
            "app-config-v3",
            "app-config-v12",
            "app-config-v1.2",
            "app-config-3",
            "app-config-1.4.2",
            "app-config-3f9c2a1b",
            "app-config-g8m2h6k8t9",
        ] {
            assert!(versioned(name), "{name}");
        }
        for name in [
            "app-config",
            "config",
            "app-v",
            "redis5-config",
            "app-config-redis5",
            "app-config-latest",
            "app-envoy",
        ] {
            assert!(!versioned(name), "{name}");
        }
    }
}
