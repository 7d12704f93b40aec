//! Finding and running the `helm` binary.
//!
//! `HELM_BIN` wins when set; otherwise the first `helm` on `PATH`. Any helm-compatible command
//! works, such as the project's shim over Helm's Go engine (`ci/bin/helm`). A helm that does
//! not finish within `CHARTCHECK_HELM_TIMEOUT` seconds (default 120) is stopped.

use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// How long one helm run may take when `CHARTCHECK_HELM_TIMEOUT` does not say.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// Why helm could not be used.
#[derive(Debug, thiserror::Error)]
pub enum HelmError {
    #[error("HELM_BIN={0} is not an executable file")]
    BadHelmBin(PathBuf),
    #[error(
        "helm not found: HELM_BIN is not set and no `helm` is on PATH; install helm, or set HELM_BIN to a helm-compatible command such as chartcheck's shim over Helm's Go engine (`ci/bin/helm` in chartcheck's repository, after `ci/setup`; it renders but cannot install)"
    )]
    NotFound,
    #[error("CHARTCHECK_HELM_TIMEOUT={0:?} is not a number of seconds")]
    BadTimeout(String),
    #[error(
        "{helm} did not finish within {} s and was stopped (CHARTCHECK_HELM_TIMEOUT sets the limit)",
        .limit.as_secs_f64()
    )]
    TimedOut { helm: PathBuf, limit: Duration },
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
    timeout: Duration,
}

impl Helm {
    /// Locates helm from `HELM_BIN`, then `PATH`.
    pub fn locate() -> Result<Self, HelmError> {
        let helm = Self::locate_in(
            std::env::var_os("HELM_BIN").as_deref(),
            std::env::var_os("PATH").as_deref(),
        )?;
        match std::env::var("CHARTCHECK_HELM_TIMEOUT") {
            Ok(text) => {
                let seconds = text
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|s| s.is_finite() && *s > 0.0)
                    .ok_or(HelmError::BadTimeout(text))?;
                Ok(helm.with_timeout(Duration::from_secs_f64(seconds)))
            }
            Err(_) => Ok(helm),
        }
    }

    /// The same helm, stopped after `timeout`.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Locates helm from explicit `HELM_BIN` and `PATH` values (testable without touching the
    /// process environment).
    pub fn locate_in(helm_bin: Option<&OsStr>, path: Option<&OsStr>) -> Result<Self, HelmError> {
        if let Some(bin) = helm_bin.filter(|b| !b.is_empty()) {
            let bin = PathBuf::from(bin);
            return if is_executable(&bin) {
                Ok(Self {
                    path: bin,
                    timeout: DEFAULT_TIMEOUT,
                })
            } else {
                Err(HelmError::BadHelmBin(bin))
            };
        }
        path.into_iter()
            .flat_map(std::env::split_paths)
            .map(|dir| dir.join("helm"))
            .find(|candidate| is_executable(candidate))
            .map(|path| Self {
                path,
                timeout: DEFAULT_TIMEOUT,
            })
            .ok_or(HelmError::NotFound)
    }

    /// The binary that will be run.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs helm with `args` and returns its output, whatever its exit status; stops it after
    /// the timeout.
    pub fn run<I, S>(&self, args: I) -> Result<Output, HelmError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let spawn_error = |source| HelmError::Spawn {
            helm: self.path.clone(),
            source,
        };
        let mut command = Command::new(&self.path);
        // Its own process group, so a timeout stops whatever helm started too (plugins,
        // post-renderers).
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let mut child = command
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(spawn_error)?;
        // Both pipes are drained while helm runs, so a large render cannot block it.
        let stdout = drain(child.stdout.take());
        let stderr = drain(child.stderr.take());
        let deadline = Instant::now() + self.timeout;
        let mut pause = Duration::from_millis(2);
        let status = loop {
            if let Some(status) = child.try_wait().map_err(spawn_error)? {
                break status;
            }
            if Instant::now() >= deadline {
                if let Ok(group) = i32::try_from(child.id()) {
                    // SAFETY: signals the process group made for this child above.
                    unsafe { libc::kill(-group, libc::SIGKILL) };
                }
                let _ = child.kill();
                let _ = child.wait();
                return Err(HelmError::TimedOut {
                    helm: self.path.clone(),
                    limit: self.timeout,
                });
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(50));
        };
        Ok(Output {
            status,
            stdout: stdout.join().unwrap_or_default(),
            stderr: stderr.join().unwrap_or_default(),
        })
    }
}

/// Reads a child's pipe to its end on a thread of its own.
fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    })
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
