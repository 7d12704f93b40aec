//! Rules of the `resources` group.

mod effective;
pub mod missing_resources;
pub mod requests_not_equal_limits;

use crate::lint::rule::Rule;

/// Every rule of this group, in the order `chartcheck rules` lists them.
pub static RULES: &[&Rule] = &[&missing_resources::RULE, &requests_not_equal_limits::RULE];
