//! Lookups shared by the cross-object rules (networking, reliability, config): objects by kind
//! and name, and pod templates by label. Each is built once per rule run, so a render with tens
//! of thousands of objects stays linear instead of scanning every object for every object.
//!
//! Scope: two objects can refer to each other when they come from the same input and the same
//! namespace. An empty namespace is the release namespace, which a render does not name, so it
//! is taken to be compatible with any namespace of the same input (charts often set
//! `namespace: {{ .Release.Namespace }}` on some objects and not on others).

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::lint::context::{Context, PodTemplate, label_selector_matches, selects};
use crate::manifest::Object;

/// True when `a` and `b` may be in the same namespace of the same render.
pub fn same_scope(a: &Object, b: &Object) -> bool {
    a.input == b.input
        && (a.namespace == b.namespace || a.namespace.is_empty() || b.namespace.is_empty())
}

/// Objects under a name (their own, or one they produce), indexed by namespace too, so that a
/// lookup among many copies of one chart in different namespaces does not walk every copy.
#[derive(Default)]
pub struct Scoped<'a> {
    by_name: HashMap<&'a str, Bucket<'a>>,
}

/// The objects under one name: all in input order, and by namespace.
#[derive(Default)]
struct Bucket<'a> {
    all: Vec<&'a Object>,
    by_namespace: HashMap<&'a str, Vec<&'a Object>>,
}

impl<'a> Scoped<'a> {
    pub fn insert(&mut self, name: &'a str, object: &'a Object) {
        let bucket = self.by_name.entry(name).or_default();
        bucket.all.push(object);
        bucket
            .by_namespace
            .entry(object.namespace.as_str())
            .or_default()
            .push(object);
    }

    /// The objects under `name` in `near`'s scope: those of its namespace, then those without
    /// one; or, when `near` has no namespace, those of every namespace.
    pub fn get<'s>(
        &'s self,
        name: &str,
        near: &'s Object,
    ) -> impl Iterator<Item = &'a Object> + use<'a, 's> {
        let bucket = self.by_name.get(name);
        let of = |namespace: &str| {
            bucket
                .and_then(|b| b.by_namespace.get(namespace))
                .map_or(NO_OBJECTS, Vec::as_slice)
        };
        let (first, second) = match bucket {
            Some(bucket) if near.namespace.is_empty() => (bucket.all.as_slice(), NO_OBJECTS),
            _ => (of(&near.namespace), of("")),
        };
        first
            .iter()
            .chain(second)
            .copied()
            .filter(move |o| o.input == near.input)
    }

    /// Every object under `name` of `near`'s input, in any namespace, in input order.
    fn anywhere<'s>(
        &'s self,
        name: &str,
        near: &'s Object,
    ) -> impl Iterator<Item = &'a Object> + use<'a, 's> {
        self.by_name
            .get(name)
            .map_or(NO_OBJECTS, |b| b.all.as_slice())
            .iter()
            .copied()
            .filter(move |o| o.input == near.input)
    }
}

const NO_OBJECTS: &[&Object] = &[];

/// Objects by kind and name.
pub struct Named<'a> {
    objects: Scoped<'a>,
}

impl<'a> Named<'a> {
    /// Every object of the given kinds.
    pub fn new(context: &Context<'a>, kinds: &[&str]) -> Self {
        let mut objects = Scoped::default();
        for kind in kinds {
            for object in context.of_kind(kind) {
                objects.insert(&object.name, object);
            }
        }
        Self { objects }
    }

    /// Every object of the set.
    pub fn all(context: &Context<'a>) -> Self {
        let mut objects = Scoped::default();
        for object in context.objects {
            objects.insert(&object.name, object);
        }
        Self { objects }
    }

    /// The objects of `kind` named `name` in `near`'s scope.
    pub fn get<'s>(
        &'s self,
        kind: &'s str,
        name: &str,
        near: &'s Object,
    ) -> impl Iterator<Item = &'a Object> + use<'a, 's> {
        self.objects.get(name, near).filter(move |o| o.kind == kind)
    }

    /// The first object of `kind` named `name` in `near`'s scope.
    pub fn find(&self, kind: &str, name: &str, near: &Object) -> Option<&'a Object> {
        self.get(kind, name, near).next()
    }

    /// An object of `kind` named `name` of `near`'s input, but in another namespace.
    pub fn elsewhere(&self, kind: &str, name: &str, near: &Object) -> Option<&'a Object> {
        self.objects
            .anywhere(name, near)
            .find(|o| o.kind == kind && !same_scope(o, near))
    }

    /// The names of objects of `kind` in `near`'s scope that are close to `name` (a likely
    /// typo or an old version suffix), best first; at most one.
    pub fn similar(&self, kind: &str, name: &str, near: &Object) -> Option<&'a str> {
        let mut best: Option<(f64, &'a str)> = None;
        let slack = name.len() / 4 + 1;
        for &candidate in self.objects.by_name.keys() {
            // Cheap filters first: a near miss has about the same length and first letter.
            if candidate.len().abs_diff(name.len()) > slack
                || candidate.as_bytes().first() != name.as_bytes().first()
                || self.find(kind, candidate, near).is_none()
            {
                continue;
            }
            let score = strsim::normalized_levenshtein(name, candidate);
            if score >= 0.75 && best.is_none_or(|(s, n)| score > s || (score == s && candidate < n))
            {
                best = Some((score, candidate));
            }
        }
        best.map(|(_, n)| n)
    }
}

/// Every pod template of the set, indexed by label and by namespace and label.
pub struct Pods<'a> {
    pub pods: Vec<PodTemplate<'a>>,
    by_input: HashMap<usize, Vec<usize>>,
    /// By label key, then value; every namespace and input together.
    by_label: Labels<'a>,
    /// By namespace, then label key and value: many copies of one chart in different
    /// namespaces share their labels, and a lookup must not walk them all.
    by_namespace: HashMap<&'a str, Labels<'a>>,
}

/// Pod template indices by label key, then value.
type Labels<'a> = HashMap<&'a str, HashMap<&'a str, Vec<usize>>>;

fn lookup<'m>(labels: Option<&'m Labels<'_>>, key: &str, value: &str) -> &'m [usize] {
    labels
        .and_then(|l| l.get(key))
        .and_then(|values| values.get(value))
        .map_or(NO_PODS, Vec::as_slice)
}

const NO_PODS: &[usize] = &[];

impl<'a> Pods<'a> {
    pub fn new(context: &Context<'a>) -> Self {
        let pods: Vec<PodTemplate<'a>> = context.pod_templates().collect();
        let mut by_input: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut by_label: Labels<'a> = HashMap::new();
        let mut by_namespace: HashMap<&'a str, Labels<'a>> = HashMap::new();
        for (i, pod) in pods.iter().enumerate() {
            let object: &'a Object = pod.object;
            by_input.entry(object.input).or_default().push(i);
            let labels: &'a Value = pod.labels;
            for (key, value) in labels.as_object().into_iter().flatten() {
                if let Some(value) = value.as_str() {
                    let key = key.as_str();
                    by_label
                        .entry(key)
                        .or_default()
                        .entry(value)
                        .or_default()
                        .push(i);
                    by_namespace
                        .entry(object.namespace.as_str())
                        .or_default()
                        .entry(key)
                        .or_default()
                        .entry(value)
                        .or_default()
                        .push(i);
                }
            }
        }
        Self {
            pods,
            by_input,
            by_label,
            by_namespace,
        }
    }

    /// The pod templates `near` could see with the label `key: value`: in its namespace and
    /// those without one, or, when `near` has no namespace, in any.
    fn bucket(&self, near: &Object, key: &str, value: &str) -> (&[usize], &[usize]) {
        if near.namespace.is_empty() {
            (lookup(Some(&self.by_label), key, value), NO_PODS)
        } else {
            let in_namespace = lookup(self.by_namespace.get(near.namespace.as_str()), key, value);
            (in_namespace, lookup(self.by_namespace.get(""), key, value))
        }
    }

    /// Pod templates in `near`'s scope that carry every string pair of `pairs`, narrowed
    /// through the smallest label bucket; without string pairs, all of `near`'s input.
    fn candidates<'s>(
        &'s self,
        near: &'s Object,
        pairs: Option<&Map<String, Value>>,
    ) -> impl Iterator<Item = &'s PodTemplate<'a>> + 's {
        let mut smallest: Option<(&'s [usize], &'s [usize])> = None;
        for (key, value) in pairs.into_iter().flatten() {
            let Some(value) = value.as_str() else {
                continue;
            };
            let bucket = self.bucket(near, key, value);
            if smallest.is_none_or(|(a, b)| bucket.0.len() + bucket.1.len() < a.len() + b.len()) {
                smallest = Some(bucket);
            }
        }
        let (first, second) = smallest.unwrap_or_else(|| {
            let all = self
                .by_input
                .get(&near.input)
                .map_or(NO_PODS, Vec::as_slice);
            (all, NO_PODS)
        });
        first
            .iter()
            .chain(second)
            .map(|&i| &self.pods[i])
            .filter(move |p| same_scope(p.object, near))
    }

    /// Pod templates in `near`'s scope whose labels have every pair of `selector` (a Service's
    /// `spec.selector`). An empty selector selects nothing here.
    pub fn selected_by_map<'s>(
        &'s self,
        near: &'s Object,
        selector: &'s Value,
    ) -> impl Iterator<Item = &'s PodTemplate<'a>> + 's {
        self.candidates(near, selector.as_object())
            .filter(move |p| selects(selector, p.labels))
    }

    /// Pod templates in `near`'s scope that a `LabelSelector` matches (an empty one matches
    /// every pod of the scope).
    pub fn selected_by_label_selector<'s>(
        &'s self,
        near: &'s Object,
        selector: &'s Value,
    ) -> impl Iterator<Item = &'s PodTemplate<'a>> + 's {
        self.candidates(near, selector["matchLabels"].as_object())
            .filter(move |p| label_selector_matches(selector, p.labels))
    }

    /// A pod template of `near`'s input in another namespace that `selector` (a Service's
    /// selector, or with `label_selector` a `LabelSelector`) would select, to explain a miss.
    pub fn elsewhere(
        &self,
        near: &Object,
        selector: &Value,
        label_selector: bool,
    ) -> Option<&PodTemplate<'a>> {
        let pairs = if label_selector {
            selector["matchLabels"].as_object()
        } else {
            selector.as_object()
        };
        let mut smallest: Option<&[usize]> = None;
        for (key, value) in pairs.into_iter().flatten() {
            let bucket = lookup(Some(&self.by_label), key, value.as_str()?);
            if smallest.is_none_or(|s| bucket.len() < s.len()) {
                smallest = Some(bucket);
            }
        }
        smallest?.iter().map(|&i| &self.pods[i]).find(|p| {
            p.object.input == near.input
                && !same_scope(p.object, near)
                && if label_selector {
                    label_selector_matches(selector, p.labels)
                } else {
                    selects(selector, p.labels)
                }
        })
    }

    /// The pod template in `near`'s scope that has the most pairs of `pairs`, when it has at
    /// least one and lacks at least one, with the pairs it lacks. Labels that many pods share
    /// are not counted (bounded work).
    pub fn closest<'s>(
        &'s self,
        near: &'s Object,
        pairs: &Map<String, Value>,
    ) -> Option<(&'s PodTemplate<'a>, Vec<String>)> {
        // A label that many pods share says little about which one was meant; skipping such
        // buckets keeps this cheap when many selectors miss.
        const BUCKET_LIMIT: usize = 64;
        let mut hits: HashMap<usize, usize> = HashMap::new();
        for (key, value) in pairs {
            let Some(value) = value.as_str() else {
                continue;
            };
            let bucket = lookup(Some(&self.by_label), key, value);
            if bucket.is_empty() || bucket.len() > BUCKET_LIMIT {
                continue;
            }
            for &i in bucket {
                *hits.entry(i).or_default() += 1;
            }
        }
        let (best, _) = hits
            .into_iter()
            .filter(|(i, _)| same_scope(self.pods[*i].object, near))
            .max_by_key(|&(i, count)| (count, std::cmp::Reverse(i)))?;
        let pod = &self.pods[best];
        let lacking = pairs
            .iter()
            .filter(|(k, v)| pod.labels.get(k.as_str()) != Some(v))
            .map(|(k, v)| match pod.labels.get(k.as_str()) {
                Some(actual) => format!("`{k}: {}` (it has `{}`)", plain(v), plain(actual)),
                None => format!("`{k}: {}`", plain(v)),
            })
            .collect::<Vec<_>>();
        // Every pair present: the miss is elsewhere (expressions, namespace), not in the labels.
        (!lacking.is_empty()).then_some((pod, lacking))
    }
}

/// A scalar as YAML would show it: strings without quotes.
pub fn plain(value: &Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_owned)
}

/// `key: value, key: value` for a selector's pairs.
pub fn pairs(map: &Map<String, Value>) -> String {
    map.iter()
        .map(|(k, v)| format!("{k}: {}", plain(v)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A `LabelSelector` as text: its `matchLabels` pairs and `matchExpressions`.
pub fn describe_label_selector(selector: &Value) -> String {
    let mut parts: Vec<String> = selector["matchLabels"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| format!("{k}: {}", plain(v)))
        .collect();
    for e in selector["matchExpressions"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let key = e["key"].as_str().unwrap_or("?");
        let operator = e["operator"].as_str().unwrap_or("?");
        let values: Vec<String> = e["values"]
            .as_array()
            .into_iter()
            .flatten()
            .map(plain)
            .collect();
        parts.push(if values.is_empty() {
            format!("{key} {operator}")
        } else {
            format!("{key} {operator} ({})", values.join(", "))
        });
    }
    parts.join(", ")
}

/// True when a `LabelSelector` has no `matchLabels` and no `matchExpressions` (selects all).
pub fn label_selector_is_empty(selector: &Value) -> bool {
    selector["matchLabels"]
        .as_object()
        .is_none_or(Map::is_empty)
        && selector["matchExpressions"]
            .as_array()
            .is_none_or(Vec::is_empty)
}

/// The line (1-based) of the value at `pointer` in `object`'s input.
pub fn line(object: &Object, pointer: &str) -> usize {
    object.value_span(pointer).start.line
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::Named;
    use crate::lint::context::Context;
    use crate::manifest::{Object, parse_objects};

    fn objects(inputs: &[&str]) -> Vec<Object> {
        let mut all = Vec::new();
        for (input, text) in inputs.iter().enumerate() {
            let (mut objects, problems) = parse_objects(&Arc::from(*text), input, "test.yaml");
            assert!(problems.is_empty());
            all.append(&mut objects);
        }
        all
    }

    fn object(kind: &str, namespace: &str, name: &str) -> String {
        let namespace = if namespace.is_empty() {
            String::new()
        } else {
            format!("\n  namespace: {namespace}")
        };
        format!("---\napiVersion: v1\nkind: {kind}\nmetadata:\n  name: {name}{namespace}\n")
    }

    #[test]
    fn lookups_stay_in_scope_and_in_input_order() {
        let first = [
            object("Service", "a", "web"),
            object("Service", "b", "web"),
            object("Service", "", "web"),
            object("ConfigMap", "a", "web"),
            object("Service", "a", "journal-api"),
        ]
        .concat();
        let second = object("Service", "a", "web");
        let objects = objects(&[&first, &second]);
        let crds = crate::kube::CustomSchemas::default();
        let context = Context::new(
            &objects,
            crate::kube::api(crate::kube::DEFAULT_VERSION).unwrap(),
            &crds,
        );
        let named = Named::new(&context, &["Service"]);
        let found = |near: &Object| -> Vec<String> {
            named
                .get("Service", "web", near)
                .map(|o| format!("{}#{}", o.display(), o.input))
                .collect()
        };
        // In namespace `a`: its own, then the one without a namespace; not `b`, not the
        // ConfigMap, not the other input.
        assert_eq!(found(&objects[3]), ["Service/a/web#0", "Service/web#0"]);
        // Without a namespace: every namespace of its input, in input order.
        assert_eq!(
            found(&objects[2]),
            ["Service/a/web#0", "Service/b/web#0", "Service/web#0"]
        );
        assert_eq!(found(&objects[5]), ["Service/a/web#1"]);
        assert_eq!(
            named
                .elsewhere("Service", "web", &objects[3])
                .map(Object::display),
            Some("Service/b/web".to_owned())
        );
        assert_eq!(
            named.similar("Service", "journal-apj", &objects[3]),
            Some("journal-api")
        );
        // Only names in scope are suggested.
        assert_eq!(named.similar("Service", "journal-apj", &objects[1]), None);
    }
}
