use std::collections::HashMap;

use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};
use crate::manifest::Object;

declare_rule! {
    /// ## What it does
    /// Flags an object that has the same API group, kind, namespace and name as an earlier object
    /// of the same render (or of the files linted together): the second one, and every later one,
    /// with a note saying where the first is. The version does not matter (`apps/v1` and
    /// `apps/v1beta2` name the same object); the group does (`networking.k8s.io` and `extensions`
    /// Ingresses are told apart). Cluster-scoped kinds (ClusterRole, Namespace,
    /// CustomResourceDefinition, …) clash whatever namespace they say.
    ///
    /// ## Why
    /// The cluster holds one object under each name. Two templates that render the same one fight:
    /// the install fails, or the later one silently replaces the first, and which one wins depends
    /// on the order Helm happens to apply them in. Usually a template was copied and not renamed,
    /// or a name helper gives two components the same name.
    ///
    /// ## Example
    /// ```yaml
    /// kind: ConfigMap
    /// metadata:
    ///   name: app-config
    /// ---
    /// kind: ConfigMap
    /// metadata:
    ///   name: app-config
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: ConfigMap
    /// metadata:
    ///   name: app-config
    /// ---
    /// kind: ConfigMap
    /// metadata:
    ///   name: app-worker-config
    /// ```
    pub static RULE = Rule {
        id: "duplicate-object",
        group: Group::Hygiene,
        severity: Severity::Error,
        summary: "Two objects with the same group, kind, namespace and name",
        check,
    }
}

/// Built-in kinds that have no namespace; `metadata.namespace` on them means nothing.
const CLUSTER_SCOPED: &[&str] = &[
    "APIService",
    "CSIDriver",
    "CSINode",
    "CertificateSigningRequest",
    "ClusterRole",
    "ClusterRoleBinding",
    "CustomResourceDefinition",
    "FlowSchema",
    "IngressClass",
    "MutatingAdmissionPolicy",
    "MutatingAdmissionPolicyBinding",
    "MutatingWebhookConfiguration",
    "Namespace",
    "Node",
    "PersistentVolume",
    "PriorityClass",
    "PriorityLevelConfiguration",
    "RuntimeClass",
    "StorageClass",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "ValidatingWebhookConfiguration",
    "VolumeAttachment",
];

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    // Each object's identity, and the objects of each identity in input order.
    let mut same: HashMap<(&str, &str, &str, &str), Vec<&Object>> = HashMap::new();
    let mut keys = Vec::new();
    for object in context.objects {
        let group = object
            .api_version
            .split_once('/')
            .map_or("", |(group, _)| group);
        let namespace = if CLUSTER_SCOPED.contains(&object.kind.as_str()) {
            ""
        } else {
            object.namespace.as_str()
        };
        let key = (group, object.kind.as_str(), namespace, object.name.as_str());
        same.entry(key).or_default().push(object);
        keys.push(key);
    }
    for (object, key) in context.objects.iter().zip(keys) {
        let all = &same[&key];
        let Some(index) = all.iter().position(|o| std::ptr::eq(*o, object)) else {
            continue;
        };
        if index == 0 {
            continue;
        }
        let earlier = all[0];
        let line = earlier.line();
        let mut place = if earlier.input == object.input {
            format!("the first is at line {line}")
        } else {
            format!("the first is in another file linted with this one, at line {line}")
        };
        if let Some(template) = &earlier.template {
            place.push_str(&format!(", rendered from {template}"));
        }
        findings
            .add(
                object,
                "/metadata/name",
                format!(
                    "{} `{}` is defined {} times with the same API group, kind, namespace and \
                     name; this is definition {}",
                    object.kind,
                    object.name,
                    all.len(),
                    index + 1
                ),
            )
            .on_value()
            .note(place)
            .help("rename one of them, or render only one");
    }
}
