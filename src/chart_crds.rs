//! The CustomResourceDefinition files helm installs with a chart: every `*.yaml`, `*.yml` and
//! `*.json` below `crds/`, in the chart and in each unpacked subchart under `charts/`, less
//! what each chart's `.helmignore` leaves out.

use std::path::{Path, PathBuf};

use crate::helmignore::HelmIgnore;

/// The chart's CRD files, sorted within each chart, the chart's own first.
pub fn crd_files(chart: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    collect(chart, &mut files);
    files
}

fn collect(chart: &Path, files: &mut Vec<PathBuf>) {
    let ignore = HelmIgnore::of_chart(chart);
    let kept = |path: &Path, is_dir: bool| {
        let relative = path.strip_prefix(chart).unwrap_or(path);
        let relative = relative.to_string_lossy().replace('\\', "/");
        !ignore.ignores(&relative, is_dir)
    };
    let crds = chart.join("crds");
    if crds.is_dir() && kept(&crds, true) {
        let walk = walkdir::WalkDir::new(&crds)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            // An ignored directory is skipped whole, as helm's loader does.
            .filter_entry(|entry| kept(entry.path(), entry.file_type().is_dir()));
        for entry in walk.flatten() {
            let manifest = matches!(
                entry.path().extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            );
            if entry.file_type().is_file() && manifest {
                files.push(entry.into_path());
            }
        }
    }
    let Ok(entries) = std::fs::read_dir(chart.join("charts")) else {
        return;
    };
    let mut subcharts: Vec<PathBuf> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|dir| dir.join("Chart.yaml").is_file() && kept(dir, true))
        .collect();
    subcharts.sort();
    for subchart in subcharts {
        collect(&subchart, files);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helmignore_and_subcharts() {
        let dir = tempfile::tempdir().unwrap();
        let chart = dir.path();
        let write = |path: &str, text: &str| {
            let path = chart.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("Chart.yaml", "name: a\n");
        write(".helmignore", "crds/kustomization.yaml\nold/\n");
        write("crds/b.yaml", "");
        write("crds/a.json", "");
        write("crds/notes.txt", "");
        write("crds/kustomization.yaml", "");
        write("crds/old/c.yaml", "");
        write("charts/sub/Chart.yaml", "name: sub\n");
        write("charts/sub/crds/d.yml", "");
        write("charts/sub.tgz/crds/e.yaml", "");
        let names: Vec<String> = crd_files(chart)
            .iter()
            .map(|p| p.strip_prefix(chart).unwrap().display().to_string())
            .collect();
        assert_eq!(
            names,
            ["crds/a.json", "crds/b.yaml", "charts/sub/crds/d.yml"]
        );
    }
}
