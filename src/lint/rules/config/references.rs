//! The ConfigMaps and Secrets a pod template refers to, shared by the `config` rules.

use serde_json::Value;

use crate::lint::context::PodTemplate;

/// One reference from a pod template to a ConfigMap or Secret.
pub struct Reference<'j> {
    /// `ConfigMap` or `Secret`.
    pub kind: &'static str,
    pub name: &'j str,
    /// JSON pointer of the name's value.
    pub pointer: String,
    /// What refers, for messages: "env `DB_PASSWORD` of container `api`", "volume `config`".
    pub via: String,
    /// Marked `optional: true`: the pod starts without it.
    pub optional: bool,
}

/// Every ConfigMap and Secret reference of a pod template: env `valueFrom`, `envFrom`, and
/// `configMap`, `secret` and `projected` volumes, in document order.
pub fn references<'j>(pod: &PodTemplate<'j>) -> Vec<Reference<'j>> {
    let mut found = Vec::new();
    for container in pod.containers() {
        let who = format!("container `{}`", container.name());
        for (i, env) in container.json["env"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            let var = env["name"].as_str().unwrap_or("?");
            for (field, kind) in [("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret")] {
                push(
                    &mut found,
                    kind,
                    &env["valueFrom"][field],
                    "name",
                    container.at(&format!("env/{i}/valueFrom/{field}")),
                    format!("env `{var}` of {who}"),
                );
            }
        }
        for (i, from) in container.json["envFrom"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            for (field, kind) in [("configMapRef", "ConfigMap"), ("secretRef", "Secret")] {
                push(
                    &mut found,
                    kind,
                    &from[field],
                    "name",
                    container.at(&format!("envFrom/{i}/{field}")),
                    format!("envFrom of {who}"),
                );
            }
        }
    }
    for (i, volume) in pod.spec["volumes"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let name = volume["name"].as_str().unwrap_or("?");
        push(
            &mut found,
            "ConfigMap",
            &volume["configMap"],
            "name",
            pod.at(&format!("volumes/{i}/configMap")),
            format!("volume `{name}`"),
        );
        push(
            &mut found,
            "Secret",
            &volume["secret"],
            "secretName",
            pod.at(&format!("volumes/{i}/secret")),
            format!("volume `{name}`"),
        );
        for (s, source) in volume["projected"]["sources"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            for (field, kind) in [("configMap", "ConfigMap"), ("secret", "Secret")] {
                push(
                    &mut found,
                    kind,
                    &source[field],
                    "name",
                    pod.at(&format!("volumes/{i}/projected/sources/{s}/{field}")),
                    format!("projected volume `{name}`"),
                );
            }
        }
    }
    found
}

fn push<'j>(
    found: &mut Vec<Reference<'j>>,
    kind: &'static str,
    source: &'j Value,
    name_field: &str,
    pointer: String,
    via: String,
) {
    let Some(name) = source[name_field].as_str().filter(|n| !n.is_empty()) else {
        return;
    };
    found.push(Reference {
        kind,
        name,
        pointer: format!("{pointer}/{name_field}"),
        via,
        optional: source["optional"].as_bool() == Some(true),
    });
}
