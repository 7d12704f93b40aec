//! Pods a chart selects but does not create: those of another namespace (a Service in
//! `kube-system` for CoreDNS or the scheduler) and those an operator creates from a custom
//! resource of the set (a `Prometheus`, a `RabbitmqCluster`). Shared by the rules that check
//! that a selector selects something: such a selector is not a mistake of the chart.

use std::collections::HashSet;

use serde_json::Value;

use super::index::{Pods, same_scope};
use crate::lint::context::Context;
use crate::manifest::Object;

/// What the set says about the workloads and custom resources around a selector.
pub struct Boundary<'a> {
    /// `(input, namespace)` of every pod template that names its namespace.
    namespaces: HashSet<(usize, &'a str)>,
    /// Objects whose API group is not one of Kubernetes' own.
    custom: Vec<&'a Object>,
}

/// Why the pods a selector looks for may exist although the set has none of them.
pub enum Outside {
    /// The selecting object is in a namespace where the set creates no pods.
    Namespace,
    /// A custom resource of the set is named by the selector, or carries all of its labels:
    /// its operator makes the pods.
    Operator,
}

impl<'a> Boundary<'a> {
    pub fn new(context: &Context<'a>, pods: &Pods<'a>) -> Self {
        let namespaces = pods
            .pods
            .iter()
            .filter(|p| !p.object.namespace.is_empty())
            .map(|p| (p.object.input, p.object.namespace.as_str()))
            .collect();
        let custom = context
            .objects
            .iter()
            .filter(|o| {
                let group = crate::kube::group_of(&o.api_version);
                !group.is_empty() && !context.kube.serves_group(group)
            })
            .collect();
        Self { namespaces, custom }
    }

    /// Why `near`'s selector (its `key: value` pairs, and the values of its `In` expressions)
    /// may select pods the set does not create.
    pub fn outside(&self, near: &Object, pairs: &[(&str, &str)]) -> Option<Outside> {
        let namespace = near.namespace.as_str();
        if !namespace.is_empty() && !self.namespaces.contains(&(near.input, namespace)) {
            return Some(Outside::Namespace);
        }
        let made_by = |resource: &Object| {
            let named = pairs.iter().any(|(_, v)| *v == resource.name);
            let labelled = !pairs.is_empty()
                && pairs
                    .iter()
                    .all(|(k, v)| labels_of(resource).any(|l| l[*k].as_str() == Some(*v)));
            same_scope(resource, near) && (named || labelled)
        };
        self.custom
            .iter()
            .any(|&resource| made_by(resource))
            .then_some(Outside::Operator)
    }
}

/// The labels a custom resource carries or gives its pods (`spec.podMetadata.labels`, the
/// Prometheus operator's way).
fn labels_of(resource: &Object) -> impl Iterator<Item = &Value> {
    [
        &resource.json["metadata"]["labels"],
        &resource.json["spec"]["podMetadata"]["labels"],
    ]
    .into_iter()
    .filter(|l| l.is_object())
}

/// The `key: value` pairs a `LabelSelector` requires: `matchLabels`, and `In` expressions
/// with a single value.
pub fn label_selector_pairs(selector: &Value) -> Vec<(&str, &str)> {
    let mut pairs = map_pairs(&selector["matchLabels"]);
    for expression in selector["matchExpressions"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let values = expression["values"].as_array();
        if expression["operator"].as_str() == Some("In")
            && let Some([value]) = values.map(Vec::as_slice)
            && let (Some(key), Some(value)) = (expression["key"].as_str(), value.as_str())
        {
            pairs.push((key, value));
        }
    }
    pairs
}

/// The string pairs of a `key: value` mapping (a Service's selector).
pub fn map_pairs(map: &Value) -> Vec<(&str, &str)> {
    map.as_object()
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| Some((k.as_str(), v.as_str()?)))
        .collect()
}
