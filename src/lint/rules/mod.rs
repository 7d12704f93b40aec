//! Every rule, grouped: each group's `mod.rs` lists its rules, and [`all`] is the one table of
//! them (ids stay stable).

pub mod config;
pub mod hygiene;
pub mod images;
pub mod networking;
pub mod probes;
pub mod rbac;
pub mod reliability;
pub mod resources;
pub mod schema;
pub mod security;

use std::sync::LazyLock;

use super::rule::{Group, Rule};

static ALL: LazyLock<Vec<&'static Rule>> = LazyLock::new(|| {
    [
        images::RULES,
        resources::RULES,
        probes::RULES,
        security::RULES,
        rbac::RULES,
        networking::RULES,
        reliability::RULES,
        config::RULES,
        hygiene::RULES,
        schema::RULES,
    ]
    .concat()
});

/// Every rule, grouped, in the order `chartcheck rules` lists them.
pub fn all() -> &'static [&'static Rule] {
    &ALL
}

/// True when `name` is a rule id, a group name, or `all`: what selections may name.
pub fn is_known(name: &str) -> bool {
    name == "all" || find(name).is_some() || Group::ALL.iter().any(|g| g.name() == name)
}

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static Rule> {
    all().iter().copied().find(|rule| rule.id == id)
}
