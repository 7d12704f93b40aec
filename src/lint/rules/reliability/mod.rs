//! Rules of the `reliability` group.

pub mod hpa_target_missing;
pub mod pdb_selects_nothing;
pub mod single_replica;

use crate::lint::rule::Rule;

/// Every rule of this group, in the order `chartcheck rules` lists them.
pub static RULES: &[&Rule] = &[
    &single_replica::RULE,
    &pdb_selects_nothing::RULE,
    &hpa_target_missing::RULE,
];
