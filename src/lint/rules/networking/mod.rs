//! Rules of the `networking` group.

pub mod index;
pub mod ingress_backend_missing;
pub mod ingress_path_order;
pub mod missing_network_policy;
pub mod network_policy_selects_nothing;
pub mod outside;
pub mod service_selects_nothing;
pub mod statefulset_headless_service;

use crate::lint::rule::Rule;

/// Every rule of this group, in the order `chartcheck rules` lists them.
pub static RULES: &[&Rule] = &[
    &ingress_path_order::RULE,
    &service_selects_nothing::RULE,
    &ingress_backend_missing::RULE,
    &statefulset_headless_service::RULE,
    &missing_network_policy::RULE,
    &network_policy_selects_nothing::RULE,
];
