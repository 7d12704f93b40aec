//! A container's CPU and memory requests and limits as the API server stores them: a limit
//! without a request gives the request (pod defaulting), then a `LimitRange` of the namespace
//! fills what is still unset (the LimitRanger admission plugin), so rules judge what runs
//! rather than what was written.

use serde_json::Value;

use crate::lint::context::{Container, Context};
use crate::lint::rules::networking::index::same_scope;
use crate::manifest::Object;

/// The two resources these rules look at.
pub const RESOURCES: [&str; 2] = ["cpu", "memory"];

/// Where an effective request or limit comes from.
#[derive(Clone, Copy)]
pub enum Origin<'a> {
    /// Written in the container, at this pointer.
    Written,
    /// The request the API server copies from the container's limit.
    FromLimit,
    /// A default of this LimitRange.
    LimitRange(&'a Object),
}

/// One effective quantity and where it comes from.
#[derive(Clone, Copy)]
pub struct Setting<'a> {
    pub value: &'a Value,
    pub origin: Origin<'a>,
}

/// The effective request and limit of one resource of one container.
pub struct Effective<'a> {
    pub request: Option<Setting<'a>>,
    pub limit: Option<Setting<'a>>,
}

/// The `LimitRange` objects of a set, for the defaults they give containers.
pub struct LimitRanges<'a> {
    ranges: Vec<&'a Object>,
}

impl<'a> LimitRanges<'a> {
    pub fn new(context: &Context<'a>) -> Self {
        Self {
            ranges: context.of_kind("LimitRange").collect(),
        }
    }

    /// The effective request and limit of `resource` of `container` of a pod of `workload`.
    pub fn effective(
        &self,
        workload: &Object,
        container: &Container<'a>,
        resource: &str,
    ) -> Effective<'a> {
        let resources = &container.json["resources"];
        let written = |kind: &str| {
            let value = &resources[kind][resource];
            (!value.is_null()).then_some(Setting {
                value,
                origin: Origin::Written,
            })
        };
        let mut limit = written("limits");
        let mut request = written("requests").or_else(|| {
            limit.map(|l| Setting {
                value: l.value,
                origin: Origin::FromLimit,
            })
        });
        for range in self.ranges.iter().filter(|r| same_scope(r, workload)) {
            let (default_limit, default_request) = container_defaults(&range.json, resource);
            let from = |value| Setting {
                value,
                origin: Origin::LimitRange(range),
            };
            limit = limit.or(default_limit.map(from));
            request = request.or(default_request.map(from));
        }
        Effective { request, limit }
    }
}

/// The default limit and default request a LimitRange gives a container's `resource`, with the
/// LimitRange's own defaulting: no default limit takes `max`, no default request takes the
/// default limit, then `min`.
fn container_defaults<'v>(
    range: &'v Value,
    resource: &str,
) -> (Option<&'v Value>, Option<&'v Value>) {
    let items = range["spec"]["limits"].as_array().into_iter().flatten();
    for item in items.filter(|i| i["type"].as_str() == Some("Container")) {
        let get = |field: &str| Some(&item[field][resource]).filter(|v| !v.is_null());
        let limit = get("default").or_else(|| get("max"));
        let request = get("defaultRequest").or(limit).or_else(|| get("min"));
        if limit.is_some() || request.is_some() {
            return (limit, request);
        }
    }
    (None, None)
}

impl Origin<'_> {
    /// A note saying where a value the container does not write comes from.
    pub fn note(&self, what: &str, value: &Value) -> Option<String> {
        let value = value
            .as_str()
            .map_or_else(|| value.to_string(), str::to_owned);
        match self {
            Origin::Written => None,
            Origin::FromLimit => Some(format!(
                "the {what} is {value}: the API server sets an unset request to the limit"
            )),
            Origin::LimitRange(range) => Some(format!(
                "the {what} is {value}, the default of LimitRange `{}`",
                range.name
            )),
        }
    }
}
