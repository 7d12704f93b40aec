//! Every rule, grouped; [`ALL`] is the one table of them (ids stay stable).

pub mod images;
pub mod resources;

use super::rule::Rule;

/// Every rule, in the order `chartcheck rules` lists them.
pub static ALL: &[&Rule] = &[
    &images::latest_tag::RULE,
    &resources::requests_not_equal_limits::RULE,
];

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|rule| rule.id == id)
}
