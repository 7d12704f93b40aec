//! `chartcheck rules` and `chartcheck explain CODE`.

use std::process::ExitCode;

use chartcheck::codes::{self, Code};
use chartcheck::kube;
use chartcheck::lint::rule::Group;

use super::fail;
use crate::cli::RulesArgs;

pub fn list(args: &RulesArgs) -> ExitCode {
    if args.kube_versions {
        for version in kube::VERSIONS {
            let default = if *version == kube::DEFAULT_VERSION {
                "  (default)"
            } else {
                ""
            };
            println!("{version}{default}");
        }
        return ExitCode::SUCCESS;
    }
    for code in codes::all() {
        println!(
            "{:<32} {:<12} {:<8} {}",
            code.id(),
            code.group(),
            code.severity().name(),
            code.summary()
        );
    }
    ExitCode::SUCCESS
}

pub fn explain(id: &str) -> ExitCode {
    if let Some(code) = codes::find(id) {
        let kind = match code {
            Code::Rule(_) => "lint rule",
            Code::Problem(_) => "problem",
        };
        println!(
            "# {} ({kind}, {}, {} by default)\n",
            code.id(),
            code.group(),
            code.severity().name()
        );
        println!("{}", code.docs());
        return ExitCode::SUCCESS;
    }
    if let Some(group) = Group::ALL.iter().find(|g| g.name() == id) {
        println!("# {id} (a group of lint rules)\n");
        for code in codes::lint_rules().filter(|c| c.group() == group.name()) {
            println!("- `{}`: {}", code.id(), code.summary());
        }
        return ExitCode::SUCCESS;
    }
    let hint = match codes::suggest(id).as_slice() {
        [] => String::new(),
        [one] => format!("; did you mean `{one}`?"),
        many => format!(
            "; did you mean {}?",
            many.iter()
                .map(|id| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
    };
    fail(&format!(
        "no rule or code `{id}`{hint} (`chartcheck rules` lists them all)"
    ))
}
