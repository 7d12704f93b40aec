use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags objects that set `metadata.namespace: default` explicitly.
    ///
    /// In a Helm render this cannot be told apart from `namespace: {{ .Release.Namespace }}`
    /// rendered into the `default` namespace (which is where `helm template`, and `chartcheck lint`
    /// unless told `-n`, render), the way most charts should write it. So objects rendered from a
    /// chart template (those under a `# Source:` comment) are left alone; hand-written manifests
    /// are checked.
    ///
    /// ## Why
    /// A hard-coded `default` namespace ignores where the user installs the release: `helm install
    /// -n shop` puts everything else into `shop` and this object into `default`, where the rest of
    /// the release does not look for it, and two releases of the chart in different namespaces
    /// clash over it. The `default` namespace is also where clusters put whatever has no home, so
    /// policies and quotas are rarely set up for it.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   name: api
    ///   namespace: default
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// metadata:
    ///   name: api
    ///   namespace: {{ .Release.Namespace }}   # or no namespace at all
    /// ```
    pub static RULE = Rule {
        id: "default-namespace",
        group: Group::Hygiene,
        severity: Severity::Warning,
        summary: "Object hard-codes the `default` namespace",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    for object in context.objects {
        // A render's `default` may be the release namespace; see the docs.
        if object.namespace != "default" || object.template.is_some() {
            continue;
        }
        findings
            .add(
                object,
                "/metadata/namespace",
                format!(
                    "{} `{}` is placed in the `default` namespace explicitly",
                    object.kind, object.name
                ),
            )
            .on_value()
            .help(
                "leave metadata.namespace out, or set it to {{ .Release.Namespace }}, so the \
                 object goes where the release is installed",
            );
    }
}
