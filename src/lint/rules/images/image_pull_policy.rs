use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};
use crate::lint::rules::security::container_label;

use super::latest_tag::tag;

declare_rule! {
    /// ## What it does
    /// Flags containers whose `imagePullPolicy` lets a node run a stale or missing image:
    /// - a floating image (tag `latest` or no tag, and no digest) with an explicit
    ///   `imagePullPolicy` other than `Always`. Left out, the policy defaults to `Always` for such
    ///   images, which is fine;
    /// - `imagePullPolicy: Never`, for any image.
    ///
    /// Checks every container, init container and ephemeral container of every pod-bearing kind.
    ///
    /// ## Why
    /// With `IfNotPresent`, a node that once pulled `app:latest` keeps starting that copy after a
    /// new `latest` is pushed, so different nodes run different code under one tag, and a restart
    /// does not pick up a fix. With `Never`, the pod starts only on nodes where someone loaded the
    /// image by hand; on any other node it fails with `ErrImageNeverPull`.
    ///
    /// ## Example
    /// ```yaml
    /// containers:
    ///   - name: api
    ///     image: ghcr.io/acme/api:latest
    ///     imagePullPolicy: IfNotPresent
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// containers:
    ///   - name: api
    ///     image: ghcr.io/acme/api:1.4.2   # pinned: IfNotPresent is then safe
    ///     imagePullPolicy: IfNotPresent
    /// ```
    pub static RULE = Rule {
        id: "image-pull-policy",
        group: Group::Images,
        severity: Severity::Warning,
        summary: "Floating image not pulled `Always`, or `imagePullPolicy: Never`",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    for pod in context.pod_templates() {
        for container in pod.containers() {
            let Some(policy) = container.json["imagePullPolicy"]
                .as_str()
                .filter(|p| !p.is_empty())
            else {
                continue; // defaults to Always for floating images, IfNotPresent otherwise
            };
            let image = container.json["image"].as_str().unwrap_or("");
            let floating = !image.is_empty()
                && !image.contains('@')
                && matches!(tag(image), None | Some("latest"));
            let label = container_label(&container);
            let pointer = container.at("imagePullPolicy");
            if policy == "Never" {
                let finding = findings
                    .add(
                        pod.object,
                        pointer,
                        format!(
                            "{label} has `imagePullPolicy: Never`: it starts only on nodes that \
                             already have {}",
                            if image.is_empty() {
                                "its image".to_owned()
                            } else {
                                format!("`{image}`")
                            }
                        ),
                    )
                    .on_value()
                    .help("use `IfNotPresent` with a pinned tag or digest, or `Always`");
                if floating {
                    finding.note(format!(
                        "`{image}` is floating, so each node runs whichever copy it was given"
                    ));
                }
            } else if floating && policy != "Always" {
                findings
                    .add(
                        pod.object,
                        pointer,
                        format!(
                            "{label} pulls the floating image `{image}` with `imagePullPolicy: \
                             {policy}`: a node that has an older copy keeps running it"
                        ),
                    )
                    .on_value()
                    .help(
                        "pin a version tag or digest, or set `imagePullPolicy: Always` (or leave \
                         it out: it then defaults to Always for this image)",
                    );
            }
        }
    }
}
