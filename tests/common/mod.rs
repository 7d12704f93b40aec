//! Shared helpers for tests that render the chart with the real Helm engine.
#![allow(dead_code)] // each test binary uses its own subset

pub mod resp;

use std::path::{Path, PathBuf};

use chartcheck::helm::Helm;
use chartcheck::manifest::{Object as Document, parse_objects};
use chartcheck::render::{RenderError, Template, template};
use serde_json::Value;

pub const RELEASE: &str = "journal";
pub const NAMESPACE: &str = "journal";
pub const ENVIRONMENTS: [&str; 3] = ["dev", "staging", "prod"];

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn chart_dir() -> PathBuf {
    repo().join("chart")
}

pub fn env_file(env: &str) -> PathBuf {
    repo().join("values").join(format!("{env}.yaml"))
}

/// The helm these tests need. Missing helm fails the test: it must never skip silently.
pub fn helm() -> Helm {
    Helm::locate().unwrap_or_else(|err| {
        panic!("{err}\nThese tests need the real Helm engine: install helm, or run ci/setup and put ci/bin on PATH (make test does both).")
    })
}

/// A render request for the chart as the release `journal` in namespace `journal`.
pub fn request() -> Template {
    Template::new(chart_dir(), RELEASE, NAMESPACE)
}

/// Renders and parses, failing the test on any helm or YAML error.
pub fn render(request: &Template) -> Vec<Document> {
    let text = template(&helm(), request).unwrap_or_else(|err| panic!("{err}"));
    let (documents, errors) = parse_objects(&text.as_str().into(), 0, "render");
    assert!(
        errors.is_empty(),
        "rendered YAML does not parse: {errors:?}"
    );
    documents
}

pub fn render_env(env: &str) -> Vec<Document> {
    render(&request().values_file(env_file(env)))
}

/// Renders expecting helm to fail; returns helm's message.
pub fn render_error(request: &Template) -> String {
    match template(&helm(), request) {
        Ok(_) => panic!(
            "render of {} succeeded, expected a failure",
            request.label()
        ),
        Err(RenderError::Failed { message, .. }) => message,
        Err(other) => panic!("helm could not run: {other}"),
    }
}

/// Writes `yaml` to a values file in `dir` and returns its path.
pub fn values_file(dir: &Path, name: &str, yaml: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, yaml).unwrap();
    path
}

/// The one object of `kind` named `name`; fails the test when there is not exactly one.
pub fn object<'a>(docs: &'a [Document], kind: &str, name: &str) -> &'a Value {
    let found: Vec<_> = docs
        .iter()
        .filter(|d| d.kind == kind && d.name == name)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one {kind}/{name}, found {}",
        found.len()
    );
    &found[0].json
}

pub fn objects<'a>(docs: &'a [Document], kind: &str) -> Vec<&'a Value> {
    docs.iter()
        .filter(|d| d.kind == kind)
        .map(|d| &d.json)
        .collect()
}

/// Reads a YAML file as JSON values.
pub fn read_yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The chart's defaults with an environment's file merged over them, exactly as Helm merges
/// them (the library's merge, which `validate` uses): what the templates see.
pub fn merged_values(env: &str) -> Value {
    let load = |path: &Path| {
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let documents = chartcheck::yaml::load_str(&text, &Default::default())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        documents.into_iter().map(|d| d.root).collect::<Vec<_>>()
    };
    let defaults = load(&chart_dir().join("values.yaml"));
    let environment = load(&env_file(env));
    let defaults: Vec<_> = defaults.iter().map(|n| (0, n)).collect();
    let environment: Vec<_> = environment.iter().map(|n| (1, n)).collect();
    chartcheck::validate::merge::coalesce(&defaults, &environment).value
}

/// Every pod template (or bare Pod spec) in the render, with the owning object's kind and name.
pub fn pod_specs(docs: &[Document]) -> Vec<(String, &Value)> {
    docs.iter()
        .filter_map(|d| {
            let spec = match d.kind.as_str() {
                "Pod" => &d.json["spec"],
                "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "Job" => {
                    &d.json["spec"]["template"]["spec"]
                }
                _ => return None,
            };
            Some((format!("{}/{}", d.kind, d.name), spec))
        })
        .collect()
}

/// Pod template labels of every workload, with the owning object.
pub fn pod_labels(docs: &[Document]) -> Vec<(String, &Value)> {
    docs.iter()
        .filter_map(|d| {
            let labels = match d.kind.as_str() {
                "Pod" => &d.json["metadata"]["labels"],
                "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "Job" => {
                    &d.json["spec"]["template"]["metadata"]["labels"]
                }
                _ => return None,
            };
            Some((format!("{}/{}", d.kind, d.name), labels))
        })
        .collect()
}

/// "repo:tag", "repo:tag@digest" or "repo@digest" for an image block of the values.
pub fn image_ref(image: &Value) -> String {
    let mut reference = image["repository"].as_str().unwrap().to_owned();
    if let Some(tag) = image["tag"].as_str().filter(|t| !t.is_empty()) {
        reference += &format!(":{tag}");
    }
    if let Some(digest) = image["digest"].as_str().filter(|d| !d.is_empty()) {
        reference += &format!("@{digest}");
    }
    reference
}

/// Fails the test, never skips it, when `tool` is not on PATH; `install` says how to get it.
pub fn require_on_path(tool: &str, install: &str) {
    let found = std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .any(|dir| dir.join(tool).is_file());
    assert!(found, "{tool} is not on PATH: {install}");
}

/// How to get the project venv's test tools onto PATH.
pub const VENV_TOOLS: &str = "run ci/setup and use `make test`, which adds .venv/bin to PATH";

/// Copies the directory tree `from` to `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// `chartcheck ARGS` from the built binary in `dir`, without colour: (stdout, stderr, exit code).
pub fn chartcheck_in(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_chartcheck"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
        output.status.code().unwrap(),
    )
}

/// For tests that build chartcheck with `cargo install`, as a user's tools do (the pre-commit
/// hooks, the Helm plugin): one target directory kept between runs, and crates from the local
/// registry cache as `cargo test` left it, not the network.
pub fn user_build(command: &mut std::process::Command) -> &mut std::process::Command {
    command
        .env("CARGO_TARGET_DIR", repo().join("target/installed"))
        .env("CARGO_NET_OFFLINE", "true")
}
