//! Rules of the `security` group.

use crate::lint::rule::Rule;

/// Every rule of this group, in the order `chartcheck rules` lists them.
pub static RULES: &[&Rule] = &[];
