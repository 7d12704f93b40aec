//! Rules of the `resources` group.

pub mod requests_not_equal_limits;

use crate::lint::rule::Rule;

/// Every rule of this group, in the order `chartcheck rules` lists them.
pub static RULES: &[&Rule] = &[&requests_not_equal_limits::RULE];
