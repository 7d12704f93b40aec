//! Command-line interface: subcommands and flags.

use std::path::{Path, PathBuf};

use chartcheck::render::Template;
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
    /// With no -f, renders CHART once per values/*.yaml. Helm is found through HELM_BIN or
    /// PATH. Exit status 0 when every render succeeded, 2 when any failed (all are tried).
    Render(RenderArgs),
    /// Write CHART/values.schema.json from the typed values model.
    ///
    /// Helm validates every install, upgrade, template and lint against it. With --check, write
    /// nothing: exit 1 and print a unified diff when the file differs from what the model gives.
    Schema(SchemaArgs),
    /// Show what changes between two environments' renders, object by object.
    ///
    /// A and B are values files, or environment names (`prod` is VALUES_DIR/prod.yaml). The
    /// chart is rendered with each; objects are matched by apiVersion, kind, namespace and
    /// name and compared as YAML with sorted keys, so reordering is no change. With --values,
    /// prints instead every values key whose value differs across the environments (all of
    /// VALUES_DIR, or those named), each merged over the chart's defaults as Helm does.
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
    /// With no FILE, checks CHART/values.yaml and each values/*.yaml merged over it. Every
    /// error is reported at the file, line and column of the key or value that caused it.
    /// Exit status: 0 valid, 1 invalid, 2 could not check (missing file, broken YAML, no schema).
    Validate(ValidateArgs),
    /// Lint rendered manifests against best-practice rules.
    ///
    /// With no PATH, renders CHART with each values file (every values/*.yaml, or each -f) through
    /// helm, in parallel, and lints each render as one set; findings the environments share are
    /// reported once. PATHs are manifest files, directories (every *.yaml and *.yml below) or `-`
    /// for standard input, linted together as one set.
    /// Exit status: 0 nothing at or above --fail-on, 1 findings, 2 something could not be linted.
    Lint(LintArgs),
    /// List every lint rule: id, group, default severity, summary.
    Rules,
    /// Print one lint rule's documentation.
    Explain {
        /// The rule's id, e.g. latest-tag.
        rule: String,
    },
}

#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// Manifest files, directories or `-`; when absent, the chart is rendered.
    pub paths: Vec<PathBuf>,
    /// The chart directory to render.
    #[arg(long, default_value = "chart")]
    pub chart: PathBuf,
    /// Values files: one render (environment) each, instead of every file in --values-dir.
    #[arg(short = 'f', long = "values")]
    pub values: Vec<PathBuf>,
    /// Directory of environment values files, used when no -f is given.
    #[arg(long, default_value = "values")]
    pub values_dir: PathBuf,
    #[command(flatten)]
    pub release: Release,
    /// Run only these rules or groups (comma-separated); replaces the config's `select`.
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Do not run these rules or groups (comma-separated); adds to the config's `ignore`.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// The lowest severity that fails the run (default: the config's, else error).
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Config file to use instead of the nearest .chartcheck.yaml.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Use no config file.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// The Kubernetes minor version the `schema` rules check against (default: the config's,
    /// else the newest supported; `chartcheck rules` lists the supported ones).
    #[arg(long)]
    pub kube_version: Option<String>,
    /// Files or directories of CustomResourceDefinitions whose schemas check custom resources
    /// (repeatable; adds to the config's `crds`). A rendered chart's `crds/` is always read.
    #[arg(long, value_name = "PATH")]
    pub crds: Vec<PathBuf>,
    /// Do not trace findings back to the values key that set the offending value (tracing
    /// renders an environment once more when it has findings).
    #[arg(long)]
    pub no_trace: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// The release a chart is rendered as.
#[derive(Debug, clap::Args)]
pub struct Release {
    /// Release name for rendering.
    #[arg(
        id = "release",
        long = "release",
        value_name = "RELEASE",
        default_value = "journal"
    )]
    pub name: String,
    /// Release namespace for rendering.
    #[arg(short = 'n', long, default_value = "default")]
    pub namespace: String,
}

impl Release {
    /// A render of `chart` as this release, with one values file.
    pub fn template(&self, chart: &Path, values: &Path) -> Template {
        Template::new(chart, &self.name, &self.namespace).values_file(values)
    }
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Note,
}

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Values files, each checked as its own environment over the chart's defaults.
    pub files: Vec<PathBuf>,
    /// The chart directory (its values.yaml and values.schema.json).
    #[arg(long, default_value = "chart")]
    pub chart: PathBuf,
    /// Directory of environment values files, used when no FILE is given.
    #[arg(long, default_value = "values")]
    pub values_dir: PathBuf,
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
    /// The chart directory to render.
    #[arg(long, default_value = "chart")]
    pub chart: PathBuf,
    /// Where environment names resolve: DIR/NAME.yaml.
    #[arg(long, default_value = "values")]
    pub values_dir: PathBuf,
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
    /// The chart directory.
    #[arg(long, default_value = "chart")]
    pub chart: PathBuf,
    /// Compare instead of writing: exit 1 with a diff when the reference is stale.
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// The chart directory.
    #[arg(long, default_value = "chart")]
    pub chart: PathBuf,
    /// JSON Schema draft to write (07 is read the same way by every Helm 3 and 4).
    #[arg(long, value_enum, default_value = "07")]
    pub draft: Draft,
    /// Compare instead of writing: exit 1 with a diff when the committed schema is stale.
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// The chart directory.
    #[arg(long, default_value = "chart")]
    pub chart: PathBuf,
    /// Directory of environment values files, used when no -f is given.
    #[arg(long, default_value = "values")]
    pub values_dir: PathBuf,
    /// Values files to render, one render each (instead of every file in --values-dir).
    #[arg(short = 'f', long = "values")]
    pub values: Vec<PathBuf>,
    #[command(flatten)]
    pub release: Release,
    /// Write each render to DIR/<values file stem>.yaml.
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
}
