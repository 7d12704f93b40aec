//! chartcheck: checks Helm charts before a cluster sees them.
//!
//! The library does the work and returns data; only the CLI layer (`main.rs`) prints.

pub mod helm;
pub mod manifest;
pub mod render;
pub mod schema;
pub mod values;
pub mod yaml;
