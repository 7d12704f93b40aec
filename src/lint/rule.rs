//! What a rule is, and how it reports.

use super::context::Context;
use crate::diagnostic::Severity;
use crate::manifest::Object;

/// A lint rule. Each lives in its own file under `rules/<group>/`, declared with
/// [`declare_rule!`], whose doc comment is its documentation (*What it does*, *Why*, *Example*,
/// *Use instead*): `chartcheck explain` and SARIF read that same text.
pub struct Rule {
    /// Stable kebab-case id, e.g. `latest-tag`.
    pub id: &'static str,
    pub group: Group,
    pub severity: Severity,
    /// One line for `chartcheck rules`.
    pub summary: &'static str,
    /// The doc comment of its declaration, as the compiler gives it (see [`Rule::docs`]).
    pub docs: &'static str,
    pub check: for<'a> fn(&Context<'a>, &mut Findings<'a>),
}

impl Rule {
    /// The rule's documentation (Markdown).
    pub fn docs(&self) -> String {
        doc_text(self.docs)
    }
}

/// Doc-comment text as `concat!` of its `#[doc]` strings gives it: each line keeps the space
/// that followed `///`, which Markdown does not want.
pub fn doc_text(raw: &str) -> String {
    raw.lines()
        .map(|line| line.strip_prefix(' ').unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Declares a rule's `static`, taking its documentation from the doc comment at compile time:
///
/// ```ignore
/// declare_rule! {
///     /// ## What it does
///     /// …
///     pub static RULE = Rule { id: "latest-tag", group: Group::Images, severity: Severity::Error, summary: "…", check }
/// }
/// ```
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])+
        $vis:vis static $name:ident = Rule { $($field:ident $(: $value:expr)?),+ $(,)? }
    ) => {
        $vis static $name: $crate::lint::rule::Rule = $crate::lint::rule::Rule {
            docs: concat!($($doc, "\n"),+),
            $($field $(: $value)?),+
        };
    };
}
pub(crate) use declare_rule;

/// Rule groups, for `--select`/`--ignore` and the rule list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    Images,
    Resources,
    Probes,
    Security,
    Rbac,
    Networking,
    Reliability,
    Config,
    Hygiene,
    Schema,
}

impl Group {
    /// Every group, in the order `chartcheck rules` lists them.
    pub const ALL: [Group; 10] = [
        Group::Images,
        Group::Resources,
        Group::Probes,
        Group::Security,
        Group::Rbac,
        Group::Networking,
        Group::Reliability,
        Group::Config,
        Group::Hygiene,
        Group::Schema,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Group::Images => "images",
            Group::Resources => "resources",
            Group::Probes => "probes",
            Group::Security => "security",
            Group::Rbac => "rbac",
            Group::Networking => "networking",
            Group::Reliability => "reliability",
            Group::Config => "config",
            Group::Hygiene => "hygiene",
            Group::Schema => "schema",
        }
    }
}

/// One problem a rule found.
pub struct Finding<'a> {
    pub rule: &'static Rule,
    pub object: &'a Object,
    /// JSON pointer of the offending field within the object ("" for the whole object).
    pub pointer: String,
    pub message: String,
    /// Overrides the rule's default severity (e.g. Ingress path order depends on pathType).
    pub severity: Option<Severity>,
    pub help: Option<String>,
    pub notes: Vec<String>,
    /// Point at the field's value instead of its key (for a bad value rather than a bad field).
    pub on_value: bool,
    /// The part of the value that is the problem, when it is not all of it (for tracing).
    pub culprit: Option<String>,
    /// The marked value is a secret: reports mask it.
    pub redact: bool,
    /// Set when this finding restates, in broader terms, what a dedicated rule reports: if
    /// another rule reports the same field of the same object, this finding is dropped and that
    /// one gets this note.
    pub yields: Option<String>,
}

/// Collects the findings of one rule.
pub struct Findings<'a> {
    rule: &'static Rule,
    found: Vec<Finding<'a>>,
}

impl<'a> Findings<'a> {
    pub fn new(rule: &'static Rule) -> Self {
        Self {
            rule,
            found: Vec::new(),
        }
    }

    /// Reports `message` about the field at `pointer` of `object`; returns the finding so
    /// help and notes can be added.
    pub fn add(
        &mut self,
        object: &'a Object,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> &mut Finding<'a> {
        self.found.push(Finding {
            rule: self.rule,
            object,
            pointer: pointer.into(),
            message: message.into(),
            severity: None,
            help: None,
            notes: Vec::new(),
            on_value: false,
            culprit: None,
            redact: false,
            yields: None,
        });
        self.found.last_mut().expect("just pushed")
    }

    pub fn into_vec(self) -> Vec<Finding<'a>> {
        self.found
    }
}

impl Finding<'_> {
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    pub fn note(&mut self, note: impl Into<String>) -> &mut Self {
        self.notes.push(note.into());
        self
    }

    /// Marks the value, not the key, in the code frame.
    pub fn on_value(&mut self) -> &mut Self {
        self.on_value = true;
        self
    }

    /// Names the part of the value that is the problem (the tag of an image reference), so the
    /// finding is traced to the values key that set that part.
    pub fn culprit(&mut self, culprit: impl Into<String>) -> &mut Self {
        self.culprit = Some(culprit.into());
        self
    }

    /// Masks the marked value in code frames: a report must not leak the secret it warns about.
    pub fn redact(&mut self) -> &mut Self {
        self.redact = true;
        self
    }

    /// Gives way to another rule's finding at the same field, which gets `note` instead.
    pub fn yields(&mut self, note: impl Into<String>) -> &mut Self {
        self.yields = Some(note.into());
        self
    }

    pub fn severity(&mut self, severity: Severity) -> &mut Self {
        self.severity = Some(severity);
        self
    }
}
