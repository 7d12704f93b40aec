use serde_json::Value;

use crate::diagnostic::Severity;
use crate::lint::context::{Context, label_selector_matches};
use crate::lint::rule::{Findings, Group, declare_rule};
use crate::yaml::escape_token;

declare_rule! {
    /// ## What it does
    /// Flags Deployments, StatefulSets, DaemonSets, ReplicaSets and Jobs whose `spec.selector`
    /// does not select their own pod template: a `matchLabels` pair the template's labels lack or
    /// contradict, or a `matchExpressions` requirement they fail. For the `apps/v1` kinds it also
    /// flags a selector that is missing or empty, which that API requires.
    ///
    /// Jobs normally leave `selector` out (Kubernetes generates it); one that is set is checked.
    ///
    /// ## Why
    /// The API server rejects such an object (`selector does not match template labels`, or
    /// `empty selector is invalid`), so the install or upgrade fails. It usually happens when the
    /// labels of a template and its selector come from different helpers, or a label was added to
    /// one and not the other.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   selector:
    ///     matchLabels: {app.kubernetes.io/name: api, app.kubernetes.io/component: server}
    ///   template:
    ///     metadata:
    ///       labels: {app.kubernetes.io/name: api}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   selector:
    ///     matchLabels: {app.kubernetes.io/name: api, app.kubernetes.io/component: server}
    ///   template:
    ///     metadata:
    ///       labels: {app.kubernetes.io/name: api, app.kubernetes.io/component: server}
    /// ```
    pub static RULE = Rule {
        id: "selector-mismatch",
        group: Group::Hygiene,
        severity: Severity::Error,
        summary: "Workload selector does not match its pod template's labels, or is missing",
        check,
    }
}

const KINDS: &[&str] = &[
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "Job",
];

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    for object in KINDS.iter().flat_map(|kind| context.of_kind(kind)) {
        let (kind, name) = (&object.kind, &object.name);
        let selector = &object.json["spec"]["selector"];
        let labels = &object.json["spec"]["template"]["metadata"]["labels"];
        let match_labels = selector["matchLabels"].as_object();
        let expressions = selector["matchExpressions"].as_array();
        let empty =
            match_labels.is_none_or(|m| m.is_empty()) && expressions.is_none_or(|e| e.is_empty());
        if empty {
            if object.api_version == "apps/v1" {
                let what = if selector.is_null() {
                    "no spec.selector"
                } else {
                    "an empty spec.selector"
                };
                findings
                    .add(
                        object,
                        "/spec/selector",
                        format!(
                            "{kind} `{name}` has {what}; {} requires one that selects its pods",
                            object.api_version
                        ),
                    )
                    .help(
                        "set spec.selector.matchLabels to labels of the pod template, e.g. \
                         app.kubernetes.io/name and app.kubernetes.io/instance",
                    );
            }
            continue;
        }
        if label_selector_matches(selector, labels) {
            continue;
        }
        // What fails, in the selector's order; the finding points at the first.
        let mut failing: Vec<(String, String)> = Vec::new();
        for (key, want) in match_labels.into_iter().flatten() {
            if labels.get(key) == Some(want) {
                continue;
            }
            let requirement = format!("`{key}: {}`", plain(want));
            failing.push((
                format!("/spec/selector/matchLabels/{}", escape_token(key)),
                requirement,
            ));
        }
        for (i, expression) in expressions.into_iter().flatten().enumerate() {
            let alone = serde_json::json!({"matchExpressions": [expression]});
            if label_selector_matches(&alone, labels) {
                continue;
            }
            let key = expression["key"].as_str().unwrap_or("");
            let operator = expression["operator"].as_str().unwrap_or("");
            let values: Vec<String> = expression["values"]
                .as_array()
                .into_iter()
                .flatten()
                .map(plain)
                .collect();
            let requirement = if values.is_empty() {
                format!("`{key} {operator}`")
            } else {
                format!("`{key} {operator} ({})`", values.join(", "))
            };
            failing.push((format!("/spec/selector/matchExpressions/{i}"), requirement));
        }
        let Some((pointer, _)) = failing.first() else {
            continue;
        };
        let requirements: Vec<&str> = failing.iter().map(|(_, r)| r.as_str()).collect();
        let template_labels = match labels.as_object() {
            Some(l) if !l.is_empty() => {
                let pairs: Vec<String> = l
                    .iter()
                    .map(|(k, v)| format!("`{k}: {}`", plain(v)))
                    .collect();
                format!("the pod template's labels are {}", pairs.join(", "))
            }
            _ => "the pod template has no labels".to_owned(),
        };
        findings
            .add(
                object,
                pointer.clone(),
                format!(
                    "the selector of {kind} `{name}` does not match its pod template: it requires {}",
                    requirements.join(" and ")
                ),
            )
            .note(template_labels)
            .note("the API server rejects a workload whose selector does not select its own pods")
            .help("make spec.selector and spec.template.metadata.labels agree");
    }
}

fn plain(value: &Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_owned)
}
