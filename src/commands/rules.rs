//! `chartcheck rules` and `chartcheck explain RULE`.

use std::process::ExitCode;

use chartcheck::lint::rules::{all, find};

use super::fail;

pub fn list() -> ExitCode {
    for rule in all() {
        let severity = format!("{:?}", rule.severity).to_lowercase();
        println!(
            "{:<32} {:<12} {:<8} {}",
            rule.id,
            rule.group.name(),
            severity,
            rule.summary
        );
    }
    ExitCode::SUCCESS
}

pub fn explain(id: &str) -> ExitCode {
    match find(id) {
        Some(rule) => {
            println!(
                "# {} ({}, {:?} by default)\n",
                rule.id,
                rule.group.name(),
                rule.severity
            );
            println!("{}", rule.docs());
            ExitCode::SUCCESS
        }
        None => fail(&format!("no rule `{id}`; `chartcheck rules` lists them")),
    }
}
