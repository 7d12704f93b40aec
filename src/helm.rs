//! Finding and running the `helm` binary.
//!
//! `HELM_BIN` wins when set; otherwise the first `helm` on `PATH`. Any helm-compatible command
//! works, such as the project's shim over Helm's Go engine (`ci/bin/helm`).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Why helm could not be used.
#[derive(Debug, thiserror::Error)]
pub enum HelmError {
    #[error("HELM_BIN={0} is not an executable file")]
    BadHelmBin(PathBuf),
    #[error("helm not found: set HELM_BIN to a helm binary or put `helm` on PATH")]
    NotFound,
    #[error("could not run {helm}: {source}")]
    Spawn {
        helm: PathBuf,
        source: std::io::Error,
    },
}

/// A located helm binary.
#[derive(Debug, Clone)]
pub struct Helm {
    path: PathBuf,
}

impl Helm {
    /// Locates helm from `HELM_BIN`, then `PATH`.
    pub fn locate() -> Result<Self, HelmError> {
        Self::locate_in(
            std::env::var_os("HELM_BIN").as_deref(),
            std::env::var_os("PATH").as_deref(),
        )
    }

    /// Locates helm from explicit `HELM_BIN` and `PATH` values (testable without touching the
    /// process environment).
    pub fn locate_in(helm_bin: Option<&OsStr>, path: Option<&OsStr>) -> Result<Self, HelmError> {
        if let Some(bin) = helm_bin.filter(|b| !b.is_empty()) {
            let bin = PathBuf::from(bin);
            return if is_executable(&bin) {
                Ok(Self { path: bin })
            } else {
                Err(HelmError::BadHelmBin(bin))
            };
        }
        path.into_iter()
            .flat_map(std::env::split_paths)
            .map(|dir| dir.join("helm"))
            .find(|candidate| is_executable(candidate))
            .map(|path| Self { path })
            .ok_or(HelmError::NotFound)
    }

    /// The binary that will be run.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs helm with `args` and returns its output, whatever its exit status.
    pub fn run<I, S>(&self, args: I) -> Result<Output, HelmError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        Command::new(&self.path)
            .args(args)
            .output()
            .map_err(|source| HelmError::Spawn {
                helm: self.path.clone(),
                source,
            })
    }
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn executable(dir: &Path, name: &str) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let path = dir.join(name);
        std::fs::write(&path, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    #[test]
    fn helm_bin_wins_over_path() {
        let dir = tempfile::tempdir().unwrap();
        let custom = executable(dir.path(), "my-helm");
        executable(dir.path(), "helm");
        let helm = Helm::locate_in(Some(custom.as_os_str()), Some(dir.path().as_os_str())).unwrap();
        assert_eq!(helm.path(), custom);
    }

    #[test]
    fn first_helm_on_path_is_used() {
        let first = tempfile::tempdir().unwrap();
        let second = tempfile::tempdir().unwrap();
        let expected = executable(second.path(), "helm");
        std::fs::write(first.path().join("helm"), "not executable").unwrap();
        let path = std::env::join_paths([first.path(), second.path()]).unwrap();
        let helm = Helm::locate_in(None, Some(&path)).unwrap();
        assert_eq!(helm.path(), expected);
    }

    #[test]
    fn missing_helm_is_a_clear_error() {
        let empty = tempfile::tempdir().unwrap();
        let err = Helm::locate_in(None, Some(empty.path().as_os_str())).unwrap_err();
        assert!(matches!(err, HelmError::NotFound));
        let err = Helm::locate_in(Some(OsStr::new("/nonexistent/helm")), None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "HELM_BIN=/nonexistent/helm is not an executable file"
        );
    }
}
