//! The Helm plugin (`plugin.yaml`), run the way helm runs it: the install hook through `sh -c`
//! with HELM_PLUGIN_DIR pointing at the installed plugin (a symlink to this repository, as
//! `helm plugin install <path>` makes), then the command with `$VARS` expanded, split at spaces,
//! and the user's arguments appended, with helm's own binary as HELM_BIN.

mod common;

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Output};

use common::{helm, repo, user_build};

#[derive(serde::Deserialize)]
struct Plugin {
    name: String,
    version: String,
    command: String,
    hooks: HashMap<String, String>,
}

fn plugin() -> Plugin {
    serde_saphyr::from_str(&std::fs::read_to_string(repo().join("plugin.yaml")).unwrap()).unwrap()
}

/// `$NAME` and `${NAME}` replaced from `vars`, as helm's os.ExpandEnv does.
fn expand(text: &str, vars: &HashMap<&str, String>) -> String {
    let mut out = text.to_owned();
    for (name, value) in vars {
        out = out
            .replace(&format!("${{{name}}}"), value)
            .replace(&format!("${name}"), value);
    }
    out
}

/// The environment helm gives a plugin installed at `dir`.
fn plugin_env(dir: &Path) -> HashMap<&'static str, String> {
    HashMap::from([
        ("HELM_PLUGIN_DIR", dir.display().to_string()),
        ("HELM_PLUGIN_NAME", "chartcheck".to_owned()),
        ("HELM_BIN", helm().path().display().to_string()),
    ])
}

/// `helm chartcheck ARGS` from the repository root.
fn run_plugin(dir: &Path, args: &[&str]) -> Output {
    let vars = plugin_env(dir);
    let command = expand(&plugin().command, &vars);
    let mut parts = command.split(' ');
    Command::new(parts.next().unwrap())
        .args(parts)
        .args(args)
        .current_dir(repo())
        .envs(&vars)
        .output()
        .unwrap()
}

#[test]
fn the_plugin_describes_this_version_of_chartcheck() {
    let plugin = plugin();
    assert_eq!(plugin.name, "chartcheck");
    assert_eq!(plugin.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(plugin.hooks["install"], plugin.hooks["update"]);
}

#[test]
fn installed_the_way_helm_installs_it_helm_chartcheck_runs_chartcheck() {
    let plugins = tempfile::tempdir().unwrap();
    let dir = plugins.path().join("chartcheck");
    std::os::unix::fs::symlink(repo(), &dir).unwrap();
    let vars = plugin_env(&dir);
    let install = user_build(
        Command::new("sh")
            .args(["-c", &expand(&plugin().hooks["install"], &vars)])
            .envs(&vars),
    )
    .output()
    .unwrap();
    let said = String::from_utf8_lossy(&install.stdout).into_owned()
        + &String::from_utf8_lossy(&install.stderr);
    assert!(install.status.success(), "{said}");
    assert!(
        said.contains(&format!("built chartcheck {}", env!("CARGO_PKG_VERSION"))),
        "{said}"
    );

    let lint = run_plugin(&dir, &["lint", "--fail-on", "warning"]);
    let out = String::from_utf8_lossy(&lint.stdout);
    assert!(
        lint.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&lint.stderr)
    );
    assert!(out.contains(": 0 errors, 0 warnings"), "{out}");

    let diff = run_plugin(&dir, &["diff", "--values", "--exit-code"]);
    assert_eq!(
        diff.status.code(),
        Some(1),
        "the environments differ on purpose"
    );
    assert!(String::from_utf8_lossy(&diff.stdout).contains("redis.replicas"));
}

#[test]
fn a_plugin_that_was_never_built_says_how_to_build_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("helm-plugin")).unwrap();
    std::fs::copy(
        repo().join("helm-plugin/run.sh"),
        dir.path().join("helm-plugin/run.sh"),
    )
    .unwrap();
    let output = run_plugin(dir.path(), &["lint"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "chartcheck plugin: not built; run `helm plugin update chartcheck`\n"
    );
}
