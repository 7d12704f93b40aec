use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags container images with a floating tag: `latest`, or no tag at all (which means
    /// `latest`). A digest (`@sha256:…`) pins an image whatever its tag says. A registry port is
    /// not a tag: `registry:5000/app` has none.
    ///
    /// Checks every container, init container and ephemeral container of every pod-bearing kind.
    ///
    /// ## Why
    /// A floating tag names a different image whenever someone pushes. Two nodes can run different
    /// code under one Deployment, a rollback does not bring the old code back, and what was tested
    /// is not what runs.
    ///
    /// ## Example
    /// ```yaml
    /// containers:
    ///   - name: api
    ///     image: ghcr.io/acme/api:latest
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// containers:
    ///   - name: api
    ///     image: ghcr.io/acme/api:1.4.2   # or ghcr.io/acme/api@sha256:…
    /// ```
    pub static RULE = Rule {
        id: "latest-tag",
        group: Group::Images,
        severity: Severity::Error,
        summary: "Container image uses the `latest` tag or no tag",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    for pod in context.pod_templates() {
        for container in pod.containers() {
            let Some(image) = container.json["image"].as_str() else {
                continue;
            };
            let problem = match tag(image) {
                _ if image.contains('@') => continue,
                Some("latest") => "uses the floating tag `latest`",
                None => "has no tag, which means `latest`",
                Some(_) => continue,
            };
            let message = format!(
                "image `{image}` of container `{}` {problem}",
                container.name()
            );
            let finding = findings.add(pod.object, container.at("image"), message);
            if let Some(tag) = tag(image) {
                finding.culprit(tag);
            }
            finding
                .on_value()
                .help("pin a version tag, or a digest (`@sha256:…`)");
        }
    }
}

/// The tag of an image reference: after the last `:` of the last path component.
pub(crate) fn tag(image: &str) -> Option<&str> {
    let name = image.split('@').next().unwrap_or(image);
    let last = name.rsplit('/').next().unwrap_or(name);
    last.split_once(':').map(|(_, tag)| tag)
}

#[cfg(test)]
mod tests {
    use super::tag;

    #[test]
    fn tags() {
        assert_eq!(tag("redis"), None);
        assert_eq!(tag("redis:7"), Some("7"));
        assert_eq!(tag("registry:5000/app"), None);
        assert_eq!(tag("registry:5000/app:latest"), Some("latest"));
        assert_eq!(tag("app@sha256:abc"), None);
    }
}
