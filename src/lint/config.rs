//! Which rules run, at what severity, and what is suppressed: `.chartcheck.yaml`, the
//! `--select`/`--ignore` flags, and `chartcheck.io/ignore` annotations on objects.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::pod_security::Level;
use super::rule::{Finding, Rule};
use super::rules;
use crate::diagnostic::Severity;
use crate::yaml::{self, Limits};

/// The annotation that suppresses rules on one object: a comma-separated list of rule ids.
pub const IGNORE_ANNOTATION: &str = "chartcheck.io/ignore";
/// The reason for [`IGNORE_ANNOTATION`]; without one the annotation has no effect.
pub const REASON_ANNOTATION: &str = "chartcheck.io/ignore-reason";
/// The config file's name, looked up from the current directory (or the chart) upwards.
pub const CONFIG_FILE: &str = ".chartcheck.yaml";

/// `.chartcheck.yaml`: the project's settings. Paths are relative to the file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// The chart directory.
    #[serde(default)]
    pub chart: Option<PathBuf>,
    /// The environments' values files, one render each.
    #[serde(default)]
    pub values: Vec<PathBuf>,
    /// A directory whose `*.yaml` files are the environments (when `values` is not given).
    #[serde(default)]
    pub values_dir: Option<PathBuf>,
    /// The release name the chart is rendered as.
    #[serde(default)]
    pub release: Option<String>,
    /// The release namespace.
    #[serde(default)]
    pub namespace: Option<String>,
    /// Rule ids or group names to run; empty runs every rule.
    #[serde(default)]
    pub select: Vec<String>,
    /// Rule ids or group names not to run.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Severity per rule id: `error`, `warning` or `note`.
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
    /// The lowest severity that fails the run (exit 1): `error` (default) or `warning`.
    #[serde(default)]
    pub fail_on: Option<Severity>,
    /// Rules ignored for particular objects, each with a reason.
    #[serde(default)]
    pub objects: Vec<ObjectIgnore>,
    /// The Kubernetes minor version the `schema` rules check against (e.g. `1.33`).
    #[serde(default)]
    pub kube_version: Option<String>,
    /// Files or directories of CustomResourceDefinitions whose schemas check custom
    /// resources, relative to the config file.
    #[serde(default)]
    pub crds: Vec<PathBuf>,
    /// API versions the target cluster serves beyond the Kubernetes version's own (CRDs it
    /// has, as `group/version` or `group/version/Kind`): charts render as on that cluster.
    #[serde(default)]
    pub api_versions: Vec<String>,
    /// The Pod Security Standards level workloads must meet: `baseline` or `restricted`
    /// (failing it is an error; unset, `pod-security` checks `baseline` as warnings).
    #[serde(default)]
    pub pod_security: Option<Level>,
}

/// Rules ignored for the objects that match every given field.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectIgnore {
    /// Only in this environment's render (the values file's name without `.yaml`).
    pub environment: Option<String>,
    pub kind: Option<String>,
    pub namespace: Option<String>,
    pub name: Option<String>,
    /// Rule ids or group names.
    pub ignore: Vec<String>,
    /// Why; required.
    pub reason: String,
}

/// The effective selection: config file and flags together.
#[derive(Debug, Default)]
pub struct Selection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub severities: BTreeMap<String, Severity>,
    pub objects: Vec<ObjectIgnore>,
    pub fail_on: Option<Severity>,
    /// The target Kubernetes version; [`crate::kube::DEFAULT_VERSION`] when not set.
    pub kube_version: Option<String>,
    /// The Pod Security Standards level enforced; unset, `baseline` at the rule's severity.
    pub pod_security: Option<Level>,
}

impl Selection {
    /// The selection a config file describes.
    pub fn from_config(config: &ConfigFile) -> Self {
        Self {
            select: config.select.clone(),
            ignore: config.ignore.clone(),
            severities: config.severity.clone(),
            objects: config.objects.clone(),
            fail_on: config.fail_on,
            kube_version: config.kube_version.clone(),
            pod_security: config.pod_security,
        }
    }

    pub fn enabled(&self, rule: &Rule) -> bool {
        (self.select.is_empty() || names(&self.select, rule)) && !names(&self.ignore, rule)
    }

    /// The API of the target Kubernetes version.
    ///
    /// # Errors
    /// A version there are no schemas for, with the ones there are.
    pub fn kube_api(&self) -> Result<&'static crate::kube::Api, String> {
        crate::kube::target(self.kube_version.as_deref())
    }

    pub fn severity(&self, rule: &Rule) -> Option<Severity> {
        self.severities.get(rule.id).copied()
    }

    /// Every rule id or group name this selection mentions that no rule has.
    pub fn unknown_names(&self) -> Vec<String> {
        self.select
            .iter()
            .chain(&self.ignore)
            .chain(self.severities.keys())
            .chain(self.objects.iter().flat_map(|o| &o.ignore))
            .filter(|name| !rules::is_known(name))
            .cloned()
            .collect()
    }
}

/// True when `names` mentions the rule by id, by group, or as `all`.
fn names(names: &[String], rule: &Rule) -> bool {
    names
        .iter()
        .any(|n| n == rule.id || n == rule.group.name() || n == "all")
}

/// True when the object's annotations (with a reason) or the config ignore this finding, found
/// in `environment`'s render (None for plain files).
pub fn suppressed(finding: &Finding<'_>, environment: Option<&str>, selection: &Selection) -> bool {
    let object = finding.object;
    let annotations = &object.json["metadata"]["annotations"];
    let by_annotation = annotations[IGNORE_ANNOTATION].as_str().is_some_and(|list| {
        let reason = annotations[REASON_ANNOTATION].as_str().unwrap_or("").trim();
        let listed: Vec<String> = list.split(',').map(|s| s.trim().to_owned()).collect();
        !reason.is_empty() && names(&listed, finding.rule)
    });
    let by_config = selection.objects.iter().any(|ignore| {
        let matches = |want: &Option<String>, have: &str| want.as_deref().is_none_or(|w| w == have);
        ignore
            .environment
            .as_deref()
            .is_none_or(|e| Some(e) == environment)
            && matches(&ignore.kind, &object.kind)
            && matches(&ignore.namespace, &object.namespace)
            && matches(&ignore.name, &object.name)
            && names(&ignore.ignore, finding.rule)
    });
    by_annotation || by_config
}

/// Reads a config file; the error names the file and, for YAML errors, the position.
pub fn read_config(path: &Path) -> Result<ConfigFile, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let documents = yaml::load_str(&text, &Limits::default())
        .map_err(|e| format!("{}:{}: {}", path.display(), e.span.start, e.message))?;
    let Some(document) = documents.into_iter().next() else {
        return Ok(ConfigFile::default());
    };
    if matches!(document.root.value, yaml::Value::Null) {
        return Ok(ConfigFile::default());
    }
    // Unquoted, YAML reads `kube-version: 1.30` as the number 1.3.
    if let Some(version) = document.root.get("kube-version")
        && !matches!(version.value, yaml::Value::String(_))
    {
        return Err(format!(
            "{}:{}: `kube-version` must be a string: write it in quotes, e.g. `kube-version: \"1.30\"` (unquoted, YAML reads 1.30 as the number 1.3)",
            path.display(),
            version.span.start
        ));
    }
    // serde knows no positions: an unknown top-level key is found again to name its line.
    let keys: Vec<(String, yaml::Position)> = match &document.root.value {
        yaml::Value::Map(entries) => entries
            .iter()
            .map(|entry| (entry.key.clone(), entry.key_span.start))
            .collect(),
        _ => Vec::new(),
    };
    serde_json::from_value(document.root.into_json()).map_err(|e| {
        let message = e.to_string();
        let at = keys
            .iter()
            .find(|(key, _)| message.starts_with(&format!("unknown field `{key}`")))
            .map(|(_, position)| format!(":{position}"))
            .unwrap_or_default();
        format!("{}{at}: {message}", path.display())
    })
}
