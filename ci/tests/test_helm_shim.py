"""Tests for the project helm shim, run as a subprocess through ci/bin/helm.

Run with: .venv/bin/python -m pytest ci/tests
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
from pathlib import Path

import helm_python
import pytest

CI = Path(__file__).resolve().parents[1]
HELM = CI / "bin" / "helm"


def helm(*args: str | Path, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(HELM), *map(str, args)], input=stdin, capture_output=True,
                          text=True, cwd=cwd, timeout=60)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def make_chart(root: Path, name: str, values: str = "", **templates: str) -> Path:
    """A minimal chart; template keyword names use '__' for '/' (tests__t.yaml)."""
    chart = root / name
    write(chart / "Chart.yaml", f"apiVersion: v2\nname: {name}\nversion: 0.1.0\nicon: https://example.com/i.png\n")
    write(chart / "values.yaml", values)
    for fname, body in templates.items():
        write(chart / "templates" / fname.replace("__", "/"), body)
    return chart


def assert_user_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 1, result
    assert result.stderr.startswith("Error: "), result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    for needle in needles:
        assert needle in result.stderr, result.stderr


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`helm create demo`: a Deployment, Service, ... and a test hook pod."""
    root = tmp_path_factory.mktemp("scaffold")
    helm_python.Chart.create("demo", root).close()
    return root / "demo"


VALUES_CM = """apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-values
  namespace: {{ .Release.Namespace }}
data:
  values: {{ toJson .Values | b64enc | quote }}
"""


def rendered_values(output: str) -> dict[str, object]:
    encoded = re.search(r'values: "([^"]*)"', output)
    assert encoded, output
    decoded: dict[str, object] = json.loads(base64.b64decode(encoded.group(1)))
    return decoded


# --- template: output format and hooks ------------------------------------------

def test_template_scaffold_output_format(demo: Path) -> None:
    result = helm("template", "demo", demo)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("---\n# Source: demo/templates/")
    assert out.endswith("\n")
    hook = "---\n# Source: demo/templates/tests/test-connection.yaml\napiVersion: v1\nkind: Pod\n"
    assert out.count(hook) == 1
    # Hooks come after every regular manifest.
    assert out.index(hook) > out.index("# Source: demo/templates/deployment.yaml")
    assert "name: \"demo-test-connection\"" in out


def test_template_default_release_name(demo: Path) -> None:
    out = helm("template", demo, "--no-hooks").stdout
    assert "app.kubernetes.io/instance: release-name" in out


def test_skip_tests_and_no_hooks_drop_test_hook(demo: Path) -> None:
    full = helm("template", "demo", demo).stdout
    skip = helm("template", "demo", demo, "--skip-tests")
    none = helm("template", "demo", demo, "--no-hooks")
    assert skip.returncode == none.returncode == 0
    assert "test-connection" not in skip.stdout and "test-connection" not in none.stdout
    assert full.startswith(skip.stdout)  # only the hook section was dropped


HOOK_TEST = """apiVersion: v1
kind: Pod
metadata:
  name: smoke
  annotations:
    "helm.sh/hook": test
"""
HOOK_PRE = """apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  annotations:
    "helm.sh/hook": pre-install,pre-upgrade
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: migrate-sa
  annotations:
    "helm.sh/hook": pre-install
"""
PLAIN_CM = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n"


def test_hooks_exact_output_and_order(tmp_path: Path) -> None:
    """File paths sorted (tests/ < z-), then a stable sort by kind: SA, Pod, Job."""
    chart = make_chart(tmp_path, "hooks", **{"cm.yaml": PLAIN_CM, "tests__smoke.yaml": HOOK_TEST,
                                            "z-pre.yaml": HOOK_PRE})
    result = helm("template", "rel", chart)
    assert result.returncode == 0, result.stderr
    job, sa = HOOK_PRE.split("---\n")
    expected = (
        "---\n# Source: hooks/templates/cm.yaml\n" + PLAIN_CM
        # A document keeps its trailing newline only when it ends its file.
        + "---\n# Source: hooks/templates/z-pre.yaml\n" + sa + "\n"
        "---\n# Source: hooks/templates/tests/smoke.yaml\n" + HOOK_TEST + "\n"
        "---\n# Source: hooks/templates/z-pre.yaml\n" + job.rstrip("\n") + "\n"
    )
    assert result.stdout == expected


def test_skip_tests_keeps_other_hooks(tmp_path: Path) -> None:
    chart = make_chart(tmp_path, "hooks", **{"cm.yaml": PLAIN_CM, "tests__smoke.yaml": HOOK_TEST,
                                            "z-pre.yaml": HOOK_PRE})
    skip = helm("template", chart, "--skip-tests").stdout
    assert "name: smoke" not in skip and "name: migrate-sa" in skip and "name: migrate\n" in skip
    none = helm("template", chart, "--no-hooks").stdout
    assert none == "---\n# Source: hooks/templates/cm.yaml\n" + PLAIN_CM


def test_show_only(tmp_path: Path) -> None:
    chart = make_chart(tmp_path, "hooks", **{"cm.yaml": PLAIN_CM, "z-pre.yaml": HOOK_PRE})
    only = helm("template", chart, "--show-only", "templates/cm.yaml")
    assert only.stdout == "---\n# Source: hooks/templates/cm.yaml\n" + PLAIN_CM
    assert_user_error(helm("template", chart, "-s", "templates/nope.yaml"),
                      "could not find template templates/nope.yaml in chart")


def test_split_and_sort_match_helm(demo: Path, tmp_path: Path) -> None:
    """The shim's SplitManifests/kind sort, applied to the non-hook documents,
    must rebuild libhelm_c's own install manifest byte for byte."""
    import sys
    sys.path.insert(0, str(CI))
    import helm_shim

    chart = make_chart(tmp_path, "mix", **{"a.yaml": PLAIN_CM + "---\n" + HOOK_TEST + "\n---\n" +
                                           "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n\n\n",
                                           "b.yaml": "# only a comment\n---\n" + PLAIN_CM})
    for path in (demo, chart):
        files = helm_python.Chart.load(path).render({}, name="r", namespace="default")
        docs = [(name, doc) for name in sorted(files) if not name.endswith("NOTES.txt")
                for doc in helm_shim.split_manifests(files[name])
                if "helm.sh/hook" not in doc]
        kinds = [str(helm_python.values_from_yaml(doc).get("kind", "")) for _, doc in docs]
        order = sorted(range(len(docs)), key=lambda i: helm_shim.INSTALL_ORDER.get(kinds[i], 99))
        rebuilt = "".join(f"---\n# Source: {docs[i][0]}\n{docs[i][1]}\n" for i in order)
        assert rebuilt == helm_shim.lib_install(str(path), "r", {}, {"namespace": "default"})["manifest"]


# --- values -----------------------------------------------------------------

def test_values_files_merge_in_order(tmp_path: Path) -> None:
    chart = make_chart(tmp_path, "vals", "image:\n  repo: base\n  tag: v0\nkeep: chart\ndropme: chart\n",
                       **{"cm.yaml": VALUES_CM})
    one = write(tmp_path / "one.yaml", "image:\n  tag: v1\n  pull: Always\nlevel: one\n")
    two = write(tmp_path / "two.yaml", "image:\n  tag: v2\nlevel: two\ndropme: null\n")
    result = helm("template", chart, "-f", one, "-f", two)
    assert result.returncode == 0, result.stderr
    assert rendered_values(result.stdout) == {
        "image": {"repo": "base", "tag": "v2", "pull": "Always"},  # nested maps merge
        "keep": "chart",
        "level": "two",  # the later file wins
    }  # and null removed the chart default `dropme`


def test_set_overrides_values_files(tmp_path: Path) -> None:
    chart = make_chart(tmp_path, "vals", **{"cm.yaml": VALUES_CM})
    one = write(tmp_path / "one.yaml", "image:\n  tag: v1\n  repo: r\nport: 80\n")
    result = helm("template", chart, "--set", "image.tag=v9", "-f", one, "--set-string", "port=8080",
                  "--set-json", 'extra={"a":[1,2]}')
    assert result.returncode == 0, result.stderr
    assert rendered_values(result.stdout) == {"image": {"tag": "v9", "repo": "r"}, "port": "8080",
                                              "extra": {"a": [1, 2]}}


def test_values_from_stdin_and_multiple_documents(tmp_path: Path) -> None:
    chart = make_chart(tmp_path, "vals", **{"cm.yaml": VALUES_CM})
    result = helm("template", chart, "-f", "-", stdin="a: 1\nb: {c: 2}\n---\nb: {d: 3}\n")
    assert result.returncode == 0, result.stderr
    assert rendered_values(result.stdout) == {"a": 1, "b": {"c": 2, "d": 3}}


def test_namespace_flag(tmp_path: Path) -> None:
    chart = make_chart(tmp_path, "vals", **{"cm.yaml": VALUES_CM})
    assert "  namespace: prod\n" in helm("template", chart, "-n", "prod").stdout
    assert "  namespace: default\n" in helm("template", chart).stdout


# --- errors -----------------------------------------------------------------

def test_required_value_error(tmp_path: Path) -> None:
    body = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ required \"x is required\" .Values.x }}\n"
    chart = make_chart(tmp_path, "req", **{"cm.yaml": body})
    result = helm("template", chart)
    assert_user_error(result, "execution error at (req/templates/cm.yaml:4:11): x is required")
    assert re.match(r"Error: .*x is required", result.stderr)
    assert helm("template", chart, "--set", "x=ok").returncode == 0


def test_schema_violation(tmp_path: Path) -> None:
    chart = make_chart(tmp_path, "schema", "replicaCount: 1\n", **{"cm.yaml": VALUES_CM})
    write(chart / "values.schema.json", json.dumps(
        {"type": "object", "properties": {"replicaCount": {"type": "integer"}}}))
    bad = write(tmp_path / "bad.yaml", "replicaCount: three\n")
    assert_user_error(helm("template", chart, "-f", bad), "/replicaCount", "want integer")
    assert helm("template", chart).returncode == 0


def test_missing_values_file(tmp_path: Path) -> None:
    chart = make_chart(tmp_path, "vals", **{"cm.yaml": VALUES_CM})
    missing = tmp_path / "nope.yaml"
    assert_user_error(helm("template", chart, "-f", missing),
                      f"open {missing}: no such file or directory")


def test_not_a_chart(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    assert_user_error(helm("template", tmp_path / "plain"), str(tmp_path / "plain"), "Chart.yaml")
    assert_user_error(helm("template", tmp_path / "absent"), "not found")


def test_unsupported_and_unknown_flags(demo: Path) -> None:
    assert_user_error(helm("template", demo, "--post-renderer", "x"), "not supported by the project shim")
    assert_user_error(helm("template", demo, "--no-such-flag"), "unknown flag: --no-such-flag")
    assert_user_error(helm("install", "x", demo), 'unknown command "install"')


def test_shim_without_venv(tmp_path: Path) -> None:
    shutil.copytree(CI / "bin", tmp_path / "ci" / "bin")
    result = subprocess.run([str(tmp_path / "ci" / "bin" / "helm"), "version"], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr == "helm (project shim): run ci/setup first to create .venv\n"


# --- lint / version / help ----------------------------------------------------

def test_lint_strict_clean_chart(tmp_path: Path) -> None:
    chart = make_chart(tmp_path, "clean", **{"cm.yaml": PLAIN_CM})
    result = helm("lint", chart, "--strict")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"==> Linting {chart}\n\n1 chart(s) linted, 0 chart(s) failed\n"


def test_lint_strict_fails_on_warning(tmp_path: Path) -> None:
    ingress = "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: old\n"
    chart = make_chart(tmp_path, "warn", **{"ing.yaml": ingress})
    loose = helm("lint", chart)
    assert loose.returncode == 0
    assert "[WARNING] templates/ing.yaml: extensions/v1beta1 Ingress is deprecated" in loose.stdout
    strict = helm("lint", chart, "--strict")
    assert strict.returncode == 1
    assert strict.stdout.startswith(f"==> Linting {chart}\n[WARNING] templates/ing.yaml:")
    assert strict.stderr.endswith("Error: 1 chart(s) linted, 1 chart(s) failed\n")


def test_lint_scaffold_info(demo: Path) -> None:
    result = helm("lint", demo)
    assert result.returncode == 0
    assert result.stdout == f"==> Linting {demo}\n[INFO] Chart.yaml: icon is recommended\n\n" \
                            "1 chart(s) linted, 0 chart(s) failed\n"


def test_version() -> None:
    short = helm("version", "--short")
    assert short.returncode == 0 and re.fullmatch(r"v4\.\d+\.\d+\n", short.stdout)
    full = helm("version").stdout
    assert full.startswith('version.BuildInfo{Version:"v4.') and "project-shim" in full


@pytest.mark.parametrize("command", ["template", "lint", "version"])
def test_help(command: str) -> None:
    result = helm(command, "--help")
    assert result.returncode == 0 and f"helm {command}" in result.stdout
