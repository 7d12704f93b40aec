use serde_json::Value;

use super::index::{Named, plain};
use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};
use crate::manifest::Object;

declare_rule! {
    /// ## What it does
    /// Checks every Service backend of an Ingress (each path of each rule, and the default
    /// backend; `networking.k8s.io/v1` and the older `v1beta1` shape) against the Services in the
    /// set:
    /// - a port, by number or by name, that the Service does not expose is an error: the backend
    ///   can never work;
    /// - a Service that is not in the set is a warning: it may be created outside the chart (by
    ///   another release or by hand), but more often it is a misspelt or renamed Service.
    ///
    /// The port is the Service's `port` (or its `name`), not the container's `targetPort`.
    /// ExternalName Services without ports and `resource` backends are not checked.
    ///
    /// ## Why
    /// An Ingress backend that names a missing Service or port is accepted by the API server and
    /// then answers every request with 503 (or the controller's default backend), with at most an
    /// event on the Ingress to say why. A Service port renamed in one template but not in the
    /// Ingress is the usual cause.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Service
    /// metadata: {name: journal-frontend}
    /// spec:
    ///   ports: [{name: http, port: 80, targetPort: 8080}]
    /// ---
    /// kind: Ingress
    /// spec:
    ///   rules:
    ///     - http:
    ///         paths:
    ///           - path: /api
    ///             pathType: Prefix
    ///             backend: {service: {name: journal-frontend, port: {number: 8080}}}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///             backend: {service: {name: journal-frontend, port: {name: http}}}
    /// ```
    pub static RULE = Rule {
        id: "ingress-backend-missing",
        group: Group::Networking,
        severity: Severity::Error,
        summary: "Ingress backend names a Service or Service port not in the set",
        check,
    }
}

/// One Service backend: where its fields are, and what they say.
struct Backend<'j> {
    /// What routes here, for messages: "path `/api` (host `a.example`)", "unmatched requests
    /// (the default backend)".
    route: String,
    name_pointer: String,
    name: &'j str,
    port_pointer: String,
    port: &'j Value,
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    let services = Named::new(context, &["Service"]);
    for ingress in context.of_kind("Ingress") {
        for backend in backends(ingress) {
            let Some(service) = services.find("Service", backend.name, ingress) else {
                let finding = findings
                    .add(
                        ingress,
                        backend.name_pointer.clone(),
                        format!(
                            "Ingress `{}` routes {} to Service `{}`, which is not in the set",
                            ingress.name, backend.route, backend.name
                        ),
                    )
                    .on_value()
                    .severity(Severity::Warning)
                    .note(
                        "it may be created outside the chart (another release, or by hand); if \
                         so, ignore this rule for this Ingress with a reason",
                    );
                if let Some(other) = services.elsewhere("Service", backend.name, ingress) {
                    finding.note(format!(
                        "{} is in another namespace: an Ingress routes to Services of its own namespace only",
                        other.display()
                    ));
                }
                match services.similar("Service", backend.name, ingress) {
                    Some(similar) => finding.help(format!("did you mean `{similar}`?")),
                    None => finding.help("check the Service name against the chart's Services"),
                };
                continue;
            };
            let spec = &service.json["spec"];
            let ports: Vec<&Value> = spec["ports"].as_array().into_iter().flatten().collect();
            if ports.is_empty() && spec["type"].as_str() == Some("ExternalName") {
                continue;
            }
            let (by_number, by_name) = match backend.port {
                Value::Number(n) => (n.as_u64(), None),
                Value::String(s) => (s.parse::<u64>().ok(), Some(s.as_str())),
                _ => continue,
            };
            let exposed = ports.iter().any(|p| {
                by_number.is_some_and(|n| p["port"].as_u64() == Some(n))
                    || by_name.is_some_and(|name| p["name"].as_str() == Some(name))
            });
            if exposed {
                continue;
            }
            let what = match (by_number, by_name) {
                (Some(n), _) => format!("port {n}"),
                (None, Some(name)) => format!("port `{name}`"),
                (None, None) => continue,
            };
            let listed: Vec<String> = ports
                .iter()
                .map(|p| match p["name"].as_str() {
                    Some(name) => format!("{} ({name})", plain(&p["port"])),
                    None => plain(&p["port"]),
                })
                .collect();
            let finding = findings
                .add(
                    ingress,
                    backend.port_pointer.clone(),
                    format!(
                        "Ingress `{}` routes {} to {what} of Service `{}`, which does not expose it",
                        ingress.name, backend.route, backend.name
                    ),
                )
                .on_value()
                .note(if listed.is_empty() {
                    format!("Service `{}` exposes no ports", service.name)
                } else {
                    format!(
                        "Service `{}` exposes {}",
                        service.name,
                        listed.join(", ")
                    )
                });
            if let Some(n) = by_number
                && let Some(p) = ports.iter().find(|p| p["targetPort"].as_u64() == Some(n))
            {
                finding.note(format!(
                    "{n} is the targetPort of its port {}: an Ingress names the Service's port, not the container's",
                    plain(&p["port"])
                ));
            }
            finding.help("use one of the Service's ports, by its `port` number or its `name`");
        }
    }
}

/// Every Service backend of an Ingress, v1 (`service.name`, `service.port.number|name`) and
/// v1beta1 (`serviceName`, `servicePort`).
fn backends(ingress: &Object) -> Vec<Backend<'_>> {
    let spec = &ingress.json["spec"];
    let mut found = Vec::new();
    for field in ["defaultBackend", "backend"] {
        push(
            &mut found,
            &spec[field],
            format!("/spec/{field}"),
            "unmatched requests (the default backend)".to_owned(),
        );
    }
    for (r, rule) in spec["rules"].as_array().into_iter().flatten().enumerate() {
        let host = rule["host"]
            .as_str()
            .map(|h| format!(" (host `{h}`)"))
            .unwrap_or_default();
        for (p, path) in rule["http"]["paths"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            let route = match path["path"].as_str() {
                Some(text) => format!("path `{text}`{host}"),
                None => format!("a path without `path`{host}"),
            };
            push(
                &mut found,
                &path["backend"],
                format!("/spec/rules/{r}/http/paths/{p}/backend"),
                route,
            );
        }
    }
    found
}

fn push<'j>(found: &mut Vec<Backend<'j>>, backend: &'j Value, pointer: String, route: String) {
    let service = &backend["service"];
    if let Some(name) = service["name"].as_str() {
        let (field, port) = if service["port"]["number"].is_null() {
            ("name", &service["port"]["name"])
        } else {
            ("number", &service["port"]["number"])
        };
        found.push(Backend {
            route,
            name_pointer: format!("{pointer}/service/name"),
            name,
            port_pointer: format!("{pointer}/service/port/{field}"),
            port,
        });
    } else if let Some(name) = backend["serviceName"].as_str() {
        found.push(Backend {
            route,
            name_pointer: format!("{pointer}/serviceName"),
            name,
            port_pointer: format!("{pointer}/servicePort"),
            port: &backend["servicePort"],
        });
    }
}
