//! Rules of the `reliability` group.

use crate::lint::rule::Rule;

/// Every rule of this group, in the order `chartcheck rules` lists them.
pub static RULES: &[&Rule] = &[];
