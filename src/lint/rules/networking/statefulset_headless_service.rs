use super::index::{Named, line, pairs, plain};
use crate::diagnostic::Severity;
use crate::lint::context::{Context, selects};
use crate::lint::rule::{Findings, Group, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks the governing Service of every StatefulSet (`spec.serviceName`): it must be a Service
    /// in the set, in the StatefulSet's namespace, that is headless (`clusterIP: None`) and whose
    /// selector selects the StatefulSet's pods. A StatefulSet without `serviceName` is not checked.
    ///
    /// ## Why
    /// A StatefulSet's pods get their stable DNS names (`redis-0.redis-headless.ns.svc`) from the
    /// governing Service, and only when that Service is headless and selects them. With a missing
    /// Service, a Service with a cluster IP, or a selector that misses the pods, those names never
    /// resolve: replicas cannot find their primary, peers cannot form a cluster, and clients that
    /// address one pod fail, while the StatefulSet itself looks healthy.
    ///
    /// ## Example
    /// ```yaml
    /// kind: StatefulSet
    /// metadata: {name: redis}
    /// spec:
    ///   serviceName: redis          # a ClusterIP Service
    /// ---
    /// kind: Service
    /// metadata: {name: redis}
    /// spec:
    ///   selector: {app: redis}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: StatefulSet
    /// metadata: {name: redis}
    /// spec:
    ///   serviceName: redis-headless
    /// ---
    /// kind: Service
    /// metadata: {name: redis-headless}
    /// spec:
    ///   clusterIP: None
    ///   selector: {app: redis}
    /// ```
    pub static RULE = Rule {
        id: "statefulset-headless-service",
        group: Group::Networking,
        severity: Severity::Error,
        summary: "StatefulSet's serviceName is missing, not headless, or does not select its pods",
        check,
    }
}

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    let services = Named::new(context, &["Service"]);
    for statefulset in context.of_kind("StatefulSet") {
        let Some(name) = statefulset.json["spec"]["serviceName"]
            .as_str()
            .filter(|n| !n.is_empty())
        else {
            continue;
        };
        let pointer = "/spec/serviceName";
        let dns = format!("{}-0.{name}", statefulset.name);
        let Some(service) = services.find("Service", name, statefulset) else {
            let finding = findings
                .add(
                    statefulset,
                    pointer,
                    format!(
                        "StatefulSet `{}` names `{name}` as its governing Service, which is not in the set",
                        statefulset.name
                    ),
                )
                .on_value()
                .note(format!(
                    "its pods get stable DNS names (`{dns}`) only from a headless Service of that name"
                ));
            if let Some(other) = services.elsewhere("Service", name, statefulset) {
                finding.note(format!(
                    "{} is in another namespace: the governing Service must be in the StatefulSet's",
                    other.display()
                ));
            }
            match services.similar("Service", name, statefulset) {
                Some(similar) => finding.help(format!("did you mean `{similar}`?")),
                None => finding.help(format!(
                    "add a Service `{name}` with `clusterIP: None` that selects the StatefulSet's pods"
                )),
            };
            continue;
        };
        let service_line = line(service, "/metadata/name");
        let spec = &service.json["spec"];
        if spec["clusterIP"].as_str() != Some("None") {
            let has = match &spec["clusterIP"] {
                serde_json::Value::Null => "sets no clusterIP, so it gets one".to_owned(),
                other => format!("has `clusterIP: {}`", plain(other)),
            };
            findings
                .add(
                    statefulset,
                    pointer,
                    format!(
                        "governing Service `{name}` of StatefulSet `{}` is not headless",
                        statefulset.name
                    ),
                )
                .on_value()
                .note(format!(
                    "Service `{name}` (line {service_line}) {has}; pods get DNS names (`{dns}`) only from a headless Service"
                ))
                .help(format!(
                    "set `clusterIP: None` on `{name}`, or point serviceName at a headless Service (keep a separate ClusterIP Service for clients)"
                ));
        }
        let labels = &statefulset.json["spec"]["template"]["metadata"]["labels"];
        let selector = &spec["selector"];
        match selector.as_object().filter(|s| !s.is_empty()) {
            None => {
                findings
                    .add(
                        statefulset,
                        pointer,
                        format!(
                            "governing Service `{name}` of StatefulSet `{}` has no selector",
                            statefulset.name
                        ),
                    )
                    .on_value()
                    .note(format!(
                        "without a selector, Service `{name}` (line {service_line}) gets no endpoints for the pods, so their DNS names (`{dns}`) do not resolve"
                    ))
                    .help("give the Service a selector that matches the StatefulSet's pod template labels");
            }
            Some(map) if !selects(selector, labels) => {
                let lacking: Vec<String> = map
                    .iter()
                    .filter(|(k, v)| labels.get(k.as_str()) != Some(v))
                    .map(|(k, v)| format!("`{k}: {}`", plain(v)))
                    .collect();
                findings
                    .add(
                        statefulset,
                        pointer,
                        format!(
                            "governing Service `{name}` of StatefulSet `{}` does not select its pods",
                            statefulset.name
                        ),
                    )
                    .on_value()
                    .note(format!(
                        "Service `{name}` (line {service_line}) selects `{}`; the pod template lacks {}",
                        pairs(map),
                        lacking.join(", ")
                    ))
                    .help("make the Service's selector a subset of the StatefulSet's pod template labels");
            }
            Some(_) => {}
        }
    }
}
