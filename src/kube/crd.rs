//! Schemas of custom resources, read from their CustomResourceDefinitions (`--crds`, the
//! chart's `crds/` directory, or CRDs among the linted objects).
//!
//! A CRD's `openAPIV3Schema` is an OpenAPI 3.0 structural schema. It becomes a strict JSON
//! Schema the way the API server reads it: fields a schema does not name are unknown (the
//! server prunes them, or refuses them with strict field validation) unless it says
//! `x-kubernetes-preserve-unknown-fields`; `nullable` admits null; `x-kubernetes-int-or-string`
//! admits both; OpenAPI's boolean `exclusiveMinimum` becomes JSON Schema's number.
//!
//! The root `metadata` is ObjectMeta whatever the CRD says (controller-gen writes
//! `metadata: {type: object}`): the API server applies only a CRD's constraints on
//! `metadata.name` and `metadata.generateName`, so those are kept and the rest is the embedded
//! API's ObjectMeta.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Map, Value, json};

/// The strict schema of one served version of one custom resource kind.
pub struct CustomSchema {
    /// The CRD's name, e.g. `certificates.cert-manager.io`.
    pub crd: String,
    /// Where the CRD was read: a file, or a render's label.
    pub origin: String,
    schema: Value,
    validator: jsonschema::Validator,
}

impl CustomSchema {
    pub fn validator(&self) -> &jsonschema::Validator {
        &self.validator
    }

    /// The fields the mapping at `pointer` may have, sorted.
    pub fn fields_at(&self, pointer: &str) -> Vec<&str> {
        let mut schema = &self.schema;
        for segment in pointer.split('/').skip(1) {
            match super::descend(schema, &crate::yaml::unescape_token(segment)) {
                Some(next) => schema = self.resolve(next),
                None => return Vec::new(),
            }
        }
        super::property_names(schema)
    }

    /// Follows a reference into the schema's `$defs` (ObjectMeta's parts), once: they do not
    /// chain.
    fn resolve<'s>(&'s self, schema: &'s Value) -> &'s Value {
        schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
            .and_then(|name| self.schema.get("$defs")?.get(name))
            .unwrap_or(schema)
    }
}

/// A CRD that could not be read: where in it, and why.
#[derive(Debug)]
pub struct CrdError {
    /// JSON pointer into the CRD.
    pub pointer: String,
    pub message: String,
}

/// Custom resource schemas by `apiVersion` and kind.
#[derive(Default, Clone)]
pub struct CustomSchemas {
    by_kind: HashMap<(String, String), Arc<CustomSchema>>,
}

impl CustomSchemas {
    /// Adds every served version of one CustomResourceDefinition. A later CRD of the same
    /// kind replaces an earlier one: the linted set's own CRDs win over `--crds` files.
    ///
    /// # Errors
    /// A CRD without group, kind or versions, or a version whose schema does not compile.
    pub fn add(&mut self, crd: &Value, origin: &str) -> Result<(), CrdError> {
        let error = |pointer: &str, message: String| CrdError {
            pointer: pointer.to_owned(),
            message,
        };
        let text = |pointer: &str| {
            crd.pointer(pointer)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .ok_or_else(|| {
                    error(
                        pointer,
                        format!("has no `{}`", pointer[1..].replace('/', ".")),
                    )
                })
        };
        let group = text("/spec/group")?;
        let kind = text("/spec/names/kind")?;
        let name = crd["metadata"]["name"].as_str().unwrap_or_default();
        let versions = crd
            .pointer("/spec/versions")
            .and_then(Value::as_array)
            .ok_or_else(|| error("/spec/versions", "has no `spec.versions` list".into()))?;
        for (index, version) in versions.iter().enumerate() {
            let at = format!("/spec/versions/{index}");
            if version["served"] == false {
                continue;
            }
            let Some(version_name) = version["name"].as_str() else {
                return Err(error(&at, "a version has no `name`".into()));
            };
            let Some(open_api) = version.pointer("/schema/openAPIV3Schema") else {
                continue; // no schema: objects of this version stay unchecked
            };
            let schema = strict_root(open_api);
            let validator = jsonschema::options()
                .with_draft(jsonschema::Draft::Draft202012)
                .with_pattern_options(jsonschema::PatternOptions::regex())
                .should_validate_formats(false)
                .build(&schema)
                .map_err(|e| {
                    error(
                        &format!("{at}/schema/openAPIV3Schema"),
                        format!("the schema of version {version_name} does not compile: {e}"),
                    )
                })?;
            let key = (format!("{group}/{version_name}"), kind.to_owned());
            let custom = CustomSchema {
                crd: name.to_owned(),
                origin: origin.to_owned(),
                schema,
                validator,
            };
            self.by_kind.insert(key, Arc::new(custom));
        }
        Ok(())
    }

    pub fn get(&self, api_version: &str, kind: &str) -> Option<&CustomSchema> {
        self.by_kind
            .get(&(api_version.to_owned(), kind.to_owned()))
            .map(Arc::as_ref)
    }

    /// The apiVersions of `group` with a schema for `kind`, sorted.
    pub fn versions_of(&self, group: &str, kind: &str) -> Vec<&str> {
        let mut versions: Vec<&str> = self
            .by_kind
            .keys()
            .filter(|(v, k)| k == kind && super::group_of(v) == group)
            .map(|(v, _)| v.as_str())
            .collect();
        versions.sort_unstable();
        versions
    }
}

/// The object's schema: the CRD's, plus the fields every object has, with `metadata` read as
/// ObjectMeta.
fn strict_root(open_api: &Value) -> Value {
    let mut schema = strict(open_api);
    let (metadata, defs) = object_meta(open_api.pointer("/properties/metadata"));
    if let Value::Object(map) = &mut schema {
        let properties = map.entry("properties").or_insert_with(|| json!({}));
        if let Value::Object(properties) = properties {
            for (field, shape) in [
                ("apiVersion", json!({"type": "string"})),
                ("kind", json!({"type": "string"})),
            ] {
                properties.entry(field).or_insert(shape);
            }
            properties.insert("metadata".into(), metadata);
        }
        if !defs.is_empty() {
            map.insert("$defs".into(), Value::Object(defs));
        }
    }
    schema
}

/// The schema of a custom resource's `metadata`: ObjectMeta, with what the CRD says about
/// `name` and `generateName` added; and the definitions ObjectMeta refers to. Without the
/// embedded ObjectMeta, any mapping.
fn object_meta(crd_metadata: Option<&Value>) -> (Value, Map<String, Value>) {
    const OBJECT_META: &str = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    let document = super::api(super::DEFAULT_VERSION).and_then(|api| api.document(OBJECT_META));
    let Some(Value::Object(mut document)) = document else {
        return (json!({"type": "object"}), Map::new());
    };
    let Some(Value::Object(mut defs)) = document.remove("$defs") else {
        return (json!({"type": "object"}), Map::new());
    };
    let mut metadata = defs
        .remove(OBJECT_META)
        .unwrap_or_else(|| json!({"type": "object"}));
    for field in ["name", "generateName"] {
        let Some(constraint) =
            crd_metadata.and_then(|m| m.pointer(&format!("/properties/{field}")))
        else {
            continue;
        };
        if let Some(properties) = metadata
            .get_mut("properties")
            .and_then(Value::as_object_mut)
        {
            let own = properties.remove(field).unwrap_or_else(|| json!({}));
            properties.insert(field.into(), json!({"allOf": [own, strict(constraint)]}));
        }
    }
    (metadata, defs)
}

/// One OpenAPI 3.0 structural schema as strict JSON Schema.
fn strict(schema: &Value) -> Value {
    let Value::Object(source) = schema else {
        return schema.clone();
    };
    let flag = |name: &str| source.get(name) == Some(&Value::Bool(true));
    let mut out = Map::new();
    for (key, value) in source {
        let converted = match key.as_str() {
            "properties" | "patternProperties" => Value::Object(
                value
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(k, v)| (k.clone(), strict(v)))
                    .collect(),
            ),
            "items" | "additionalProperties" | "not" => strict(value),
            "allOf" | "anyOf" | "oneOf" => {
                Value::Array(value.as_array().into_iter().flatten().map(strict).collect())
            }
            "exclusiveMinimum" | "exclusiveMaximum" if value.is_boolean() => {
                // OpenAPI 3.0: a flag on minimum/maximum; JSON Schema: the bound itself.
                let bound = if key == "exclusiveMinimum" {
                    "minimum"
                } else {
                    "maximum"
                };
                match (value.as_bool(), source.get(bound)) {
                    (Some(true), Some(limit)) => limit.clone(),
                    _ => continue,
                }
            }
            // Documentation, and extensions JSON Schema does not know.
            "description" | "example" | "externalDocs" | "nullable" | "default" => continue,
            _ if key.starts_with("x-") => continue,
            _ => value.clone(),
        };
        out.insert(key.clone(), converted);
    }
    for (flag_name, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if source.get(flag_name) == Some(&Value::Bool(true)) {
            out.remove(bound);
        }
    }
    if flag("x-kubernetes-int-or-string") {
        out.insert("type".into(), json!(["integer", "string"]));
    }
    if flag("x-kubernetes-embedded-resource") {
        let properties = out.entry("properties").or_insert_with(|| json!({}));
        if let Value::Object(properties) = properties {
            for field in ["apiVersion", "kind"] {
                properties.entry(field).or_insert(json!({"type": "string"}));
            }
            properties
                .entry("metadata")
                .or_insert(json!({"type": "object"}));
        }
    }
    let is_object = out.get("type").and_then(Value::as_str) == Some("object");
    if is_object
        && !flag("x-kubernetes-preserve-unknown-fields")
        && !out.contains_key("additionalProperties")
    {
        out.insert("additionalProperties".into(), false.into());
    }
    if flag("nullable") {
        let types = match out.remove("type") {
            Some(Value::String(t)) => json!([t, "null"]),
            Some(Value::Array(mut ts)) => {
                ts.push("null".into());
                Value::Array(ts)
            }
            _ => Value::Null,
        };
        if !types.is_null() {
            out.insert("type".into(), types);
        }
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crd(schema: Value) -> Value {
        json!({
            "apiVersion": "apiextensions.k8s.io/v1",
            "kind": "CustomResourceDefinition",
            "metadata": {"name": "widgets.example.com"},
            "spec": {
                "group": "example.com",
                "names": {"kind": "Widget", "plural": "widgets"},
                "versions": [
                    {"name": "v1", "served": true, "schema": {"openAPIV3Schema": schema}},
                    {"name": "v0", "served": false, "schema": {"openAPIV3Schema": {}}}
                ]
            }
        })
    }

    fn schemas(schema: Value) -> CustomSchemas {
        let mut schemas = CustomSchemas::default();
        schemas.add(&crd(schema), "crds.yaml").unwrap();
        schemas
    }

    #[test]
    fn unnamed_fields_are_unknown_unless_preserved() {
        let schemas = schemas(json!({
            "type": "object",
            "properties": {
                "spec": {"type": "object", "properties": {"size": {"type": "integer"}}},
                "free": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}
            }
        }));
        let widget = schemas.get("example.com/v1", "Widget").unwrap();
        let valid = json!({"apiVersion": "example.com/v1", "kind": "Widget",
            "metadata": {"name": "w"}, "spec": {"size": 1}, "free": {"any": 1}});
        assert!(widget.validator().is_valid(&valid));
        let unknown = json!({"spec": {"sise": 1}});
        assert!(!widget.validator().is_valid(&unknown));
        assert_eq!(widget.fields_at("/spec"), ["size"]);
        assert_eq!(
            widget.fields_at(""),
            ["apiVersion", "free", "kind", "metadata", "spec"]
        );
        assert!(
            schemas.get("example.com/v0", "Widget").is_none(),
            "not served"
        );
        assert_eq!(
            schemas.versions_of("example.com", "Widget"),
            ["example.com/v1"]
        );
    }

    #[test]
    fn openapi_keywords_read_as_the_api_server_reads_them() {
        let schemas = schemas(json!({
            "type": "object",
            "properties": {
                "port": {"x-kubernetes-int-or-string": true},
                "note": {"type": "string", "nullable": true},
                "ratio": {"type": "number", "minimum": 0, "exclusiveMinimum": true},
                "template": {"type": "object", "x-kubernetes-embedded-resource": true,
                    "x-kubernetes-preserve-unknown-fields": true}
            }
        }));
        let widget = schemas.get("example.com/v1", "Widget").unwrap();
        let check = |value: Value| widget.validator().is_valid(&value);
        assert!(check(json!({"port": 80})) && check(json!({"port": "http"})));
        assert!(check(json!({"note": null})));
        assert!(check(json!({"ratio": 0.5})) && !check(json!({"ratio": 0})));
        assert!(check(
            json!({"template": {"apiVersion": "v1", "kind": "Pod", "x": 1}})
        ));
    }

    #[test]
    fn metadata_is_object_meta_with_the_crd_s_name_constraints() {
        let schemas = schemas(json!({
            "type": "object",
            "properties": {
                "metadata": {"type": "object", "properties": {
                    "name": {"type": "string", "maxLength": 5},
                    "labels": {"type": "object"}
                }}
            }
        }));
        let widget = schemas.get("example.com/v1", "Widget").unwrap();
        let check = |metadata: Value| widget.validator().is_valid(&json!({"metadata": metadata}));
        assert!(check(
            json!({"name": "w", "namespace": "n", "labels": {"a": "b"},
            "annotations": {"x": "y"}, "ownerReferences": [{"apiVersion": "v1", "kind": "Pod",
            "name": "p", "uid": "u"}]})
        ));
        assert!(
            !check(json!({"name": "too-long"})),
            "the CRD's maxLength applies"
        );
        assert!(!check(json!({"lables": {}})), "not an ObjectMeta field");
        assert!(
            !check(json!({"labels": {"a": 1}})),
            "ObjectMeta's label values are strings"
        );
        assert!(widget.fields_at("/metadata").contains(&"ownerReferences"));
        assert!(
            widget
                .fields_at("/metadata/ownerReferences/0")
                .contains(&"uid")
        );
    }

    #[test]
    fn a_broken_crd_says_where() {
        let mut schemas = CustomSchemas::default();
        let mut broken = crd(json!({"type": "object"}));
        broken["spec"]["versions"][0]["schema"]["openAPIV3Schema"] = json!({"type": 7});
        let error = schemas.add(&broken, "crds.yaml").unwrap_err();
        assert_eq!(error.pointer, "/spec/versions/0/schema/openAPIV3Schema");
        assert!(
            error.message.contains("does not compile"),
            "{}",
            error.message
        );
        let mut nameless = crd(json!({}));
        nameless["spec"]["names"] = json!({});
        let error = schemas.add(&nameless, "crds.yaml").unwrap_err();
        assert_eq!(error.pointer, "/spec/names/kind");
    }
}
