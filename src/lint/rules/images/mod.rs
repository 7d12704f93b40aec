//! Rules of the `images` group.

pub mod image_pull_policy;
pub mod latest_tag;

use crate::lint::rule::Rule;

/// Every rule of this group, in the order `chartcheck rules` lists them.
pub static RULES: &[&Rule] = &[&latest_tag::RULE, &image_pull_policy::RULE];
