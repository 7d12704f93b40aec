use std::collections::HashSet;

use crate::diagnostic::Severity;
use crate::kube::group_of;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};

declare_rule! {
    /// ## What it does
    /// Says, once per apiVersion and kind, which objects the `schema` rules could not check: custom
    /// resources (cert-manager's Certificate, a Prometheus ServiceMonitor, …) whose
    /// CustomResourceDefinition chartcheck was not given. A CRD in the linted objects, in the
    /// chart's `crds/` directory, in a `--crds` file or in the config's `crds:` list gives the
    /// schema, and the custom resources are then checked like Kubernetes' own.
    ///
    /// ## Why
    /// A clean report should not read as "every field was checked" when some objects were not: this
    /// note makes the gap visible. Best-practice rules still run on these objects.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: cert-manager.io/v1
    /// kind: Certificate
    /// ```
    ///
    /// ## Use instead
    /// Give the CRD: `chartcheck lint --crds crds/cert-manager.crds.yaml`, or in
    /// `.chartcheck.yaml`:
    /// ```yaml
    /// crds: [crds/cert-manager.crds.yaml]
    /// ```
    /// Or ignore the rule (`ignore: [unchecked-kind]`) once you know which custom resources the
    /// chart has.
    pub static RULE = Rule {
        id: "unchecked-kind",
        group: Group::Schema,
        severity: Severity::Note,
        summary: "Custom resource kind without a schema: its fields are not checked",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    let mut seen = HashSet::new();
    for object in context.objects {
        let group = group_of(&object.api_version);
        if context.kube.serves_group(group)
            || !context.crds.versions_of(group, &object.kind).is_empty()
            || !seen.insert((object.api_version.as_str(), object.kind.as_str()))
        {
            continue;
        }
        let count = context
            .of_kind(&object.kind)
            .filter(|o| o.api_version == object.api_version)
            .count();
        findings
            .add(
                object,
                "/kind",
                format!(
                    "{} {} is not a Kubernetes kind: its fields are not checked",
                    object.api_version, object.kind
                ),
            )
            .on_value()
            .note(format!(
                "{} of this kind in the set; the best-practice rules still ran on them",
                crate::report::counted(count, "object")
            ))
            .help("give its CustomResourceDefinition with `--crds FILE` to check its fields");
    }
}
