//! Where a command's chart, environments and settings come from, wherever it is run.
//!
//! Flags win; then the project's `.chartcheck.yaml` (`chart`, `values`, `values-dir`,
//! `release`, `namespace`, paths relative to it); then the chart in the current directory
//! with its own `values.yaml`. The config is the nearest `.chartcheck.yaml` from the current
//! directory upwards; with `--chart DIR`, the nearest from DIR upwards, and only when it sits
//! in DIR or names DIR as its chart, so another chart never borrows this project's settings.

use std::path::{Component, Path, PathBuf};

use crate::kube;
use crate::lint::config::{CONFIG_FILE, ConfigFile, read_config};
use crate::render::{Cluster, Template, environment_files};

/// Which config file to use.
#[derive(Debug, Clone, Copy)]
pub enum ConfigChoice<'a> {
    /// The nearest `.chartcheck.yaml` that applies.
    Nearest,
    /// This file (`--config`).
    File(&'a Path),
    /// None (`--no-config`).
    Off,
}

/// What the command line says; `None` and empty lists leave it to the config and defaults.
#[derive(Debug, Clone, Copy)]
pub struct Flags<'a> {
    pub chart: Option<&'a Path>,
    /// Values files given with `-f`: one environment each.
    pub values: &'a [PathBuf],
    pub values_dir: Option<&'a Path>,
    pub release: Option<&'a str>,
    pub namespace: Option<&'a str>,
    /// `--set` and `--set-string` assignments, applied to every render.
    pub set: &'a [String],
    pub set_string: &'a [String],
    /// The Kubernetes version renders target (`.Capabilities.KubeVersion`).
    pub kube_version: Option<&'a str>,
    /// Extra `.Capabilities.APIVersions` entries (CRDs the cluster has).
    pub api_versions: &'a [String],
    pub config: ConfigChoice<'a>,
}

/// The release name when neither a flag nor the config gives one, as `helm template` names it.
pub const DEFAULT_RELEASE: &str = "release-name";

/// A config file in use: where it is (as the user would type it) and what it says.
#[derive(Debug)]
pub struct Config {
    pub path: PathBuf,
    pub file: ConfigFile,
}

impl Config {
    /// The directory the config's paths are relative to.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new(""))
    }
}

/// Everything a command needs to know about the project it runs on.
#[derive(Debug)]
pub struct Project {
    pub config: Option<Config>,
    /// The chart directory, or why none was found ([`Project::chart`]).
    chart: Result<PathBuf, String>,
    /// The environments' values files; empty when none is configured (the chart's own
    /// `values.yaml` is then the only environment).
    pub environments: Vec<PathBuf>,
    /// Where environment names resolve (`prod` → DIR/prod.yaml), when there is such a place.
    pub values_dir: Option<PathBuf>,
    pub release: String,
    pub namespace: String,
    pub set: Vec<String>,
    pub set_string: Vec<String>,
    /// The cluster renders are made for: the target version's APIs and the extra ones.
    pub cluster: Cluster,
}

impl Project {
    /// Resolves the flags against the config and the current directory.
    ///
    /// # Errors
    /// A config file that cannot be read, or values that are configured but not there; each
    /// message names what was looked for, where, and what changes it. A missing chart is not
    /// an error here (a lint of plain files needs none): see [`Project::chart`].
    pub fn resolve(flags: &Flags<'_>) -> Result<Self, String> {
        let cwd = std::env::current_dir()
            .map_err(|e| format!("cannot read the current directory: {e}"))?;
        let config = find(flags, &cwd)?;
        let chart = chart(flags, config.as_ref(), &cwd);
        let from_config = |setting: &'static str| {
            let path = config.as_ref().map_or(Path::new(""), |c| &c.path);
            format!("`{setting}` in {}", path.display())
        };
        let (environments, values_dir) = if !flags.values.is_empty() {
            (
                flags.values.to_vec(),
                flags.values_dir.map(Path::to_path_buf),
            )
        } else if let Some(dir) = flags.values_dir {
            (
                environments_in(dir, "--values-dir")?,
                Some(dir.to_path_buf()),
            )
        } else if let Some(config) = config.as_ref().filter(|c| !c.file.values.is_empty()) {
            let files = config.file.values.iter().map(|f| config.dir().join(f));
            (files.collect(), None)
        } else if let Some(config) = &config
            && let Some(dir) = &config.file.values_dir
        {
            let dir = config.dir().join(dir);
            (
                environments_in(&dir, &from_config("values-dir"))?,
                Some(dir),
            )
        } else {
            (Vec::new(), None)
        };
        let setting = |flag: Option<&str>, configured: fn(&ConfigFile) -> Option<&String>| {
            flag.map(str::to_owned)
                .or_else(|| config.as_ref().and_then(|c| configured(&c.file)).cloned())
        };
        let release = setting(flags.release, |c| c.release.as_ref());
        let namespace = setting(flags.namespace, |c| c.namespace.as_ref());
        let cluster = cluster(flags, config.as_ref())?;
        Ok(Self {
            set: flags.set.to_vec(),
            set_string: flags.set_string.to_vec(),
            cluster,
            environments,
            values_dir,
            release: release.unwrap_or_else(|| DEFAULT_RELEASE.to_owned()),
            namespace: namespace.unwrap_or_else(|| "default".to_owned()),
            chart,
            config,
        })
    }

    /// The chart directory.
    ///
    /// # Errors
    /// Where a chart was looked for, and how to name one.
    pub fn chart(&self) -> Result<&Path, String> {
        self.chart.as_deref().map_err(Clone::clone)
    }

    /// The values files to render, one environment each: the configured ones, or else the
    /// chart's own `values.yaml`.
    ///
    /// # Errors
    /// No chart.
    pub fn render_files(&self) -> Result<Vec<PathBuf>, String> {
        if self.environments.is_empty() {
            Ok(vec![self.chart()?.join("values.yaml")])
        } else {
            Ok(self.environments.clone())
        }
    }

    /// Renders of the chart as this project's release, one per values file.
    ///
    /// # Errors
    /// No chart.
    pub fn templates(&self, files: &[PathBuf]) -> Result<Vec<Template>, String> {
        let chart = self.chart()?;
        let mut release = Template::new(chart, &self.release, &self.namespace);
        release.set.clone_from(&self.set);
        release.set_string.clone_from(&self.set_string);
        release.cluster = Some(self.cluster.clone());
        // A chart need not have a values.yaml: its defaults are then no file at all.
        let no_defaults = |file: &PathBuf| self.environments.is_empty() && !file.exists();
        Ok(files
            .iter()
            .map(|file| {
                if no_defaults(file) {
                    release.clone()
                } else {
                    release.clone().values_file(file)
                }
            })
            .collect())
    }

    /// The config's CRD paths, relative to the current directory.
    pub fn config_crds(&self) -> Vec<PathBuf> {
        self.config.as_ref().map_or_else(Vec::new, |config| {
            config
                .file
                .crds
                .iter()
                .map(|p| config.dir().join(p))
                .collect()
        })
    }
}

/// The cluster to render for: the flag's or the config's Kubernetes version (else the newest
/// supported), serving what that version serves, and the API versions flags and config add.
fn cluster(flags: &Flags<'_>, config: Option<&Config>) -> Result<Cluster, String> {
    let file = config.map(|c| &c.file);
    let version = flags
        .kube_version
        .or_else(|| file.and_then(|f| f.kube_version.as_deref()));
    let api = kube::target(version)?;
    let mut api_versions = api.served_api_versions();
    let extra = file.map(|f| f.api_versions.as_slice()).unwrap_or_default();
    for added in flags.api_versions.iter().chain(extra) {
        if !api_versions.contains(added) {
            api_versions.push(added.clone());
        }
    }
    Ok(Cluster {
        kube_version: format!("v{}.0", api.version),
        api_versions,
    })
}

/// The config file the flags and the current directory choose.
fn find(flags: &Flags<'_>, cwd: &Path) -> Result<Option<Config>, String> {
    let read = |path: PathBuf| -> Result<Config, String> {
        let file = read_config(&path)?;
        Ok(Config { path, file })
    };
    match flags.config {
        ConfigChoice::Off => return Ok(None),
        ConfigChoice::File(path) => {
            if !path.is_file() {
                return Err(format!(
                    "config file {} not found (given with --config)",
                    path.display()
                ));
            }
            return read(path.to_path_buf()).map(Some);
        }
        ConfigChoice::Nearest => {}
    }
    let start = flags
        .chart
        .map_or_else(|| cwd.to_path_buf(), |c| cwd.join(c));
    let Some(found) = start
        .ancestors()
        .map(|dir| dir.join(CONFIG_FILE))
        .find(|candidate| candidate.is_file())
    else {
        return Ok(None);
    };
    let config = read(relative(cwd, &found))?;
    let Some(chart) = flags.chart else {
        return Ok(Some(config));
    };
    // With --chart, only a config that is the chart's own applies.
    let dir = found.parent().unwrap_or(cwd);
    let chart = cwd.join(chart);
    let names_chart = config
        .file
        .chart
        .as_ref()
        .is_some_and(|c| same_dir(&dir.join(c), &chart));
    Ok((same_dir(dir, &chart) || names_chart).then_some(config))
}

/// The chart directory the flags, the config or the current directory name.
fn chart(flags: &Flags<'_>, config: Option<&Config>, cwd: &Path) -> Result<PathBuf, String> {
    let check = |dir: PathBuf, how: String| {
        if dir.join("Chart.yaml").is_file() {
            Ok(dir)
        } else {
            Err(format!(
                "no chart at {}: it has no Chart.yaml ({how})",
                shown(&dir)
            ))
        }
    };
    if let Some(chart) = flags.chart {
        return check(chart.to_path_buf(), "given with --chart".to_owned());
    }
    if let Some(config) = config {
        if let Some(chart) = &config.file.chart {
            let how = format!("`chart` in {}", config.path.display());
            return check(config.dir().join(chart), how);
        }
        if config.dir().join("Chart.yaml").is_file() {
            return Ok(PathBuf::from(shown(config.dir())));
        }
    }
    if cwd.join("Chart.yaml").is_file() {
        return Ok(PathBuf::from("."));
    }
    let searched = match (config, flags.config) {
        (Some(config), _) => format!("{} has no `chart:`", config.path.display()),
        (None, ConfigChoice::Off) => format!("--no-config reads no {CONFIG_FILE}"),
        (None, _) => format!("no {CONFIG_FILE} in {} or above names one", cwd.display()),
    };
    Err(format!(
        "no chart found: no Chart.yaml in {}, and {searched}; give --chart DIR, or set `chart: DIR` in {CONFIG_FILE}",
        cwd.display()
    ))
}

/// The environment values files in `dir`, which must have some; `how` says who named it.
fn environments_in(dir: &Path, how: &str) -> Result<Vec<PathBuf>, String> {
    match environment_files(dir) {
        Ok(files) if files.is_empty() => Err(format!(
            "no values files (*.yaml, *.yml) in {} (the values directory, set by {how})",
            shown(dir)
        )),
        Ok(files) => Ok(files),
        Err(err) => Err(format!(
            "cannot read the values directory {} (set by {how}): {err}",
            shown(dir)
        )),
    }
}

/// A path as messages show it: `.` rather than nothing.
fn shown(path: &Path) -> String {
    if path.as_os_str().is_empty() {
        ".".to_owned()
    } else {
        path.display().to_string()
    }
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// `to` relative to `from` (both absolute): `chart`, `../values/prod.yaml`, as a user types it.
fn relative(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<Component<'_>> = from.components().collect();
    let to: Vec<Component<'_>> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut path = PathBuf::new();
    for _ in common..from.len() {
        path.push("..");
    }
    for component in &to[common..] {
        path.push(component);
    }
    path
}

#[cfg(test)]
mod tests {
    use super::relative;
    use std::path::Path;

    #[test]
    fn relative_paths() {
        let to = |from: &str, to: &str| relative(Path::new(from), Path::new(to));
        assert_eq!(
            to("/r", "/r/.chartcheck.yaml"),
            Path::new(".chartcheck.yaml")
        );
        assert_eq!(
            to("/r/a/b", "/r/.chartcheck.yaml"),
            Path::new("../../.chartcheck.yaml")
        );
        assert_eq!(to("/r/a", "/r/b/c"), Path::new("../b/c"));
    }
}
