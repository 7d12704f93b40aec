use serde_json::Value;

use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags fields that the API server writes and a chart should not: `metadata.uid`,
    /// `metadata.resourceVersion`, `metadata.creationTimestamp`, `metadata.selfLink`,
    /// `metadata.generation`, `metadata.managedFields`, and a top-level `status` with something in
    /// it. One finding per field.
    ///
    /// Empty values are harmless and left alone: `creationTimestamp: null` (which Helm charts often
    /// render), `status: {}`, and a `status` whose members are all empty, like the
    /// `status: {acceptedNames: {kind: "", plural: ""}, conditions: [], storedVersions: []}` that
    /// older controller-gen versions write into CRDs.
    ///
    /// ## Why
    /// These fields come from pasting `kubectl get -o yaml` output into a template. They describe
    /// one object in one cluster at one moment: the API server refuses a copied `resourceVersion`
    /// or `uid`, server-side apply rejects `managedFields`, and the rest is ignored while it
    /// misleads readers about what the chart sets.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   name: api
    ///   uid: 3f1c2a9e-8d1b-4c55-9a41-0b6f1e2d7c10
    ///   resourceVersion: "48213"
    ///   creationTimestamp: "2024-05-02T09:14:27Z"
    /// status:
    ///   availableReplicas: 2
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// metadata:
    ///   name: api
    /// ```
    pub static RULE = Rule {
        id: "server-populated-field",
        group: Group::Hygiene,
        severity: Severity::Error,
        summary: "Object sets a field the API server populates (uid, resourceVersion, status, …)",
        check,
    }
}

/// The metadata fields the API server writes, with what a copied value does.
const FIELDS: &[(&str, &str)] = &[
    (
        "uid",
        "the API server refuses updates that carry a uid other than the live object's",
    ),
    (
        "resourceVersion",
        "the API server refuses to create an object that sets it, and refuses updates whose \
         resourceVersion is not the live one",
    ),
    ("creationTimestamp", "the API server ignores the value"),
    (
        "selfLink",
        "the API server no longer sets it and ignores the value",
    ),
    ("generation", "the API server ignores the value"),
    (
        "managedFields",
        "server-side apply rejects a manifest that sets it",
    ),
];

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    for object in context.objects {
        for &(field, effect) in FIELDS {
            if empty(&object.json["metadata"][field]) {
                continue;
            }
            findings
                .add(
                    object,
                    format!("/metadata/{field}"),
                    format!(
                        "`metadata.{field}` of {} `{}` is set by the API server, not by a chart",
                        object.kind, object.name
                    ),
                )
                .note(effect)
                .help(format!(
                    "remove `{field}`; it was probably copied from `kubectl get -o yaml`"
                ));
        }
        if !empty(&object.json["status"]) {
            findings
                .add(
                    object,
                    "/status",
                    format!(
                        "`status` of {} `{}` is written by the cluster, not by a chart",
                        object.kind, object.name
                    ),
                )
                .note("the API server ignores or overwrites it; it only misleads readers")
                .help("remove `status`; it was probably copied from `kubectl get -o yaml`");
        }
    }
}

/// Null, an empty string, or a list or map with nothing but empty members.
fn empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(items) => items.iter().all(empty),
        Value::Object(members) => members.values().all(empty),
        Value::Bool(_) | Value::Number(_) => false,
    }
}
