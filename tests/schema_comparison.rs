//! The `schema` rules over a generated corpus. For every kind the default Kubernetes version
//! serves, an object is built from its schema (every required field, optional ones to a
//! depth), then mutated in the ways people get manifests wrong: a misspelled key, a value of
//! the wrong type, a required field left out, a key at the wrong indentation, an enum value
//! off by a letter. chartcheck must accept every valid object and report every mutation, and
//! nothing else, with the right rule at the right line and column. kubernetes-validate, an
//! independent implementation over the same upstream schemas, must agree on every verdict.
//!
//! The YAML is written here, one key per line, so the expected positions do not come from
//! chartcheck's own parser.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::process::Command;

use chartcheck::kube::{self, Api};
use common::{VENV_TOOLS, require_on_path};
use serde_json::{Map, Value};

/// Optional fields are filled in down to this depth; required ones always are.
const OPTIONAL_DEPTH: usize = 4;
/// Mutations of each kind per object, picked at random (with a fixed seed).
const PER_KIND: usize = 2;

/// Rule id, line, column.
type Expected = BTreeSet<(&'static str, usize, usize)>;

/// One object of the corpus and what chartcheck must report for it.
struct Case {
    name: String,
    object: Value,
    /// Where the expected findings are, as (rule, pointer, on the value?).
    expect: Vec<(&'static str, String, bool)>,
}

#[test]
fn chartcheck_and_kubernetes_validate_agree_on_generated_objects() {
    let api = kube::api(kube::DEFAULT_VERSION).unwrap();
    let mut random = Random(0x5eed_cafe);
    let mut cases = Vec::new();
    for (api_version, kind, definition) in api.kinds() {
        // Lists contain other objects, which lint unpacks; a CRD's generated schema would be
        // read as a schema (and refused: its types are made up).
        if kind.ends_with("List") || kind == "CustomResourceDefinition" {
            continue;
        }
        let shape = Shape { api, definition };
        let mut valid = shape.value("", 0);
        valid["apiVersion"] = api_version.into();
        valid["kind"] = kind.into();
        let base = cases.len();
        cases.push(Case {
            name: format!("valid-{base}"),
            object: valid.clone(),
            expect: Vec::new(),
        });
        for (object, expect) in mutations(&shape, &valid, &mut random) {
            cases.push(Case {
                name: format!("mutated-{}", cases.len()),
                object,
                expect,
            });
        }
    }
    for case in &mut cases {
        case.object["metadata"]["name"] = case.name.clone().into();
    }
    let mutated = cases.iter().filter(|c| !c.expect.is_empty()).count();
    assert!(
        cases.len() > 150 && mutated > 5 * (cases.len() - mutated),
        "too small a corpus: {} objects, {mutated} mutated",
        cases.len()
    );

    let (yaml, positions) = emit(&cases);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("corpus.yaml");
    std::fs::write(&file, &yaml).unwrap();

    let reported = chartcheck_findings(&file);
    let mut wrong = Vec::new();
    for (case, at) in cases.iter().zip(&positions) {
        let expected: Expected = case
            .expect
            .iter()
            .map(|(rule, pointer, on_value)| {
                let (key, value) = at[pointer];
                let (line, column) = if *on_value { value } else { key };
                (*rule, line, column)
            })
            .collect();
        let found = reported.get(&case.name).cloned().unwrap_or_default();
        if found != expected {
            wrong.push(format!(
                "{}: expected {expected:?}, chartcheck reported {found:?}",
                case.name
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} objects judged wrongly (corpus kept in {}):\n{}",
        wrong.len(),
        cases.len(),
        dir.keep().display(),
        wrong.join("\n")
    );

    let other = kubernetes_validate(&file);
    // It looks schemas up by the first label of the group, which misses this one.
    assert_eq!(
        other.unchecked,
        ["internal.apiserver.k8s.io/v1alpha1 StorageVersion"],
        "kinds kubernetes-validate has no schema for"
    );
    let disagree: Vec<&str> = cases
        .iter()
        .filter(|c| {
            let kind = format!("{} {}", c.object["apiVersion"], c.object["kind"]).replace('"', "");
            // Its schemas carry no enums; chartcheck adds the ones the API documents.
            let comparable = c.expect.iter().any(|e| e.0 != "invalid-field-value");
            (c.expect.is_empty() || comparable)
                && !other.unchecked.contains(&kind)
                && c.expect.is_empty() == other.rejected.contains(&c.name)
        })
        .map(|c| c.name.as_str())
        .collect();
    assert!(
        disagree.is_empty(),
        "kubernetes-validate judges these differently: {disagree:?}"
    );
}

/// Builds values from one kind's schema.
struct Shape {
    api: &'static Api,
    definition: &'static str,
}

impl Shape {
    fn schema(&self, pointer: &str) -> &'static Value {
        self.api
            .schema_at(self.definition, pointer)
            .unwrap_or_else(|| panic!("{} has no schema at {pointer}", self.definition))
    }

    /// A valid value for the field at `pointer`.
    fn value(&self, pointer: &str, depth: usize) -> Value {
        let schema = self.schema(pointer);
        if let Some(first) = schema["enum"].as_array().and_then(|o| o.first()) {
            return first.clone();
        }
        match types(schema).first().copied() {
            Some("object") => {
                let mut map = Map::new();
                if let Some(properties) = schema["properties"].as_object() {
                    let required = required(schema);
                    for name in properties.keys() {
                        if required.contains(name.as_str()) || depth < OPTIONAL_DEPTH {
                            let child = format!("{pointer}/{name}");
                            map.insert(name.clone(), self.value(&child, depth + 1));
                        }
                    }
                } else if schema["additionalProperties"].is_object() {
                    let child = format!("{pointer}/key1");
                    map.insert("key1".into(), self.value(&child, depth + 1));
                }
                Value::Object(map)
            }
            Some("array") => Value::Array(vec![self.value(&format!("{pointer}/0"), depth + 1)]),
            Some("integer" | "number") => 1.into(),
            Some("boolean") => true.into(),
            _ => "x".into(),
        }
    }
}

/// The types a schema allows, null aside.
fn types(schema: &Value) -> Vec<&str> {
    let listed: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ if schema.get("properties").is_some() => vec!["object"],
        _ => Vec::new(),
    };
    listed.into_iter().filter(|t| *t != "null").collect()
}

fn required(schema: &Value) -> BTreeSet<&str> {
    schema["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// Fields chartcheck reads to name an object: breaking them is a different error.
fn is_identity(pointer: &str) -> bool {
    [
        "/apiVersion",
        "/kind",
        "/metadata",
        "/metadata/name",
        "/metadata/namespace",
    ]
    .contains(&pointer)
}

type Mutation = (Value, Vec<(&'static str, String, bool)>);

/// Up to [`PER_KIND`] mutations of each kind, each with the findings it must give.
fn mutations(shape: &Shape, valid: &Value, random: &mut Random) -> Vec<Mutation> {
    let mut nodes = Vec::new();
    walk(valid, String::new(), &mut nodes);
    let mut candidates: [Vec<Mutation>; 5] = Default::default();
    for (pointer, value) in &nodes {
        let schema = shape.schema(pointer);
        let (parent, name) = pointer.rsplit_once('/').unwrap_or(("", ""));
        let in_struct = |p: &str| shape.schema(p)["properties"].is_object();
        let with = |change: &dyn Fn(&mut Value)| {
            let mut object = valid.clone();
            change(&mut object);
            object
        };
        // A misspelled key beside the known ones.
        if let (Value::Object(map), Some(properties)) = (value, schema["properties"].as_object())
            && let Some(known) = map.keys().next()
            && !pointer.starts_with("/metadata")
        {
            let typo = format!("{known}x");
            if !properties.contains_key(&typo) {
                let object = with(&|o| {
                    o.pointer_mut(pointer).unwrap()[&typo] = 1.into();
                });
                let at = format!("{pointer}/{typo}");
                candidates[0].push((object, vec![("unknown-field", at, false)]));
            }
        }
        if is_identity(pointer) || pointer.is_empty() {
            continue;
        }
        // A value of another type, where the schema allows exactly one.
        let allowed = types(schema);
        if allowed.len() == 1 && schema.get("enum").is_none() {
            let wrong: Value = match allowed[0] {
                "string" => 7.into(),
                "integer" | "number" => "seven".into(),
                "boolean" => "yes".into(),
                "array" | "object" => "x".into(),
                _ => Value::Null,
            };
            if !wrong.is_null() {
                let object = with(&|o| *o.pointer_mut(pointer).unwrap() = wrong.clone());
                let expect = vec![("invalid-field-type", pointer.clone(), true)];
                candidates[1].push((object, expect));
            }
        }
        // A required field left out.
        if in_struct(parent) && required(shape.schema(parent)).contains(name) {
            let object = with(&|o| {
                o.pointer_mut(parent)
                    .unwrap()
                    .as_object_mut()
                    .unwrap()
                    .remove(name);
            });
            let expect = vec![("missing-required-field", parent.to_owned(), false)];
            candidates[2].push((object, expect));
        }
        // A key one level too deep or too shallow: moved up into a struct that lacks it.
        if let Some((grandparent, _)) = parent.rsplit_once('/')
            && in_struct(parent)
            && in_struct(grandparent)
            && !is_identity(parent)
            && valid.pointer(parent).is_some_and(Value::is_object)
            && shape.schema(grandparent)["properties"].get(name).is_none()
        {
            let object = with(&|o| {
                let moved = o
                    .pointer_mut(parent)
                    .unwrap()
                    .as_object_mut()
                    .unwrap()
                    .remove(name)
                    .unwrap();
                o.pointer_mut(grandparent).unwrap()[name] = moved;
            });
            let mut expect = vec![("unknown-field", format!("{grandparent}/{name}"), false)];
            if required(shape.schema(parent)).contains(name) {
                expect.push(("missing-required-field", parent.to_owned(), false));
            }
            candidates[3].push((object, expect));
        }
        // An enum value off by a letter.
        if let (Some(options), Value::String(s)) = (schema["enum"].as_array(), value) {
            let typo = format!("{s}x");
            if !options.contains(&Value::String(typo.clone())) {
                let object = with(&|o| *o.pointer_mut(pointer).unwrap() = typo.clone().into());
                let expect = vec![("invalid-field-value", pointer.clone(), true)];
                candidates[4].push((object, expect));
            }
        }
    }
    candidates
        .into_iter()
        .flat_map(|mut found| {
            let mut picked = Vec::new();
            while picked.len() < PER_KIND && !found.is_empty() {
                picked.push(found.swap_remove(random.below(found.len())));
            }
            picked
        })
        .collect()
}

/// Every node with its JSON pointer, parents first.
fn walk<'v>(value: &'v Value, pointer: String, nodes: &mut Vec<(String, &'v Value)>) {
    nodes.push((pointer.clone(), value));
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                walk(child, format!("{pointer}/{key}"), nodes);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                walk(child, format!("{pointer}/{index}"), nodes);
            }
        }
        _ => {}
    }
}

/// Position of a node's key (or, for a list item or the root, of the node) and of its value.
type At = BTreeMap<String, ((usize, usize), (usize, usize))>;

/// Block YAML, one key per line, and where each node of each object is (1-based).
fn emit(cases: &[Case]) -> (String, Vec<At>) {
    let mut writer = Writer::default();
    let positions = cases
        .iter()
        .map(|case| {
            writer.text.push_str("---\n");
            writer.line += 1;
            let mut at = At::new();
            let start = (writer.line + 1, 1);
            at.insert(String::new(), (start, start));
            writer.map(&case.object, 0, "", &mut at);
            at
        })
        .collect();
    (writer.text, positions)
}

#[derive(Default)]
struct Writer {
    text: String,
    /// The line being written, 1-based.
    line: usize,
}

impl Writer {
    /// Writes a mapping's entries at `indent`, each on a line of its own.
    fn map(&mut self, value: &Value, indent: usize, pointer: &str, at: &mut At) {
        for (key, child) in value.as_object().unwrap() {
            self.line += 1;
            self.text.push_str(&" ".repeat(indent));
            self.entry(key, child, indent, pointer, at);
        }
    }

    /// Writes a list item's mapping: the first entry on the dash's line.
    fn map_after_dash(&mut self, value: &Value, indent: usize, pointer: &str, at: &mut At) {
        for (index, (key, child)) in value.as_object().unwrap().iter().enumerate() {
            if index > 0 {
                self.line += 1;
                self.text.push_str(&" ".repeat(indent));
            }
            self.entry(key, child, indent, pointer, at);
        }
    }

    fn entry(&mut self, key: &str, child: &Value, indent: usize, pointer: &str, at: &mut At) {
        let pointer = format!("{pointer}/{key}");
        let key_at = (self.line, indent + 1);
        write!(self.text, "{key}:").unwrap();
        let value_at = self.value(child, indent, key_at, key.len() + 2, &pointer, at);
        at.insert(pointer, (key_at, value_at));
    }

    /// Writes a value after `key:` (which started at `key_at` and is `width` wide); returns
    /// where the value starts.
    fn value(
        &mut self,
        value: &Value,
        indent: usize,
        key_at: (usize, usize),
        width: usize,
        pointer: &str,
        at: &mut At,
    ) -> (usize, usize) {
        match value {
            Value::Object(map) if !map.is_empty() => {
                self.text.push('\n');
                self.map(value, indent + 2, pointer, at);
                (key_at.0 + 1, indent + 3)
            }
            Value::Array(items) if !items.is_empty() => {
                self.text.push('\n');
                let start = (self.line + 1, indent + 3);
                for (index, item) in items.iter().enumerate() {
                    self.line += 1;
                    write!(self.text, "{}- ", " ".repeat(indent + 2)).unwrap();
                    let pointer = format!("{pointer}/{index}");
                    let item_at = (self.line, indent + 5);
                    if let Value::Object(map) = item
                        && !map.is_empty()
                    {
                        self.map_after_dash(item, indent + 4, &pointer, at);
                    } else {
                        self.scalar(item);
                        self.text.push('\n');
                    }
                    at.insert(pointer, (item_at, item_at));
                }
                start
            }
            _ => {
                self.text.push(' ');
                self.scalar(value);
                self.text.push('\n');
                (key_at.0, key_at.1 + width)
            }
        }
    }

    /// A scalar, or an empty collection, in flow style.
    fn scalar(&mut self, value: &Value) {
        self.text.push_str(&serde_json::to_string(value).unwrap());
    }
}

/// chartcheck's `schema` findings per object name, as (rule, line, column).
fn chartcheck_findings(file: &std::path::Path) -> BTreeMap<String, Expected> {
    let output = assert_cmd::Command::cargo_bin("chartcheck")
        .unwrap()
        // Served but deprecated apiVersions are valid; `deprecated-api` has fixtures of its own.
        .args([
            "lint",
            "--no-config",
            "--select",
            "schema",
            "--ignore",
            "deprecated-api",
        ])
        .args(["--format", "json"])
        .arg(file)
        .output()
        .unwrap();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "lint could not check the corpus:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut found: BTreeMap<String, Expected> = BTreeMap::new();
    for finding in report["findings"].as_array().unwrap() {
        let rule = chartcheck::lint::rules::all()
            .iter()
            .find(|r| r.id == finding["rule"])
            .unwrap()
            .id;
        let line = finding["location"]["line"].as_u64().unwrap() as usize;
        let column = finding["location"]["column"].as_u64().unwrap() as usize;
        let name = finding["object"]["name"].as_str().unwrap().to_owned();
        found.entry(name).or_default().insert((rule, line, column));
    }
    found
}

/// What kubernetes-validate said about the corpus in strict mode.
struct Verdicts {
    /// Names of the objects it rejected.
    rejected: BTreeSet<String>,
    /// `apiVersion kind` of the kinds it had no schema for.
    unchecked: Vec<String>,
}

fn kubernetes_validate(file: &std::path::Path) -> Verdicts {
    require_on_path("kubernetes-validate", VENV_TOOLS);
    let version = format!("{}.0", kube::DEFAULT_VERSION);
    let output = Command::new("kubernetes-validate")
        .args(["--strict", "--quiet", "--kubernetes-version", &version])
        .arg(file)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut verdicts = Verdicts {
        rejected: BTreeSet::new(),
        unchecked: Vec::new(),
    };
    for line in stdout.lines() {
        if let Some(resource) = line.split(" for resource ").nth(1)
            && let Some((_, name)) = resource.split_once('/')
        {
            let name = name.split(' ').next().unwrap_or_default();
            verdicts.rejected.insert(name.to_owned());
        } else if let Some(missing) = line.split("Couldn't find schema for kind ").nth(1)
            && let Some((kind, rest)) = missing.split_once(" with api version ")
            && let Some(api_version) = rest.split(' ').next()
        {
            let kind = format!("{api_version} {kind}");
            if !verdicts.unchecked.contains(&kind) {
                verdicts.unchecked.push(kind);
            }
        } else {
            panic!("kubernetes-validate said something unexpected: {line}");
        }
    }
    verdicts
}

/// xorshift64: enough to pick mutations reproducibly.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}
