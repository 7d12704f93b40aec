//! Rules of the `hygiene` group.

pub mod default_namespace;
pub mod duplicate_object;
pub mod ignore_without_reason;
pub mod selector_mismatch;
pub mod server_populated_field;

use crate::lint::rule::Rule;

/// Every rule of this group, in the order `chartcheck rules` lists them.
pub static RULES: &[&Rule] = &[
    &server_populated_field::RULE,
    &duplicate_object::RULE,
    &selector_mismatch::RULE,
    &default_namespace::RULE,
    &ignore_without_reason::RULE,
];
