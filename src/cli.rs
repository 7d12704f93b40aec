//! Command-line interface: subcommands and flags.

use std::path::{Path, PathBuf};

use chartcheck::diagnostic::Severity;
use chartcheck::project::{ConfigChoice, Flags, Project};
use chartcheck::report::Format;
use chartcheck::schema::Draft;
use clap::{Parser, Subcommand};

/// Checks Helm charts before a cluster sees them.
#[derive(Debug, Parser)]
#[command(name = "chartcheck", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render the chart with every environment's values file through helm, in parallel.
    ///
    /// With no -f, renders the chart once per configured environment (the settings' `values` or
    /// `values-dir`, else the chart's own values.yaml). Helm is found through HELM_BIN or PATH.
    /// Exit status 0 when every render succeeded, 2 when any failed (all are tried).
    Render(RenderArgs),
    /// Write CHART/values.schema.json from the typed values model.
    ///
    /// Helm validates every install, upgrade, template and lint against it. With --check, write
    /// nothing: exit 1 and print a unified diff when the file differs from what the model gives.
    Schema(SchemaArgs),
    /// Show what changes between two environments' renders, object by object.
    ///
    /// A and B are values files, or environment names (`prod` is the environment whose values
    /// file is prod.yaml, in --values-dir or the settings' `values`/`values-dir`). The
    /// chart is rendered with each; objects are matched by apiVersion, kind, namespace and
    /// name and compared as YAML with sorted keys, so reordering is no change. With --values,
    /// prints instead every values key whose value differs across the environments (all those
    /// configured, or those named), each merged over the chart's defaults as Helm does.
    /// Exit status: 0 (with --exit-code: 0 identical, 1 different), 2 could not compare.
    Diff(DiffArgs),
    /// Write the values reference into CHART/README.md, between marker comments.
    ///
    /// Every key with its type, default, constraints and description, from the values model
    /// (as values.schema.json) and CHART/values.yaml (defaults). Without the markers, a
    /// `## Values` section holding them is appended. With --check, write nothing: exit 1 and
    /// print a unified diff when the reference is stale.
    Docs(DocsArgs),
    /// Validate values files against the chart's values.schema.json, as Helm merges them.
    ///
    /// With no FILE, checks CHART/values.yaml and each configured environment's values file
    /// (the settings' `values` or `values-dir`) merged over it. Every
    /// error is reported at the file, line and column of the key or value that caused it.
    /// Exit status: 0 valid, 1 invalid, 2 could not check (missing file, broken YAML, no schema).
    Validate(ValidateArgs),
    /// Lint rendered manifests against best-practice rules.
    ///
    /// With no PATH, or a chart directory (one holding a Chart.yaml) as the only PATH, renders
    /// the chart with each environment's values file (each -f, else the settings' `values` or
    /// `values-dir`, else the chart's own values.yaml) through helm, in parallel, for the
    /// target Kubernetes version, and lints each render as one set with the chart's CRDs;
    /// findings the environments share are reported once. Settings come from the nearest
    /// .chartcheck.yaml (see --config). Other PATHs are manifest files, directories (every
    /// *.yaml and *.yml below) or `-` for standard input, linted together as one set.
    /// Exit status: 0 nothing at or above --fail-on, 1 findings, 2 something could not be linted.
    Lint(LintArgs),
    /// List every code chartcheck reports: the lint rules, then the problems `validate` and
    /// every command report (id, group or category, default severity, summary).
    Rules(RulesArgs),
    /// Print the documentation of a lint rule or any other code (or list a group's rules).
    Explain {
        /// The code, e.g. latest-tag or unknown-key.
        code: String,
    },
}

#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// A chart directory (one with a Chart.yaml), or manifest files, directories or `-`;
    /// when absent, the chart is rendered.
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Values files: one render (environment) each, instead of the configured environments.
    #[arg(short = 'f', long = "values")]
    pub values: Vec<PathBuf>,
    /// Directory of environment values files (default: the config's `values`/`values-dir`, else
    /// the chart's own values.yaml alone).
    #[arg(long)]
    pub values_dir: Option<PathBuf>,
    #[command(flatten)]
    pub release: Release,
    /// Run only these rules or groups (comma-separated); replaces the config's `select`.
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Do not run these rules or groups (comma-separated); adds to the config's `ignore`.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// The lowest severity that fails the run (default: the config's `fail-on`, else error).
    #[arg(long, value_enum)]
    pub fail_on: Option<Severity>,
    /// Files or directories of CustomResourceDefinitions whose schemas check custom resources
    /// (repeatable; adds to the config's `crds`). A rendered chart's `crds/` is always read.
    #[arg(long, value_name = "PATH")]
    pub crds: Vec<PathBuf>,
    /// The Pod Security Standards level every workload must meet: failing it is an error
    /// (default: the config's `pod-security`, else `baseline`, reported as warnings).
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub pod_security: Option<chartcheck::lint::pod_security::Level>,
    /// Do not render an environment again to find the values key of findings that reading
    /// the templates could not trace (template lines and most values keys need no render).
    #[arg(long)]
    pub no_trace: bool,
    /// Text output: also show the rendered lines each finding is on.
    #[arg(long)]
    pub show_rendered: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// Where the chart and the project's settings are.
#[derive(Debug, Clone, clap::Args)]
pub struct ProjectArgs {
    /// The chart directory (default: the config's `chart`, else the current directory).
    #[arg(long)]
    pub chart: Option<PathBuf>,
    /// Settings file to use instead of the nearest .chartcheck.yaml (found from the current
    /// directory upwards, or with --chart from the chart's directory upwards when it is the
    /// chart's own).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Use no settings file.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
}

impl ProjectArgs {
    /// The chart directory these flags and the settings file name.
    pub fn chart(&self) -> Result<PathBuf, String> {
        Ok(self.resolve(&[], None, None)?.chart()?.to_path_buf())
    }

    /// These flags, with the command's values flags, resolved against the settings file.
    pub fn resolve(
        &self,
        values: &[PathBuf],
        values_dir: Option<&Path>,
        release: Option<&Release>,
    ) -> Result<Project, String> {
        let config = match (&self.config, self.no_config) {
            (Some(path), _) => ConfigChoice::File(path),
            (None, true) => ConfigChoice::Off,
            (None, false) => ConfigChoice::Nearest,
        };
        Project::resolve(&Flags {
            chart: self.chart.as_deref(),
            values,
            values_dir,
            release: release.and_then(|r| r.name.as_deref()),
            namespace: release.and_then(|r| r.namespace.as_deref()),
            set: release.map(|r| r.set.as_slice()).unwrap_or_default(),
            set_string: release.map(|r| r.set_string.as_slice()).unwrap_or_default(),
            kube_version: release.and_then(|r| r.kube_version.as_deref()),
            api_versions: release
                .map(|r| r.api_versions.as_slice())
                .unwrap_or_default(),
            config,
        })
    }
}

/// The release a chart is rendered as.
#[derive(Debug, clap::Args)]
pub struct Release {
    /// Release name for rendering (default: the config's `release`, else `release-name`).
    #[arg(id = "release", long = "release", value_name = "RELEASE")]
    pub name: Option<String>,
    /// Release namespace for rendering (default: the config's `namespace`, else `default`).
    #[arg(short = 'n', long)]
    pub namespace: Option<String>,
    /// The Kubernetes minor version the chart is rendered for (`.Capabilities`), which lint's
    /// `schema` rules also check against (default: the config's `kube-version`, else the
    /// newest supported; `chartcheck rules --kube-versions` lists them).
    #[arg(long)]
    pub kube_version: Option<String>,
    /// Set a value for every render, as helm's `--set` (repeatable; after the values files).
    #[arg(long, value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Set a value, kept a string, as helm's `--set-string` (repeatable).
    #[arg(long, value_name = "KEY=VALUE")]
    pub set_string: Vec<String>,
    /// API versions the target cluster serves beyond its Kubernetes version's own, e.g. a
    /// CRD's `monitoring.coreos.com/v1` (comma-separated, repeatable; adds to the config's
    /// `api-versions`). Renders see them in `.Capabilities.APIVersions`.
    #[arg(long, value_delimiter = ',', value_name = "GROUP/VERSION[/KIND]")]
    pub api_versions: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// List the Kubernetes versions `--kube-version` accepts instead.
    #[arg(long)]
    pub kube_versions: bool,
}

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Values files, each checked as its own environment over the chart's defaults.
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Directory of environment values files, used when no FILE is given (default: the
    /// config's `values`/`values-dir`, else none: the chart's values.yaml alone).
    #[arg(long)]
    pub values_dir: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// Two values files or environment names (A B); with --values, any number, or none for
    /// every environment.
    #[arg(value_name = "A B")]
    pub sides: Vec<String>,
    /// Compare the environments' values instead of their renders.
    #[arg(long)]
    pub values: bool,
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Where environment names resolve: DIR/NAME.yaml (default: the config's `values` or
    /// `values-dir`).
    #[arg(long)]
    pub values_dir: Option<PathBuf>,
    #[command(flatten)]
    pub release: Release,
    /// Exit 1 when they differ.
    #[arg(long)]
    pub exit_code: bool,
    /// Output format: text (diffs and a summary) or json.
    #[arg(long, value_enum, default_value = "text")]
    pub format: DiffFormat,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum DiffFormat {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct DocsArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Compare instead of writing: exit 1 with a diff when the reference is stale.
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// JSON Schema draft to write (07 is read the same way by every Helm 3 and 4).
    #[arg(long, value_enum, default_value = "07")]
    pub draft: Draft,
    /// Compare instead of writing: exit 1 with a diff when the committed schema is stale.
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Directory of environment values files, used when no -f is given (default: the config's
    /// `values`/`values-dir`, else the chart's values.yaml alone).
    #[arg(long)]
    pub values_dir: Option<PathBuf>,
    /// Values files to render, one render each (instead of the configured environments).
    #[arg(short = 'f', long = "values")]
    pub values: Vec<PathBuf>,
    #[command(flatten)]
    pub release: Release,
    /// Write each render to DIR/<values file stem>.yaml.
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
}
