use std::collections::HashMap;

use serde_json::Value;

use super::index::{line, plain};
use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an Ingress path listed after a less specific path that covers it, within one host
    /// (all rules of the Ingress with the same `host`, taken together): `/` before `/api`, or `/api`
    /// before `/api/v1`. A `Prefix` path covers another when its path segments are a prefix of the
    /// other's (`/api` covers `/api/v1`, not `/apis`; `/api/` is the same prefix as `/api`); an
    /// `ImplementationSpecific` path (also an Ingress path with no `pathType`) covers any path that
    /// starts with its text. An `Exact` path never covers another, but an `Exact` path is more
    /// specific than a `Prefix` or `ImplementationSpecific` path of the same text. Nothing is
    /// reported when both paths send traffic to the same backend.
    ///
    /// The finding points at the later, shadowed path and names the earlier one and its line. It
    /// is a warning when both paths are `Prefix` (or `Exact`), and an error when either is
    /// `ImplementationSpecific`.
    ///
    /// ## Why
    /// The Kubernetes Ingress spec says the longest matching `Prefix` path wins and `Exact` beats
    /// `Prefix`, whatever the order, so a conforming controller routes `/api/users` to `/api`'s
    /// backend even when `/` is listed first. Not every controller works that way: some cloud load
    /// balancers turn paths into rules evaluated in listed order, and controllers configured for
    /// regular-expression or first-match routing try paths in order too. There the earlier `/`
    /// takes every request and `/api` is never reached. Listing specific paths first is correct for
    /// every controller, so the order is worth fixing even where it happens to work (a warning).
    ///
    /// For `ImplementationSpecific` the spec promises nothing: matching is up to the controller,
    /// and order often decides (an error).
    ///
    /// ## Example
    /// ```yaml
    /// rules:
    ///   - host: journal.example.com
    ///     http:
    ///       paths:
    ///         - {path: /, pathType: Prefix, backend: {service: {name: files, port: {number: 80}}}}
    ///         - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 8080}}}}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// rules:
    ///   - host: journal.example.com
    ///     http:
    ///       paths:
    ///         - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 8080}}}}
    ///         - {path: /, pathType: Prefix, backend: {service: {name: files, port: {number: 80}}}}
    /// ```
    pub static RULE = Rule {
        id: "ingress-path-order",
        group: Group::Networking,
        severity: Severity::Warning,
        summary: "Ingress path listed after a less specific path that covers it",
        check,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PathType {
    Exact,
    Prefix,
    ImplementationSpecific,
}

impl PathType {
    fn name(self) -> &'static str {
        match self {
            PathType::Exact => "Exact",
            PathType::Prefix => "Prefix",
            PathType::ImplementationSpecific => "ImplementationSpecific",
        }
    }
}

struct IngressPath<'j> {
    pointer: String,
    path: &'j str,
    path_type: PathType,
    /// False when the path has no `pathType` (ImplementationSpecific by default).
    typed: bool,
    /// What the path routes to, for display and to tell whether two paths differ.
    backend: Option<String>,
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    for ingress in context.of_kind("Ingress") {
        // Paths by host, in listed order across the rules.
        let mut hosts: Vec<(&str, Vec<IngressPath>)> = Vec::new();
        let mut host_index: HashMap<&str, usize> = HashMap::new();
        for (r, rule) in ingress.json["spec"]["rules"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            let host = rule["host"].as_str().unwrap_or("");
            let at = *host_index.entry(host).or_insert_with(|| {
                hosts.push((host, Vec::new()));
                hosts.len() - 1
            });
            for (p, path) in rule["http"]["paths"]
                .as_array()
                .into_iter()
                .flatten()
                .enumerate()
            {
                let Some(text) = path["path"].as_str() else {
                    continue;
                };
                let path_type = match path["pathType"].as_str() {
                    Some("Exact") => PathType::Exact,
                    Some("Prefix") => PathType::Prefix,
                    Some("ImplementationSpecific") | None => PathType::ImplementationSpecific,
                    Some(_) => continue,
                };
                hosts[at].1.push(IngressPath {
                    pointer: format!("/spec/rules/{r}/http/paths/{p}/path"),
                    path: text,
                    path_type,
                    typed: !path["pathType"].is_null(),
                    backend: backend(&path["backend"]),
                });
            }
        }
        for (host, paths) in &hosts {
            for (i, later) in paths.iter().enumerate() {
                // The first earlier path that covers this one takes its requests where paths are
                // matched in order; when it routes to the same backend nothing is lost.
                let covering: Vec<&IngressPath> =
                    paths[..i].iter().filter(|e| covers(e, later)).collect();
                let Some(&earlier) = covering.first() else {
                    continue;
                };
                if earlier.backend == later.backend {
                    continue;
                }
                let specific = [earlier.path_type, later.path_type]
                    .contains(&PathType::ImplementationSpecific);
                let within = if host.is_empty() {
                    "the rules without a host".to_owned()
                } else {
                    format!("host `{host}`")
                };
                let finding = findings
                    .add(
                        ingress,
                        later.pointer.clone(),
                        format!(
                            "path `{}` of Ingress `{}` ({within}) is listed after `{}`, which covers it",
                            later.path, ingress.name, earlier.path
                        ),
                    )
                    .on_value()
                    .severity(if specific {
                        Severity::Error
                    } else {
                        Severity::Warning
                    })
                    .note(format!(
                        "`{}` ({}) at line {} matches every request that `{}` ({}) matches{}",
                        earlier.path,
                        earlier.type_text(),
                        line(ingress, &earlier.pointer),
                        later.path,
                        later.type_text(),
                        match (&earlier.backend, &later.backend) {
                            (Some(e), Some(l)) => format!("; it routes them to {e}, not {l}"),
                            _ => String::new(),
                        }
                    ));
                if specific {
                    finding.note(
                        "with pathType ImplementationSpecific the controller decides how paths \
                         match, and many try them in listed order: the earlier path takes these \
                         requests",
                    );
                } else {
                    finding.note(
                        "the Kubernetes spec gives the longest matching Prefix path (and an Exact \
                         path) precedence, so conforming controllers route this right; \
                         controllers that match in listed order (some cloud load balancers, \
                         regex or first-match configurations) send these requests to the \
                         earlier path",
                    );
                }
                let before: Vec<String> =
                    covering.iter().map(|e| format!("`{}`", e.path)).collect();
                finding.help(format!(
                    "list `{}` before {}: more specific paths first",
                    later.path,
                    before.join(", ")
                ));
            }
        }
    }
}

impl IngressPath<'_> {
    fn type_text(&self) -> String {
        if self.typed {
            format!("pathType {}", self.path_type.name())
        } else {
            "no pathType: ImplementationSpecific".to_owned()
        }
    }
}

/// True when `earlier` matches every request `later` matches and `later` is more specific.
fn covers(earlier: &IngressPath, later: &IngressPath) -> bool {
    let exact_beats = later.path_type == PathType::Exact && earlier.path_type != PathType::Exact;
    match earlier.path_type {
        PathType::Exact => false,
        PathType::Prefix => {
            let outer = segments(earlier.path);
            let inner = segments(later.path);
            inner.len() >= outer.len()
                && inner[..outer.len()] == outer[..]
                && (inner.len() > outer.len() || exact_beats)
        }
        PathType::ImplementationSpecific => {
            later.path.starts_with(earlier.path)
                && (later.path.len() > earlier.path.len() || exact_beats)
        }
    }
}

/// A path's segments: `/api/v1/` is `["api", "v1"]`, `/` is `[]`.
fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

/// What a backend routes to: `Service `name:port`` or a resource, for v1 and v1beta1 Ingresses.
fn backend(backend: &Value) -> Option<String> {
    let service = &backend["service"];
    if let Some(name) = service["name"].as_str() {
        let port = service["port"]["number"]
            .as_u64()
            .map(|n| n.to_string())
            .or_else(|| service["port"]["name"].as_str().map(str::to_owned))
            .unwrap_or_default();
        return Some(format!("Service `{name}:{port}`"));
    }
    if let Some(name) = backend["serviceName"].as_str() {
        return Some(format!(
            "Service `{name}:{}`",
            plain(&backend["servicePort"])
        ));
    }
    let resource = &backend["resource"];
    resource["name"].as_str().map(|name| {
        format!(
            "{} `{name}`",
            resource["kind"].as_str().unwrap_or("resource")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::{IngressPath, PathType, covers};

    fn path(path: &str, path_type: PathType) -> IngressPath<'_> {
        IngressPath {
            pointer: String::new(),
            path,
            path_type,
            typed: true,
            backend: None,
        }
    }

    #[test]
    fn coverage() {
        use PathType::*;
        assert!(covers(&path("/", Prefix), &path("/api", Prefix)));
        assert!(covers(&path("/api", Prefix), &path("/api/v1", Prefix)));
        assert!(covers(&path("/api/", Prefix), &path("/api/v1", Prefix)));
        assert!(!covers(&path("/api", Prefix), &path("/apis", Prefix)));
        assert!(!covers(&path("/api", Prefix), &path("/api/", Prefix)));
        assert!(covers(&path("/api", Prefix), &path("/api", Exact)));
        assert!(!covers(&path("/api", Exact), &path("/api/v1", Prefix)));
        assert!(covers(
            &path("/api", ImplementationSpecific),
            &path("/apis", Prefix)
        ));
        assert!(!covers(
            &path("/api", ImplementationSpecific),
            &path("/api", ImplementationSpecific)
        ));
    }
}
