//! chartcheck: checks Helm charts before a cluster sees them.
//!
//! The library does the work and returns data; only the CLI layer (`main.rs`) prints.

pub mod chart_crds;
pub mod codes;
pub mod diagnostic;
pub mod diff;
pub mod docs;
#[doc(hidden)]
pub mod fuzz_checks;
pub mod helm;
pub mod helmignore;
pub mod kube;
pub mod lint;
pub mod manifest;
pub mod parallel;
pub mod project;
pub mod render;
pub mod report;
pub mod schema;
pub mod sources;
pub mod trace;
pub mod validate;
pub mod values;
pub mod yaml;
