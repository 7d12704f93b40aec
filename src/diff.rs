//! What changes between two renders of the chart: objects matched by apiVersion, kind,
//! namespace and name, each compared as normalized YAML (keys sorted, so reordering is no
//! change). And which values keys differ across environments.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::manifest::parse_objects;

/// How one object differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Added,
    Removed,
    Changed,
}

/// One object that differs, with its unified diff.
#[derive(Debug, serde::Serialize)]
pub struct ObjectDiff {
    #[serde(rename = "apiVersion")]
    pub api_version: String,
    pub kind: String,
    pub namespace: String,
    pub name: String,
    pub change: Change,
    pub diff: String,
}

impl ObjectDiff {
    /// `Kind/name`, or `Kind/namespace/name`.
    pub fn display(&self) -> String {
        if self.namespace.is_empty() {
            format!("{}/{}", self.kind, self.name)
        } else {
            format!("{}/{}/{}", self.kind, self.namespace, self.name)
        }
    }
}

/// The differences between two renders, in object order (apiVersion, kind, namespace, name).
#[derive(Debug, Default, serde::Serialize)]
pub struct Diff {
    pub objects: Vec<ObjectDiff>,
    pub unchanged: usize,
}

impl Diff {
    pub fn count(&self, change: Change) -> usize {
        self.objects.iter().filter(|o| o.change == change).count()
    }
}

type Key = (String, String, String, String);

/// Compares two renders, labelled for the diff headers.
///
/// # Errors
/// Either render is not a stream of objects: the problems, with positions.
pub fn diff(a: (&str, &str), b: (&str, &str)) -> Result<Diff, Vec<Diagnostic>> {
    let (before, mut problems) = objects(a);
    let (after, more) = objects(b);
    problems.extend(more);
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut keys: Vec<&Key> = before.keys().chain(after.keys()).collect();
    keys.sort_unstable();
    keys.dedup();
    let mut result = Diff::default();
    for key in keys {
        let (old, new) = (before.get(key), after.get(key));
        let change = match (old, new) {
            (Some(old), Some(new)) if old == new => {
                result.unchanged += 1;
                continue;
            }
            (Some(_), Some(_)) => Change::Changed,
            (None, _) => Change::Added,
            (_, None) => Change::Removed,
        };
        let (api_version, kind, namespace, name) = key.clone();
        let text = |v: Option<&String>| v.cloned().unwrap_or_default();
        let header = format!("{kind} {namespace}/{name}").replace(" /", " ");
        let diff = similar::TextDiff::from_lines(&text(old), &text(new))
            .unified_diff()
            .context_radius(3)
            .header(&format!("{} {header}", a.0), &format!("{} {header}", b.0))
            .to_string();
        result.objects.push(ObjectDiff {
            api_version,
            kind,
            namespace,
            name,
            change,
            diff,
        });
    }
    Ok(result)
}

/// A values key whose value is not the same in every environment.
#[derive(Debug, PartialEq)]
pub struct ValuesRow {
    /// `redis.persistence.size`.
    pub key: String,
    /// The value in each environment, in the order given; `None` where the key is absent.
    pub values: Vec<Option<Value>>,
}

/// Every key (down to scalars, lists and empty maps) whose value differs between
/// `environments`, sorted by key.
pub fn values_differences(environments: &[Value]) -> Vec<ValuesRow> {
    let mut leaves: BTreeMap<String, Vec<Option<Value>>> = BTreeMap::new();
    for (index, values) in environments.iter().enumerate() {
        let mut found = Vec::new();
        flatten(values, String::new(), &mut found);
        for (pointer, value) in found {
            let row = leaves
                .entry(pointer)
                .or_insert_with(|| vec![None; environments.len()]);
            row[index] = Some(value.clone());
        }
    }
    leaves
        .into_iter()
        .filter(|(_, values)| values.iter().any(|v| v != &values[0]))
        .map(|(pointer, values)| ValuesRow {
            key: crate::validate::display_key(&pointer),
            values,
        })
        .collect()
}

fn flatten<'v>(value: &'v Value, pointer: String, found: &mut Vec<(String, &'v Value)>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, child) in map {
                let escaped = crate::yaml::escape_token(key);
                flatten(child, format!("{pointer}/{escaped}"), found);
            }
        }
        _ => found.push((pointer, value)),
    }
}

/// The objects of one render as normalized YAML, by key.
fn objects((label, text): (&str, &str)) -> (BTreeMap<Key, String>, Vec<Diagnostic>) {
    let text: Arc<str> = text.into();
    let (parsed, problems) = parse_objects(&text, 0, label);
    let objects = parsed
        .into_iter()
        .map(|o| {
            let yaml = normalized(&o.json);
            ((o.api_version, o.kind, o.namespace, o.name), yaml)
        })
        .collect();
    (objects, problems)
}

/// YAML with keys sorted (JSON maps here are ordered by key).
fn normalized(value: &Value) -> String {
    serde_saphyr::to_string(value).unwrap_or_else(|_| {
        serde_json::to_string_pretty(value).expect("JSON values always serialize")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_keys_that_differ_are_listed_and_absence_counts() {
        let dev = json!({"replicas": 1, "image": {"tag": "1.5.0"}, "ports": [80], "a.b": {"c": 1}});
        let prod = json!({"replicas": 3, "image": {"tag": "1.5.0"}, "ports": [80], "extra": true});
        let rows = values_differences(&[dev, prod]);
        let keys: Vec<&str> = rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["a.b.c", "extra", "replicas"]);
        assert_eq!(rows[1].values, [None, Some(json!(true))]);
        assert_eq!(rows[2].values, [Some(json!(1)), Some(json!(3))]);
    }

    const A: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: x}\ndata: {b: '2', a: '1'}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: gone}\n";
    const B: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata: {namespace: x, name: c}\ndata: {a: '1', b: '3'}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: new}\n";

    #[test]
    fn objects_are_matched_and_reordering_is_no_change() {
        let same = diff(
            ("a", A),
            ("b", &A.replace("{b: '2', a: '1'}", "{a: '1', b: '2'}")),
        )
        .unwrap();
        assert!(same.objects.is_empty());
        assert_eq!(same.unchanged, 2);
        let changed = diff(("a", A), ("b", B)).unwrap();
        let summary: Vec<(String, Change)> = changed
            .objects
            .iter()
            .map(|o| (o.display(), o.change))
            .collect();
        assert_eq!(
            summary,
            [
                ("ConfigMap/x/c".to_owned(), Change::Changed),
                ("Secret/new".to_owned(), Change::Added),
                ("Service/gone".to_owned(), Change::Removed),
            ]
        );
        assert!(
            changed.objects[0]
                .diff
                .contains("-  b: \"2\"\n+  b: \"3\"\n"),
            "{}",
            changed.objects[0].diff
        );
    }
}
