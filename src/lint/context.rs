//! What every rule sees: all objects of one render, indexed, with helpers for the parts most
//! rules walk (pod templates and their containers).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::Value;

use crate::manifest::Object;

/// All objects of one render (or one set of files), for single- and cross-object rules.
pub struct Context<'a> {
    pub objects: &'a [Object],
    by_kind: HashMap<&'a str, Vec<&'a Object>>,
    /// Found once: nearly every rule walks them.
    pods: Vec<PodTemplate<'a>>,
    /// The Kubernetes API the `schema` rules check against.
    pub kube: &'static crate::kube::Api,
    /// Schemas of custom resources, from their CustomResourceDefinitions.
    pub crds: &'a crate::kube::CustomSchemas,
    /// The Pod Security Standards level the user enforces (`--pod-security`), if any.
    pub pod_security: Option<crate::lint::pod_security::Level>,
    /// What the strict schemas found, computed once for all the `schema` rules.
    pub(crate) schema_violations: OnceLock<Vec<crate::lint::rules::schema::Violation<'a>>>,
}

/// The pod template of a workload, or a bare Pod's spec.
#[derive(Clone, Copy)]
pub struct PodTemplate<'a> {
    pub object: &'a Object,
    /// JSON pointer of the pod spec, e.g. `/spec/template/spec`.
    pub spec_pointer: &'static str,
    pub spec: &'a Value,
    /// The pod's labels (the template's, or the Pod's own).
    pub labels: &'a Value,
}

/// One container of a pod template.
pub struct Container<'a> {
    /// JSON pointer of the container, e.g. `/spec/template/spec/containers/0`.
    pub pointer: String,
    pub json: &'a Value,
    /// `containers`, `initContainers` or `ephemeralContainers`.
    pub list: &'static str,
}

impl Container<'_> {
    pub fn name(&self) -> &str {
        self.json["name"].as_str().unwrap_or("")
    }

    /// A pointer to a field of this container.
    pub fn at(&self, field: &str) -> String {
        format!("{}/{field}", self.pointer)
    }
}

impl<'a> Context<'a> {
    pub fn new(
        objects: &'a [Object],
        kube: &'static crate::kube::Api,
        crds: &'a crate::kube::CustomSchemas,
    ) -> Self {
        let mut by_kind: HashMap<&str, Vec<&Object>> = HashMap::new();
        for object in objects {
            by_kind
                .entry(object.kind.as_str())
                .or_default()
                .push(object);
        }
        let pods = objects.iter().filter_map(pod_template).collect();
        Self {
            objects,
            by_kind,
            pods,
            kube,
            crds,
            pod_security: None,
            schema_violations: OnceLock::new(),
        }
    }

    /// Objects of one kind, in input order.
    pub fn of_kind(&self, kind: &str) -> impl Iterator<Item = &'a Object> + '_ {
        self.by_kind.get(kind).into_iter().flatten().copied()
    }

    /// The object of `kind` named `name` in the same namespace as `near`, anywhere in the set.
    pub fn find(&self, kind: &str, name: &str, near: &Object) -> Option<&'a Object> {
        self.of_kind(kind)
            .find(|o| o.name == name && o.namespace == near.namespace)
    }

    /// Every pod template in the set: Pods and every workload kind that carries one.
    pub fn pod_templates(&self) -> impl Iterator<Item = PodTemplate<'a>> + '_ {
        self.pods.iter().copied()
    }
}

/// The pod template of `object`, when its kind has one.
pub fn pod_template(object: &Object) -> Option<PodTemplate<'_>> {
    let (spec_pointer, labels_pointer) = match object.kind.as_str() {
        "Pod" => ("/spec", "/metadata/labels"),
        "Deployment"
        | "StatefulSet"
        | "DaemonSet"
        | "ReplicaSet"
        | "ReplicationController"
        | "Job" => ("/spec/template/spec", "/spec/template/metadata/labels"),
        "CronJob" => (
            "/spec/jobTemplate/spec/template/spec",
            "/spec/jobTemplate/spec/template/metadata/labels",
        ),
        _ => return None,
    };
    let spec = object.json.pointer(spec_pointer)?;
    Some(PodTemplate {
        object,
        spec_pointer,
        spec,
        labels: object.json.pointer(labels_pointer).unwrap_or(&Value::Null),
    })
}

impl<'a> PodTemplate<'a> {
    /// Every container, init container and ephemeral container.
    pub fn containers(&self) -> impl Iterator<Item = Container<'a>> + '_ {
        ["containers", "initContainers", "ephemeralContainers"]
            .into_iter()
            .flat_map(move |list| {
                self.spec[list]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .enumerate()
                    .map(move |(i, json)| Container {
                        pointer: format!("{}/{list}/{i}", self.spec_pointer),
                        json,
                        list,
                    })
            })
    }

    /// A pointer to a field of the pod spec.
    pub fn at(&self, field: &str) -> String {
        format!("{}/{field}", self.spec_pointer)
    }
}

/// True when every `matchLabels`-style pair of `selector` is in `labels`; an empty or missing
/// selector selects nothing here (rules treat "selects everything" separately where it matters).
pub fn selects(selector: &Value, labels: &Value) -> bool {
    selector
        .as_object()
        .is_some_and(|s| !s.is_empty() && s.iter().all(|(k, v)| labels.get(k) == Some(v)))
}

/// A `LabelSelector` (`matchLabels` and `matchExpressions`) against `labels`.
pub fn label_selector_matches(selector: &Value, labels: &Value) -> bool {
    let match_labels = selector["matchLabels"].as_object();
    let expressions = selector["matchExpressions"].as_array();
    if match_labels.is_none_or(|m| m.is_empty()) && expressions.is_none_or(|e| e.is_empty()) {
        return true; // an empty LabelSelector selects everything
    }
    let labels_ok = match_labels
        .into_iter()
        .flatten()
        .all(|(k, v)| labels.get(k) == Some(v));
    let expressions_ok = expressions.into_iter().flatten().all(|e| {
        let key = e["key"].as_str().unwrap_or("");
        let values: Vec<&str> = e["values"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let label = labels.get(key).and_then(Value::as_str);
        match e["operator"].as_str().unwrap_or("") {
            "In" => label.is_some_and(|l| values.contains(&l)),
            "NotIn" => label.is_none_or(|l| !values.contains(&l)),
            "Exists" => label.is_some(),
            "DoesNotExist" => label.is_none(),
            _ => false,
        }
    });
    labels_ok && expressions_ok
}
