use super::references::references;
use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};
use crate::lint::rules::networking::index::{Named, Scoped};
use crate::manifest::Object;

declare_rule! {
    /// ## What it does
    /// Flags a pod template that refers to a ConfigMap or Secret that is not in the set: through
    /// env `valueFrom` (`configMapKeyRef`, `secretKeyRef`), `envFrom` (`configMapRef`,
    /// `secretRef`), or a `configMap`, `secret` or `projected` volume. One finding per reference,
    /// at the referenced name. References marked `optional: true` are skipped.
    ///
    /// A Secret counts as in the set when an object of the set creates it: a cert-manager
    /// `Certificate` (`spec.secretName`), an `ExternalSecret` (`spec.target.name`, else its name) or
    /// a `SealedSecret` (its name).
    ///
    /// This is a note, not a warning: charts often expect a Secret to be created beforehand (by
    /// hand, or by another tool), and then the finding is the prerequisite to document. It is a
    /// warning when the set has an object of the same kind with a near-identical name (a typo, or
    /// a stale version suffix such as `-v2` when the chart makes `-v3`).
    ///
    /// ## Why
    /// A pod whose ConfigMap or Secret does not exist does not start: a missing env source stops the
    /// container with `CreateContainerConfigError`, a missing volume source keeps the pod in
    /// `ContainerCreating`. When the chart is meant to create the object, the name is usually wrong:
    /// a typo, a helper that builds the name differently, or an old version suffix.
    ///
    /// ## Example
    /// ```yaml
    /// kind: ConfigMap
    /// metadata: {name: journal-frontend-config-v3}
    /// ---
    /// kind: Deployment
    /// spec:
    ///   template:
    ///     spec:
    ///       volumes:
    ///         - name: config
    ///           configMap: {name: journal-frontend-config-v2}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///       volumes:
    ///         - name: config
    ///           configMap: {name: journal-frontend-config-v3}
    /// ```
    pub static RULE = Rule {
        id: "missing-config-reference",
        group: Group::Config,
        severity: Severity::Note,
        summary: "Pod template refers to a ConfigMap or Secret not in the set",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    let named = Named::new(context, &["ConfigMap", "Secret"]);
    let produced = produced_secrets(context);
    for pod in context.pod_templates() {
        for reference in references(&pod).into_iter().filter(|r| !r.optional) {
            let object = pod.object;
            if named.find(reference.kind, reference.name, object).is_some() {
                continue;
            }
            if reference.kind == "Secret" && produced.get(reference.name, object).next().is_some() {
                continue;
            }
            let verb = if reference.via.contains("volume") {
                "mounts"
            } else {
                "reads"
            };
            let effect = if reference.via.contains("volume") {
                "the pod stays in ContainerCreating until it exists"
            } else {
                "the container fails with CreateContainerConfigError until it exists"
            };
            let finding = findings
                .add(
                    object,
                    reference.pointer.clone(),
                    format!(
                        "{} {verb} {} `{}`, which is not in the set",
                        reference.via, reference.kind, reference.name
                    ),
                )
                .on_value()
                .note(format!(
                    "{effect}; it may be created outside the chart (by hand, or by another release or tool)"
                ));
            if let Some(other) = named.elsewhere(reference.kind, reference.name, object) {
                finding.note(format!(
                    "{} is in another namespace: pods read ConfigMaps and Secrets of their own namespace only",
                    other.display()
                ));
            }
            match named.similar(reference.kind, reference.name, object) {
                // A near miss of an object the chart does make is most likely a typo or a
                // stale version suffix, not an object made elsewhere.
                Some(similar) => finding
                    .severity(Severity::Warning)
                    .note(format!(
                        "the set has {} `{similar}`, a near miss of this name",
                        reference.kind
                    ))
                    .help(format!("did you mean `{similar}`?")),
                None => finding.help(
                    "if the chart should create it, check the name; if it is created outside the \
                     chart, document it as a prerequisite (or mark the reference `optional: true` \
                     if the pod can run without it)",
                ),
            };
        }
    }
}

/// Secrets that objects of the set create, by input and name: cert-manager Certificates,
/// ExternalSecrets and SealedSecrets.
fn produced_secrets<'a>(context: &Context<'a>) -> Scoped<'a> {
    let mut produced = Scoped::default();
    let mut add = |object: &'a Object, name: Option<&'a str>| {
        if let Some(name) = name.filter(|n| !n.is_empty()) {
            produced.insert(name, object);
        }
    };
    for object in context.of_kind("Certificate") {
        add(object, object.json["spec"]["secretName"].as_str());
    }
    for object in context.of_kind("ExternalSecret") {
        add(
            object,
            object.json["spec"]["target"]["name"]
                .as_str()
                .or(Some(object.name.as_str())),
        );
    }
    for object in context.of_kind("SealedSecret") {
        add(
            object,
            object.json["spec"]["template"]["metadata"]["name"]
                .as_str()
                .or(Some(object.name.as_str())),
        );
    }
    produced
}
