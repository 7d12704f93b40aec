//! Rendering a chart with `helm template`, one helm process per values file, in parallel.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::helm::{Helm, HelmError};

/// One `helm template` invocation.
#[derive(Debug, Clone)]
pub struct Template {
    /// The chart directory.
    pub chart: PathBuf,
    /// The release name (`.Release.Name`).
    pub release: String,
    /// The release namespace (`.Release.Namespace`).
    pub namespace: String,
    /// Values files, applied in order like repeated `-f`.
    pub values: Vec<PathBuf>,
    /// `--set key=value` overrides, applied after the values files.
    pub set: Vec<String>,
    /// `--set-string key=value` overrides (values stay strings), applied after `set`.
    pub set_string: Vec<String>,
    /// The cluster the chart is rendered for (`.Capabilities`); none leaves helm's defaults.
    pub cluster: Option<Cluster>,
}

/// What `.Capabilities` says about the target cluster.
#[derive(Debug, Clone)]
pub struct Cluster {
    /// `--kube-version`, e.g. `v1.37.0`.
    pub kube_version: String,
    /// `--api-versions`: `group/version` and `group/version/Kind` entries the cluster serves
    /// beyond helm's built-in list.
    pub api_versions: Vec<String>,
}

impl Template {
    /// A render of `chart` as `release` in `namespace` with no values files yet.
    pub fn new(chart: impl Into<PathBuf>, release: &str, namespace: &str) -> Self {
        Self {
            chart: chart.into(),
            release: release.to_owned(),
            namespace: namespace.to_owned(),
            values: Vec::new(),
            set: Vec::new(),
            set_string: Vec::new(),
            cluster: None,
        }
    }

    /// Adds a values file (`-f`).
    pub fn values_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.values.push(file.into());
        self
    }

    /// Adds a `--set key=value` override.
    pub fn set(mut self, assignment: impl Into<String>) -> Self {
        self.set.push(assignment.into());
        self
    }

    /// The helm command line, without the binary.
    pub fn args(&self) -> Vec<OsString> {
        let mut args: Vec<OsString> = vec![
            "template".into(),
            self.release.clone().into(),
            self.chart.clone().into(),
            "--namespace".into(),
            self.namespace.clone().into(),
        ];
        for file in &self.values {
            args.push("--values".into());
            args.push(file.clone().into());
        }
        for assignment in &self.set {
            args.push("--set".into());
            args.push(assignment.clone().into());
        }
        for assignment in &self.set_string {
            args.push("--set-string".into());
            args.push(assignment.clone().into());
        }
        if let Some(cluster) = &self.cluster {
            args.push("--kube-version".into());
            args.push(cluster.kube_version.clone().into());
            if !cluster.api_versions.is_empty() {
                args.push("--api-versions".into());
                args.push(cluster.api_versions.join(",").into());
            }
        }
        args
    }

    /// How this render is named in messages: its values files, or the chart's defaults, and
    /// any `--set`.
    pub fn label(&self) -> String {
        let mut label = if self.values.is_empty() {
            format!("{} (default values)", self.chart.display())
        } else {
            let files: Vec<String> = self
                .values
                .iter()
                .map(|f| f.display().to_string())
                .collect();
            files.join(" + ")
        };
        for (flag, assignments) in [("--set", &self.set), ("--set-string", &self.set_string)] {
            for assignment in assignments {
                label.push_str(&format!(" {flag} {assignment}"));
            }
        }
        label
    }
}

/// Why a render produced no manifest.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Helm(#[from] HelmError),
    #[error("helm template failed for {label} ({status}):\n{message}")]
    Failed {
        label: String,
        status: std::process::ExitStatus,
        message: String,
    },
    #[error("helm template printed output that is not UTF-8 for {label}")]
    NotUtf8 { label: String },
    /// Checked before helm runs, so the message is the same wherever it is read.
    #[error("cannot read the values file {}: {source}", .file.display())]
    ValuesFile {
        file: PathBuf,
        source: std::io::Error,
    },
}

/// Runs one `helm template` and returns what it printed.
pub fn template(helm: &Helm, request: &Template) -> Result<String, RenderError> {
    for file in &request.values {
        if let Err(source) = std::fs::File::open(file)
            .and_then(|f| f.metadata())
            .and_then(|m| {
                if m.is_dir() {
                    Err(std::io::Error::other("it is a directory"))
                } else {
                    Ok(())
                }
            })
        {
            return Err(RenderError::ValuesFile {
                file: file.clone(),
                source,
            });
        }
    }
    let output = helm.run(request.args())?;
    if !output.status.success() {
        return Err(RenderError::Failed {
            label: request.label(),
            status: output.status,
            message: sort_lists(String::from_utf8_lossy(&output.stderr).trim_end()),
        });
    }
    String::from_utf8(output.stdout).map_err(|_| RenderError::NotUtf8 {
        label: request.label(),
    })
}

/// Helm's message with each run of `- ` list lines sorted: helm lists several schema errors in
/// an order that changes from run to run, and chartcheck's output must not.
fn sort_lists(message: &str) -> String {
    let mut lines: Vec<&str> = message.lines().collect();
    let mut start = 0;
    while start < lines.len() {
        let end = start
            + lines[start..]
                .iter()
                .take_while(|line| line.starts_with("- "))
                .count();
        lines[start..end].sort_unstable();
        start = end + 1;
    }
    lines.join("\n")
}

/// Runs every request in its own helm process, all at once; results keep the requests' order.
pub fn template_all(helm: &Helm, requests: &[Template]) -> Vec<Result<String, RenderError>> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = requests
            .iter()
            .map(|request| scope.spawn(move || template(helm, request)))
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().expect("a render thread panicked"))
            .collect()
    })
}

/// An environment's name: its values file's name without `.yaml`.
pub fn environment_name(file: &Path) -> String {
    file.file_stem().map_or_else(
        || file.display().to_string(),
        |s| s.to_string_lossy().into_owned(),
    )
}

/// The environment values files in `dir`: every `*.yaml` and `*.yml`, sorted by name.
pub fn environment_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let is_yaml = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        );
        if is_yaml && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn args_keep_values_order_and_put_set_last() {
        let request = Template::new("chart", "journal", "prod")
            .values_file("a.yaml")
            .set("x=1")
            .values_file("b.yaml");
        let args: Vec<String> = request
            .args()
            .into_iter()
            .map(|a| a.into_string().unwrap())
            .collect();
        assert_eq!(
            args,
            [
                "template",
                "journal",
                "chart",
                "--namespace",
                "prod",
                "--values",
                "a.yaml",
                "--values",
                "b.yaml",
                "--set",
                "x=1"
            ]
        );
        assert_eq!(request.label(), "a.yaml + b.yaml --set x=1");
    }

    #[test]
    fn helm_error_lists_are_sorted() {
        let message = "Error: values don't meet the specifications:\njournal:\n- at '/b': x\n- at '/a': y\nlast\n- z\n- c";
        assert_eq!(
            sort_lists(message),
            "Error: values don't meet the specifications:\njournal:\n- at '/a': y\n- at '/b': x\nlast\n- c\n- z"
        );
    }

    #[test]
    fn environment_files_are_sorted_yaml_only() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["prod.yaml", "dev.yml", "notes.txt", "staging.yaml"] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        std::fs::create_dir(dir.path().join("sub.yaml")).unwrap();
        let names: Vec<_> = environment_files(dir.path())
            .unwrap()
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["dev.yml", "prod.yaml", "staging.yaml"]);
    }
}
