//! Rules of the `config` group.

pub mod missing_config_reference;
pub mod references;
mod reloaders;
pub mod unversioned_configmap;

use crate::lint::rule::Rule;

/// Every rule of this group, in the order `chartcheck rules` lists them.
pub static RULES: &[&Rule] = &[
    &missing_config_reference::RULE,
    &unversioned_configmap::RULE,
];
