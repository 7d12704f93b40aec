//! `lint`: rendered manifests against best-practice rules, single-object and cross-object.
//!
//! Inputs come in sets: one set per environment's render, or all the files given together.
//! Rules see every object of a set at once. Findings that several environments share are
//! reported once, naming the environments.

pub mod config;
pub mod context;
pub mod pod_security;
pub mod quantity;
pub mod rule;
pub mod rules;

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::codes;
use crate::diagnostic::{Diagnostic, ObjectRef, Severity, Subject};
use crate::kube::CustomSchemas;
use crate::manifest::{Object, parse_objects};
use crate::sources::Sources;
use config::Selection;
use context::Context;
use rule::{Finding, Findings, Rule};

/// One stream of manifests: a file, stdin, or one environment's render.
#[derive(Debug, Clone)]
pub struct Input {
    /// How diagnostics name it: a path, `-`, or a render's label.
    pub name: String,
    /// The environment it renders, for renders.
    pub environment: Option<String>,
    /// The chart directory it was rendered from, for renders: `# Source:` paths resolve in it.
    pub chart: Option<PathBuf>,
    /// Shared, not copied, with the objects parsed from it and the report's code frames.
    pub text: Arc<str>,
}

/// What a lint run found.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Rule findings and problems that stopped something from being linted, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// True when some input or document could not be linted.
    pub incomplete: bool,
    /// Objects linted.
    pub objects: usize,
    pub sources: Sources,
    /// The Pod Security Standards level each workload meets, when the `pod-security` rule ran.
    pub pod_security: Vec<pod_security::Workload>,
    /// The last set's objects, kept so that freeing them is the caller's choice.
    last_set: Vec<Object>,
}

impl Outcome {
    /// For a process about to exit: skips freeing the objects, which the system reclaims at
    /// once, where freeing them one by one takes a good part of a large lint's time.
    pub fn skip_freeing(&mut self) {
        std::mem::forget(std::mem::take(&mut self.last_set));
    }
}

/// What makes two findings the same problem: rule, object, field and message.
type FindingKey = (String, String, String, String);

/// Lints each set of inputs on its own, then merges what the sets have in common. `crds` are
/// files of CustomResourceDefinitions whose schemas check custom resources in every set; a
/// set's own CRDs check that set.
///
/// # Errors
/// A target Kubernetes version there are no schemas for.
pub fn lint(sets: &[Vec<Input>], crds: &[Input], selection: &Selection) -> Result<Outcome, String> {
    lint_chart(sets, crds, &[], selection)
}

/// [`lint`] with the files of a chart's `crds/` too, where helm installs whatever is there:
/// their CRDs check every set, and a document that is no CRD is a note, not a failure.
///
/// # Errors
/// A target Kubernetes version there are no schemas for.
pub fn lint_chart(
    sets: &[Vec<Input>],
    crds: &[Input],
    chart_crds: &[Input],
    selection: &Selection,
) -> Result<Outcome, String> {
    let kube = selection.kube_api()?;
    let mut outcome = Outcome::default();
    let mut merged: Vec<Diagnostic> = Vec::new();
    let mut custom = read_crd_files(crds, &mut outcome, &mut merged);
    read_chart_crds(chart_crds, &mut custom, &mut outcome, &mut merged);
    outcome.incomplete |= merged.iter().any(|d| d.severity == Severity::Error);
    // The same problem in several environments is reported once; within one set, every finding
    // stands (two identical-looking objects are two problems). Value: (set, index in `merged`).
    let mut seen: HashMap<FindingKey, Vec<(usize, usize)>> = HashMap::new();
    let mut freeing = Vec::new();
    let mut levels = pod_security::Levels::default();
    let assess_levels = selection.enabled(&rules::security::pod_security::RULE);
    for (set_index, set) in sets.iter().enumerate() {
        let mut objects: Vec<Object> = Vec::new();
        for (index, input) in set.iter().enumerate() {
            let text = Arc::clone(&input.text);
            let (mut parsed, problems) = parse_objects(&text, index, &input.name);
            if parsed.is_empty() && problems.is_empty() {
                merged.push(nothing_to_lint(input));
            }
            outcome.incomplete |= parsed.is_empty() || !problems.is_empty();
            merged.extend(problems);
            objects.append(&mut parsed);
            outcome.sources.insert(input.name.clone(), text);
        }
        outcome.objects += objects.len();
        let problems_before = merged.len();
        let mut own = Cow::Borrowed(&custom);
        if objects.iter().any(is_crd) {
            let name = |o: &Object| set[o.input].name.as_str();
            add_crds(own.to_mut(), &objects, name, &mut merged);
        }
        outcome.incomplete |= merged.len() > problems_before;
        let mut context = Context::new(&objects, kube, &own);
        context.pod_security = selection.pod_security;
        let environment = set.first().and_then(|input| input.environment.as_deref());
        if assess_levels {
            for pod in context.pod_templates() {
                levels.add(&pod, &pod_security::evaluate(&pod), environment);
            }
        }
        let found = run(&context, environment, selection);
        load_trees(&found);
        let mut ordinals = None;
        for finding in found {
            let environment = set[finding.object.input].environment.clone();
            let key = (
                finding.rule.id.to_owned(),
                finding.object.display(),
                finding.pointer.clone(),
                finding.message.clone(),
            );
            let earlier = seen.entry(key).or_default();
            match earlier.iter_mut().find(|(set, _)| *set != set_index) {
                Some((set, at)) => {
                    // Claimed for this set, so a second identical finding here stands alone.
                    *set = set_index;
                    merged[*at].environments.extend(environment);
                }
                None => {
                    earlier.push((set_index, merged.len()));
                    let input = &set[finding.object.input];
                    let mut diagnostic = to_diagnostic(&finding, input, selection);
                    if input.chart.is_some() {
                        let ordinals = ordinals.get_or_insert_with(|| documents(&objects));
                        diagnostic.subject = subject(&finding, ordinals);
                    }
                    merged.push(diagnostic);
                }
            }
        }
        drop(context);
        // Freeing a large tree of objects takes as long as a good part of linting it: beside
        // the next set's work; the last set's is the caller's (`Outcome::skip_freeing`).
        let previous = std::mem::replace(&mut outcome.last_set, objects);
        if !previous.is_empty() {
            freeing.push(std::thread::spawn(move || drop(previous)));
        }
    }
    // No thread outlives the call.
    for handle in freeing {
        handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    }
    merged.sort_by(|a, b| place(a).cmp(&place(b)).then(a.code.cmp(b.code)));
    outcome.diagnostics = merged;
    outcome.pod_security = levels.finish();
    Ok(outcome)
}

/// The schemas of the CRDs in `crds` (files given for every set); a file without a CRD is a
/// problem.
fn read_crd_files(
    crds: &[Input],
    outcome: &mut Outcome,
    problems: &mut Vec<Diagnostic>,
) -> CustomSchemas {
    let mut custom = CustomSchemas::default();
    for (index, input) in crds.iter().enumerate() {
        let text = Arc::clone(&input.text);
        let (parsed, unparsed) = parse_objects(&text, index, &input.name);
        let readable = unparsed.is_empty();
        problems.extend(unparsed);
        if add_crds(&mut custom, &parsed, |_| &input.name, problems) == 0 && readable {
            problems.push(
                Diagnostic::error(
                    &codes::NO_CRD,
                    format!("{} has no CustomResourceDefinition", input.name),
                )
                .help("`--crds` and the config's `crds:` take files of CRDs only"),
            );
        }
        outcome.sources.insert(input.name.clone(), text);
    }
    custom
}

/// Adds the CRDs of a chart's `crds/` files to `custom`. Documents that are not CRDs (nor
/// Kubernetes objects: a `kustomization.yaml`) are skipped with a note; broken YAML and CRDs
/// that cannot be used stay errors.
fn read_chart_crds(
    files: &[Input],
    custom: &mut CustomSchemas,
    outcome: &mut Outcome,
    problems: &mut Vec<Diagnostic>,
) {
    for (index, input) in files.iter().enumerate() {
        let text = Arc::clone(&input.text);
        let (parsed, unparsed) = parse_objects(&text, index, &input.name);
        for problem in unparsed {
            let not_an_object = [codes::NOT_AN_OBJECT.id, codes::INCOMPLETE_OBJECT.id];
            if not_an_object.contains(&problem.code) {
                let mut note = Diagnostic::error(
                    &codes::NOT_A_CRD,
                    format!(
                        "{} holds a document that is not a Kubernetes object; it is skipped",
                        input.name
                    ),
                )
                .note(problem.message);
                note.location = problem.location;
                problems.push(note.help(NOT_A_CRD_HELP));
            } else {
                problems.push(problem);
            }
        }
        for object in parsed.iter().filter(|o| !is_crd(o)) {
            problems.push(
                Diagnostic::error(
                    &codes::NOT_A_CRD,
                    format!(
                        "{} in {} is not a CustomResourceDefinition; chartcheck reads only CRDs from a chart's crds/",
                        object.display(),
                        input.name
                    ),
                )
                .at(&input.name, object.span("/kind"))
                .help(NOT_A_CRD_HELP),
            );
        }
        add_crds(custom, &parsed, |_| &input.name, problems);
        outcome.sources.insert(input.name.clone(), text);
    }
}

const NOT_A_CRD_HELP: &str = "list it in the chart's .helmignore when helm should not see it \
                              either, or move it to templates/";

/// How messages name an input: `-` is standard input.
pub fn spoken(name: &str) -> &str {
    if name == "-" { "standard input" } else { name }
}

/// An input without a single object: linting it proves nothing, so it is not "clean".
fn nothing_to_lint(input: &Input) -> Diagnostic {
    let start = crate::yaml::Position {
        line: 1,
        column: 1,
        offset: 0,
    };
    let span = crate::yaml::Span { start, end: start };
    let what = spoken(&input.name);
    Diagnostic::error(
        &codes::NO_OBJECTS,
        format!("{what} has no Kubernetes objects to lint"),
    )
    .at(input.name.clone(), span)
    .note("it is empty, or holds only comments and empty Lists")
    .help("check what produced it, or leave it out")
}

fn is_crd(object: &Object) -> bool {
    object.kind == "CustomResourceDefinition" && object.api_version == "apiextensions.k8s.io/v1"
}

/// Adds the schemas of the CRDs among `objects`; a CRD that cannot be read is a problem at
/// its position (its custom resources stay unchecked). Returns how many CRDs there were.
fn add_crds<'o>(
    custom: &mut CustomSchemas,
    objects: &'o [Object],
    origin: impl Fn(&'o Object) -> &'o str,
    problems: &mut Vec<Diagnostic>,
) -> usize {
    let crds: Vec<&Object> = objects.iter().filter(|o| is_crd(o)).collect();
    for crd in &crds {
        if let Err(error) = custom.add(&crd.json, origin(crd)) {
            problems.push(
                Diagnostic::error(
                    &codes::INVALID_CRD,
                    format!("CustomResourceDefinition `{}` {}", crd.name, error.message),
                )
                .at(origin(crd).to_owned(), crd.span(&error.pointer))
                .help("its custom resources were not checked against it"),
            );
        }
    }
    crds.len()
}

/// Where a diagnostic points, for sorting: file, then offset.
fn place(diagnostic: &Diagnostic) -> Option<(&std::path::Path, usize)> {
    let location = diagnostic.location.as_ref()?;
    Some((&location.file, location.span.start.offset))
}

/// Runs every selected rule, lets findings that restate another rule's give way to it, and
/// drops what the objects' annotations or the config suppress.
fn run<'a>(
    context: &Context<'a>,
    environment: Option<&str>,
    selection: &Selection,
) -> Vec<Finding<'a>> {
    let rules: Vec<&'static Rule> = rules::all()
        .iter()
        .copied()
        .filter(|r| selection.enabled(r))
        .collect();
    // Rules are independent and read the set only: run them on every core, and keep the
    // findings in rule order.
    let runs = crate::parallel::in_runs(&rules, 1, |run| {
        let mut found = Vec::new();
        for &rule in run {
            let mut findings = Findings::new(rule);
            (rule.check)(context, &mut findings);
            found.extend(findings.into_vec());
        }
        found
    });
    let mut found: Vec<Finding<'a>> = runs.into_iter().flatten().collect();
    // Before suppression: a problem suppressed under its dedicated rule stays suppressed.
    give_way(&mut found);
    found.retain(|f| !config::suppressed(f, environment, selection));
    found
}

/// Drops each finding that yields (see [`Finding::yields`]) when another rule reports the same
/// field of the same object, and notes it on that finding: one problem, one finding.
fn give_way(found: &mut Vec<Finding<'_>>) {
    if !found.iter().any(|f| f.yields.is_some()) {
        return;
    }
    let mut firsts: HashMap<(*const Object, &str), usize> = HashMap::new();
    for (index, finding) in found.iter().enumerate() {
        if finding.yields.is_none() {
            firsts
                .entry((std::ptr::from_ref(finding.object), finding.pointer.as_str()))
                .or_insert(index);
        }
    }
    let mut notes: Vec<(usize, String)> = Vec::new();
    let mut keep = vec![true; found.len()];
    for (index, finding) in found.iter().enumerate() {
        let Some(note) = &finding.yields else {
            continue;
        };
        let key = (std::ptr::from_ref(finding.object), finding.pointer.as_str());
        if let Some(&other) = firsts.get(&key)
            && found[other].rule.id != finding.rule.id
        {
            keep[index] = false;
            notes.push((other, note.clone()));
        }
    }
    for (index, note) in notes {
        if !found[index].notes.contains(&note) {
            found[index].notes.push(note);
        }
    }
    let mut keep = keep.into_iter();
    found.retain(|_| keep.next().unwrap_or(true));
}

/// Reads positions again for the objects with findings, on every core: for a large set with
/// many findings this is a good part of the work.
fn load_trees(findings: &[Finding<'_>]) {
    let mut objects: Vec<&Object> = findings.iter().map(|f| f.object).collect();
    objects.sort_by_key(|o| std::ptr::from_ref(*o));
    objects.dedup_by_key(|o| std::ptr::from_ref(*o));
    crate::parallel::in_runs(&objects, 16, |run| run.iter().for_each(|o| _ = o.tree()));
}

fn to_diagnostic(finding: &Finding<'_>, input: &Input, selection: &Selection) -> Diagnostic {
    let object = finding.object;
    let mut severity = finding.severity.unwrap_or(finding.rule.severity);
    let mut notes = finding.notes.clone();
    // A `helm test` pod runs for a moment, when someone runs `helm test`: its hardening gaps
    // are worth knowing, not failing on. Defects (a floating tag, a wrong field) stay as they are.
    if severity == Severity::Warning && is_test_hook(object) {
        severity = Severity::Note;
        notes.push(
            "a note here, not a warning: a `helm test` hook, which runs only when `helm test` \
             is run"
                .to_owned(),
        );
    }
    let severity = selection.severity(finding.rule).unwrap_or(severity);
    let mut diagnostic = Diagnostic::finding(finding.rule, finding.message.clone())
        .at(
            input.name.clone(),
            if finding.on_value {
                object.value_span(&finding.pointer)
            } else {
                object.span(&finding.pointer)
            },
        )
        .pointer(finding.pointer.clone());
    diagnostic.severity = severity;
    diagnostic.object = Some(ObjectRef {
        kind: object.kind.clone(),
        namespace: object.namespace.clone(),
        name: object.name.clone(),
    });
    diagnostic.template = object.template.clone();
    diagnostic.environments.extend(input.environment.clone());
    diagnostic.notes = notes;
    diagnostic.help = finding.help.clone();
    diagnostic.culprit = finding.culprit.clone();
    diagnostic.redact = finding.redact;
    diagnostic
}

/// True for a `helm test` hook (`helm.sh/hook: test`, or Helm 2's `test-success`/`test-failure`).
fn is_test_hook(object: &Object) -> bool {
    object.json["metadata"]["annotations"]["helm.sh/hook"]
        .as_str()
        .is_some_and(|hooks| {
            hooks
                .split(',')
                .any(|hook| matches!(hook.trim(), "test" | "test-success" | "test-failure"))
        })
}

/// For each object of a render, how many objects of its kind from its template come before it.
fn documents(objects: &[Object]) -> HashMap<*const Object, usize> {
    let mut seen: HashMap<(&str, Option<&str>), usize> = HashMap::new();
    objects
        .iter()
        .map(|o| {
            let count = seen.entry((&o.kind, o.template.as_deref())).or_default();
            *count += 1;
            (std::ptr::from_ref(o), *count - 1)
        })
        .collect()
}

/// What tracing needs of a finding's object: which of its template's documents it is, the
/// names of the list items along the pointer, and the offending scalar.
fn subject(finding: &Finding<'_>, documents: &HashMap<*const Object, usize>) -> Option<Subject> {
    let object = finding.object;
    let template = object.template.clone()?;
    let document = documents
        .get(&std::ptr::from_ref(object))
        .copied()
        .unwrap_or(0);
    let mut item_names = Vec::new();
    let mut node = Some(&object.json);
    for segment in finding.pointer.split('/').skip(1) {
        let token = crate::yaml::unescape_token(segment);
        node = match node {
            Some(serde_json::Value::Array(items)) => {
                let item = token.parse::<usize>().ok().and_then(|i| items.get(i));
                item_names.push(
                    item.and_then(|i| i.get("name"))
                        .and_then(|n| n.as_str())
                        .map(str::to_owned),
                );
                item
            }
            Some(serde_json::Value::Object(map)) => map.get(&token),
            _ => None,
        };
    }
    let value = node.filter(|v| !v.is_object() && !v.is_array()).cloned();
    Some(Subject {
        template,
        document,
        kind: object.kind.clone(),
        item_names,
        value,
    })
}

/// True when `severity` is at or above the level that fails a run.
pub fn fails(severity: Severity, fail_on: Severity) -> bool {
    severity >= fail_on
}
