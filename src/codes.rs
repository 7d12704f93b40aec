//! Every code a user can see, in one registry: the lint rules ([`crate::lint::rules`]) and the
//! problems below, which `validate` reports about values and every command reports about input
//! it could not read. `chartcheck explain CODE` and SARIF's rule descriptors read this registry,
//! and a diagnostic can only be made from an entry of it.

use crate::diagnostic::Severity;
use crate::lint::rule::{Rule, doc_text};
use crate::lint::rules;

/// What a problem code is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// A values file breaks the chart's values schema (`validate`).
    Values,
    /// Input that could not be read, parsed, rendered or used as given.
    Input,
}

impl Category {
    pub fn name(self) -> &'static str {
        match self {
            Category::Values => "values",
            Category::Input => "input",
        }
    }
}

/// A code that is not a lint rule.
#[derive(Debug)]
pub struct Problem {
    pub id: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub summary: &'static str,
    /// The doc comment of its declaration, as the compiler gives it.
    pub docs: &'static str,
}

/// Declares problem codes and [`PROBLEMS`], each code's documentation taken from its doc comment.
/// A problem is an error unless its entry names another severity.
macro_rules! declare_problems {
    ($(
        $(#[doc = $doc:literal])+
        $name:ident = ($id:literal, $category:ident, $summary:literal $(, $severity:ident)?);
    )+) => {
        $(
            pub static $name: Problem = Problem {
                id: $id,
                category: Category::$category,
                severity: declare_problems!(@severity $($severity)?),
                summary: $summary,
                docs: concat!($($doc, "\n"),+),
            };
        )+
        /// Every problem code, in the order `chartcheck rules` lists them.
        pub static PROBLEMS: &[&Problem] = &[$(&$name),+];
    };
    (@severity) => { Severity::Error };
    (@severity $severity:ident) => { Severity::$severity };
}

declare_problems! {
    /// ## What it means
    /// A values file sets a key the chart's values schema does not have, at the file, line and
    /// column of the key. Helm refuses it too (`additionalProperties: false`).
    ///
    /// ## Why
    /// A misspelled or misplaced key is silently ignored by the templates: the setting the file
    /// means to change keeps its default.
    ///
    /// ## What to do
    /// Use the key the message suggests, or move it to where the schema has it. `chartcheck
    /// docs` writes every key the chart has into its README.
    UNKNOWN_KEY = ("unknown-key", Values, "A values key the chart's schema does not have");

    /// ## What it means
    /// A key the chart's values schema requires is missing from the merged values (the chart's
    /// defaults and the file, as Helm merges them); reported in the file that should set it.
    ///
    /// ## What to do
    /// Set the key, or do not set its parent to `null` (which deletes the chart's default).
    MISSING_KEY = ("missing-key", Values, "A required values key is missing");

    /// ## What it means
    /// A value has the wrong JSON type for its key: a string where a number is expected, a list
    /// where a mapping is, a quoted number.
    ///
    /// ## What to do
    /// Write the value as the schema's type: numbers without quotes, mappings as `key: value`
    /// lines under the key.
    WRONG_TYPE = ("wrong-type", Values, "A value of the wrong type");

    /// ## What it means
    /// A number outside the range its key allows (a negative replica count, a port above 65535),
    /// or a list or string of the wrong length.
    ///
    /// ## What to do
    /// Use a value within the range the message names.
    OUT_OF_RANGE = ("out-of-range", Values, "A value outside the range its key allows");

    /// ## What it means
    /// A string that does not have its key's format: a Kubernetes quantity (`500m`, `1Gi`), an
    /// image digest (`sha256:` and 64 hex digits), a DNS name.
    ///
    /// ## What to do
    /// Write it in the format the message names.
    BAD_FORMAT = ("bad-format", Values, "A string not in its key's format");

    /// ## What it means
    /// A value that is not among those its key allows (an enum, such as a pull policy or an
    /// access mode); the message lists them and suggests the nearest.
    ///
    /// ## What to do
    /// Use one of the listed values; they are case-sensitive.
    NOT_ALLOWED = ("not-allowed", Values, "A value not among those its key allows");

    /// ## What it means
    /// Values that are each valid but not together, which the chart's templates would refuse
    /// (`fail`): an autoscaler whose minimum exceeds its maximum, a preStop sleep longer than
    /// the termination grace period.
    ///
    /// ## What to do
    /// Change one of the values the message names so that they agree.
    INVALID_COMBINATION = ("invalid-combination", Values, "Values that contradict each other");

    /// ## What it means
    /// A value the chart's values schema refuses for a reason none of the other codes name (a
    /// `not`, `oneOf` or `dependentRequired` of a hand-written schema); the message quotes the
    /// validator.
    ///
    /// ## What to do
    /// Read the schema at the key named; `helm template` refuses the same value.
    SCHEMA_VIOLATION = ("schema-violation", Values, "A value the values schema refuses");

    /// ## What it means
    /// The chart has no `values.schema.json`, or it cannot be read, so values cannot be checked.
    ///
    /// ## What to do
    /// Check `--chart` (or `chart:` in `.chartcheck.yaml`) names the chart; for the journal chart,
    /// `chartcheck schema` writes the schema.
    NO_SCHEMA = ("no-schema", Input, "The chart's values schema is missing or unreadable");

    /// ## What it means
    /// The chart's `values.schema.json` is not valid JSON, or not a JSON Schema that compiles.
    ///
    /// ## What to do
    /// Fix or regenerate the schema; Helm would refuse every install with it too.
    BAD_SCHEMA = ("bad-schema", Input, "The chart's values schema is broken");

    /// ## What it means
    /// A values file is not valid YAML; reported where the parser stopped, with its reason.
    ///
    /// ## What to do
    /// Fix the syntax at that position (indentation, an unclosed quote or bracket, a tab).
    YAML_SYNTAX = ("yaml-syntax", Input, "A values file is not valid YAML");

    /// ## What it means
    /// A values file's document is a list or a scalar, not a mapping of keys to values.
    ///
    /// ## What to do
    /// Write `key: value` lines at the top level.
    NOT_A_MAPPING = ("not-a-mapping", Input, "A values document that is not a mapping");

    /// ## What it means
    /// A file could not be read: it does not exist, is a directory, a dangling link, or is not
    /// readable. Everything else given is still checked.
    ///
    /// ## What to do
    /// Check the path, relative to the directory chartcheck runs in.
    UNREADABLE = ("unreadable", Input, "A file that could not be read");

    /// ## What it means
    /// A file is not UTF-8 text: Latin-1, UTF-16 or binary; reported at the first byte that is
    /// not, with what the file looks like.
    ///
    /// ## What to do
    /// Save it as UTF-8, which is what Helm and Kubernetes read.
    NOT_UTF8 = ("not-utf8", Input, "A file that is not UTF-8 text");

    /// ## What it means
    /// A manifest document is not valid YAML; the other documents of the stream are still
    /// linted.
    ///
    /// ## What to do
    /// Fix the syntax at the position given; in a render, in the template that wrote it.
    INVALID_YAML = ("invalid-yaml", Input, "A manifest document that is not valid YAML");

    /// ## What it means
    /// A manifest document is not a Kubernetes object: a list or a scalar where a mapping with
    /// `apiVersion`, `kind` and `metadata` should be, or a `List` item that is not an object.
    ///
    /// ## What to do
    /// Make the document an object, or leave it out of the input.
    NOT_AN_OBJECT = ("not-an-object", Input, "A manifest document that is not an object");

    /// ## What it means
    /// An object lacks `apiVersion`, `kind` or `metadata.name`, or has one of them as a
    /// non-string (YAML 1.1 reads `name: y` as a boolean), or `metadata` is not a mapping. It
    /// cannot be linted; the other objects are.
    ///
    /// ## What to do
    /// Add or quote the field; the API server refuses the object as it is.
    INCOMPLETE_OBJECT = ("incomplete-object", Input, "An object without apiVersion, kind or name");

    /// ## What it means
    /// An input holds no Kubernetes object at all: it is empty, only comments, or empty Lists.
    /// Linting it proves nothing, so it is not reported as clean.
    ///
    /// ## What to do
    /// Check what produced it (a chart whose every template is disabled, a wrong path).
    NO_OBJECTS = ("no-objects", Input, "An input without a single object");

    /// ## What it means
    /// A file given with `--crds` or the config's `crds:` holds no CustomResourceDefinition.
    ///
    /// ## What to do
    /// Give files of CRDs only; manifests to lint are given as paths.
    NO_CRD = ("no-crd", Input, "A CRD file without a CustomResourceDefinition");

    /// ## What it means
    /// A document in a chart's `crds/` directory that is not a CustomResourceDefinition (a
    /// `kustomization.yaml`, an object of another kind). chartcheck reads only CRDs from
    /// `crds/`; the document is skipped, the rest of the chart is linted.
    ///
    /// ## What to do
    /// Nothing, when helm never sees it either: list it in the chart's `.helmignore` (which
    /// chartcheck honours) to say so. Otherwise move it to `templates/`: helm installs `crds/`
    /// before anything else, without templating and without upgrading it later.
    NOT_A_CRD = ("not-a-crd", Input, "A document in a chart's crds/ that is not a CRD", Note);

    /// ## What it means
    /// A CustomResourceDefinition whose `openAPIV3Schema` does not compile; its custom
    /// resources are not checked against it.
    ///
    /// ## What to do
    /// Fix the schema at the position given; the API server would refuse the CRD too.
    INVALID_CRD = ("invalid-crd", Input, "A CRD whose schema cannot be used");

    /// ## What it means
    /// `helm template` failed for one environment (a template `fail`, a values schema error,
    /// a missing file, a helm that hung); helm's own message follows. The other environments
    /// are still linted.
    ///
    /// ## What to do
    /// Fix what helm's message names; `chartcheck validate` points at the values line when the
    /// cause is in a values file.
    RENDER_FAILED = ("render-failed", Input, "An environment whose render failed");
}

/// A code a user can see: a lint rule or a problem.
#[derive(Clone, Copy)]
pub enum Code {
    Rule(&'static Rule),
    Problem(&'static Problem),
}

impl Code {
    pub fn id(self) -> &'static str {
        match self {
            Code::Rule(rule) => rule.id,
            Code::Problem(problem) => problem.id,
        }
    }

    /// The rule's group, or the problem's category.
    pub fn group(self) -> &'static str {
        match self {
            Code::Rule(rule) => rule.group.name(),
            Code::Problem(problem) => problem.category.name(),
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Code::Rule(rule) => rule.severity,
            Code::Problem(problem) => problem.severity,
        }
    }

    pub fn summary(self) -> &'static str {
        match self {
            Code::Rule(rule) => rule.summary,
            Code::Problem(problem) => problem.summary,
        }
    }

    /// Its documentation (Markdown).
    pub fn docs(self) -> String {
        match self {
            Code::Rule(rule) => rule.docs(),
            Code::Problem(problem) => doc_text(problem.docs),
        }
    }
}

/// Every lint rule, as codes.
pub fn lint_rules() -> impl Iterator<Item = Code> {
    rules::all().iter().map(|rule| Code::Rule(rule))
}

/// Every code: the lint rules, then the problems.
pub fn all() -> impl Iterator<Item = Code> {
    lint_rules().chain(PROBLEMS.iter().map(|problem| Code::Problem(problem)))
}

/// The code with this id.
pub fn find(id: &str) -> Option<Code> {
    all().find(|code| code.id() == id)
}

/// The ids nearest to a mistyped `id`, best first: the codes it is part of, and those spelled
/// nearly the same.
pub fn suggest(id: &str) -> Vec<&'static str> {
    let id = id.to_ascii_lowercase();
    let mut scored: Vec<(f64, &'static str)> = all()
        .filter_map(|code| {
            let similarity = strsim::jaro_winkler(&id, code.id());
            let contains = id.len() >= 3 && code.id().contains(id.as_str());
            let score = if contains {
                1.0 + similarity
            } else {
                similarity
            };
            (score >= 0.85).then_some((score, code.id()))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, id)| id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_documented() {
        let mut ids: Vec<&str> = all().map(Code::id).collect();
        for id in &ids {
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{id}"
            );
        }
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count, "ids are unique");
        for problem in PROBLEMS {
            let docs = doc_text(problem.docs);
            for section in ["## What it means", "## What to do"] {
                assert!(
                    docs.contains(section),
                    "{}: docs lack {section}",
                    problem.id
                );
            }
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("latest")[0], "latest-tag");
        assert_eq!(suggest("unknown-keys")[0], "unknown-key");
        assert_eq!(suggest("privilegd")[0], "privileged");
        assert!(suggest("zzzz").is_empty());
    }
}
