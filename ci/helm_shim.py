"""A helm-compatible command built on Helm's Go SDK (helm-python-sdk).

No `helm` binary can be installed on our machines, but helm-python-sdk bundles
Helm v4's real engine as a shared library. This module gives it helm's command
line for the subcommands the project needs: `template`, `lint` and `version`.
Output formats and error texts follow Helm's own source (pkg/cmd/template.go,
pkg/cmd/lint.go, pkg/cli/values/options.go, pkg/release/v1/util/*.go).
Run it through ci/bin/helm; see ci/README.md for the known differences.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
from dataclasses import dataclass
from typing import Any, NoReturn

import helm_python
from helm_python import _native

SHIM = "the project shim (ci/helm_shim.py)"
# Rendering with dry_run="client" never contacts a cluster, but libhelm_c
# still wants some kubeconfig; an empty one keeps ~/.kube/config out of it.
DUMMY_KUBECONFIG = "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n"
# Go's unicode.IsSpace, used by strings.TrimSpace / TrimLeftFunc.
GO_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
# releaseutil.SplitManifests; Go's \s is [\t\n\f\r ], narrower than Python's.
MANIFEST_SEP = re.compile(r"(?:^|[\t\n\f\r ]*\n)---[\t\n\f\r ]*")
# releaseutil.InstallOrder: hooks are stable-sorted by kind in this order.
INSTALL_ORDER = {kind: i for i, kind in enumerate((
    "PriorityClass Namespace NetworkPolicy ResourceQuota LimitRange PodSecurityPolicy "
    "PodDisruptionBudget ServiceAccount Secret SecretList ConfigMap StorageClass "
    "PersistentVolume PersistentVolumeClaim CustomResourceDefinition ClusterRole "
    "ClusterRoleList ClusterRoleBinding ClusterRoleBindingList Role RoleList RoleBinding "
    "RoleBindingList Service DaemonSet Pod ReplicationController ReplicaSet Deployment "
    "HorizontalPodAutoscaler StatefulSet Job CronJob IngressClass Ingress APIService "
    "MutatingWebhookConfiguration ValidatingWebhookConfiguration").split())}
HOOK_EVENTS = {"pre-install", "post-install", "pre-delete", "post-delete", "pre-upgrade",
               "post-upgrade", "pre-rollback", "post-rollback", "test", "test-success"}
# Install failures raised before rendering (pkg/action/install.go); every other
# install error happens while rendering, where helm template adds a hint.
PRE_RENDER_ERRORS = ("release name check failed", "chart dependencies processing failed",
                     "values don't meet the specifications", "invalid chart apiVersion",
                     "user supplied labels", "cluster reachability check failed")
DEBUG_HINT = "\n\nUse --debug flag to render out invalid YAML"


class ShimError(Exception):
    """A user-facing error, printed as `Error: <message>` with exit status 1."""


@dataclass
class Hook:
    path: str
    kind: str
    events: list[str]
    manifest: str


# --- values (pkg/cli/values/options.go MergeValues) --------------------------

def merge_maps(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """loader.MergeMaps: maps merge recursively, anything else (null too) overrides."""
    out = dict(a)
    for key, value in b.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge_maps(out[key], value)
        else:
            out[key] = value
    return out


def go_os_error(op: str, path: str, err: OSError) -> str:
    """Format an OSError the way Go's *PathError prints."""
    reason = err.strerror or str(err)
    return f"{op} {path}: {reason[:1].lower()}{reason[1:]}"


def yaml_documents(text: str, source: str) -> list[str]:
    """Split a stream like k8s.io/apimachinery's YAMLReader (used by loader.LoadValues)."""
    docs: list[str] = []
    buf: list[str] = []
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    for line in lines:
        line = line.removesuffix("\r")
        if line.startswith("---"):
            rest = line[3:].strip(GO_SPACE)
            if rest and not rest.startswith("#"):
                raise ShimError(f"failed to parse {source}: error reading yaml document: "
                                f"invalid Yaml document separator: {rest}")
            if buf:  # the separator ends a document; a leading one is kept as-is
                docs.append("".join(buf))
                buf = []
                continue
        buf.append(line + "\n")
    if buf:
        docs.append("".join(buf))
    return docs


def read_values_file(path: str) -> dict[str, Any]:
    """One -f file: every YAML document in it, merged, parsed by Helm's parser."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", path):
        raise ShimError(f"-f {path}: values from URLs are not supported by {SHIM}")
    try:
        data = sys.stdin.buffer.read() if path.strip() == "-" else open(path, "rb").read()
    except IsADirectoryError:
        raise ShimError(f"read {path}: is a directory") from None
    except OSError as err:
        raise ShimError(go_os_error("open", path, err)) from None
    values: dict[str, Any] = {}
    for doc in yaml_documents(data.decode("utf-8", errors="replace"), path):
        try:
            parsed = helm_python.values_from_yaml(doc)
        except helm_python.HelmValuesError as err:
            # values_from_yaml decodes into common.Values, LoadValues into a plain map.
            detail = str(err).replace("common.Values", "map[string]interface {}")
            raise ShimError(f"failed to parse {path}: cannot unmarshal yaml document: {detail}") from None
        values = merge_maps(values, parsed)
    return values


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(name)  # Go's encoding/json has no NaN/Infinity


def set_json(base: dict[str, Any], expr: str) -> dict[str, Any]:
    if expr.strip(GO_SPACE).startswith("{"):  # a whole JSON object is merged in
        try:
            obj = json.loads(expr.strip(GO_SPACE), parse_constant=_reject_constant)
        except ValueError:
            obj = None
        if not isinstance(obj, dict):
            raise ShimError(f"failed parsing --set-json data JSON: {expr}")
        return merge_maps(base, obj)
    try:
        return merge_maps(base, helm_python.parse_set_json(expr))
    except helm_python.HelmValuesError:
        raise ShimError(f"failed parsing --set-json data {expr}") from None


def merge_values(args: argparse.Namespace) -> dict[str, Any]:
    """MergeValues: -f files, then --set-json, --set, --set-string, --set-file, --set-literal.

    Helm parses each --set into the map in place; here each expression is parsed
    on its own and merged, which is the same except for list indices (README).
    """
    base: dict[str, Any] = {}
    for path in args.values:
        base = merge_maps(base, read_values_file(path))
    for expr in args.set_json:
        base = set_json(base, expr)
    parsers = (("--set", args.set, helm_python.parse_set_string),
               ("--set-string", args.set_string, helm_python.parse_set_string_values),
               ("--set-file", args.set_file, helm_python.parse_set_file),
               ("--set-literal", args.set_literal, helm_python.parse_set_literal))
    for flag, exprs, parse in parsers:
        for expr in exprs:
            try:
                base = merge_maps(base, parse(expr))
            except helm_python.HelmValuesError as err:
                raise ShimError(f"failed parsing {flag} data: {err}") from None
    return base


# --- manifests (pkg/release/v1/util) -----------------------------------------

def split_manifests(text: str) -> list[str]:
    """releaseutil.SplitManifests, in document order."""
    docs = MANIFEST_SEP.split(text.lstrip(GO_SPACE))
    return [doc.lstrip(GO_SPACE) for doc in docs if doc]


def parse_hook(path: str, doc: str) -> Hook | None:
    """The hook in one rendered document, or None if it is not a (known) hook."""
    head = helm_python.values_from_yaml(doc)  # Helm's YAML parser, as SortManifests uses
    meta = head.get("metadata")
    annotations = meta.get("annotations") if isinstance(meta, dict) else None
    if not isinstance(annotations, dict) or "helm.sh/hook" not in annotations:
        return None
    events = [e.strip(GO_SPACE).lower() for e in str(annotations["helm.sh/hook"]).split(",")]
    if any(e not in HOOK_EVENTS for e in events):
        return None  # helm skips a hook with any unknown event entirely
    events = ["test" if e == "test-success" else e for e in events]
    return Hook(path, str(head.get("kind") or ""), events, doc)


def sorted_hooks(files: dict[str, str]) -> list[Hook]:
    """SortManifests' hooks: by file path, then document order, then stable by kind."""
    hooks = []
    for path in sorted(files):
        content = files[path]
        if path.endswith("NOTES.txt") or os.path.basename(path).startswith("_"):
            continue
        if not content.strip(GO_SPACE):
            continue
        hooks += [h for doc in split_manifests(content) if (h := parse_hook(path, doc))]
    return sorted(hooks, key=lambda h: (0, INSTALL_ORDER[h.kind]) if h.kind in INSTALL_ORDER
                  else (1, h.kind))


def go_glob_regex(pattern: str) -> re.Pattern[str] | None:
    """Go's filepath.Match syntax as a regex; None for a malformed pattern."""
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "\\":
            i += 1
            if i == len(pattern):
                return None
            out.append(re.escape(pattern[i]))
        elif c == "[":  # [^a-z] classes; \x inside is a literal x, as in Go
            end = pattern.find("]", i + 2)
            if end < 0:
                return None
            body = pattern[i + 1:end]
            negate = body.startswith("^")
            body = re.sub(r"\\(.)|\[", lambda m: re.escape(m.group(1) or "["), body[negate:])
            out.append(("[^" if negate else "[") + body + "]")
            i = end
        else:
            out.append(re.escape(c))
        i += 1
    try:
        return re.compile("".join(out))
    except re.error:
        return None


def show_only(output: str, patterns: list[str]) -> str:
    """template.go --show-only: keep documents whose `# Source:` path matches."""
    docs = split_manifests(output)
    selected = []
    for pattern in (p.replace(os.sep, "/") for p in patterns):
        regex = go_glob_regex(pattern)
        found = False
        for doc in docs:
            source = re.search(r"# Source: [^/]+/(.+)", doc)
            if source and regex and regex.fullmatch(source.group(1)):
                selected.append(doc)
                found = True
        if not found:
            raise ShimError(f"could not find template {pattern} in chart")
    return "".join(f"---\n{doc}\n" for doc in selected)


# --- libhelm_c calls -----------------------------------------------------------
# helm_python's wrappers do not expose kube_version/api_versions/enable_dns
# although libhelm_c accepts them. The library rejects unknown option keys, so
# passing the JSON options directly fails loudly if the binding ever drifts
# (the SDK version is pinned in ci/requirements.txt).

def lib_install(chart_path: str, name: str, values: dict[str, Any], opts: dict[str, Any]) -> dict[str, Any]:
    with helm_python.Config(kubeconfig_content=DUMMY_KUBECONFIG, storage_driver="memory") as cfg:
        payload = _native.call_string(
            "helm_install", cfg._raw(), _native.HANDLE(0), _native.HANDLE(0), chart_path,
            name, json.dumps(values), json.dumps({"dry_run": "client", **opts}))
    release: dict[str, Any] = json.loads(payload)
    return release


def lib_render(chart: helm_python.Chart, values: dict[str, Any], opts: dict[str, Any]) -> dict[str, str]:
    payload = _native.call_string("helm_render", chart._raw(), json.dumps(values), json.dumps(opts))
    files: dict[str, str] = json.loads(payload)
    return files


# --- commands --------------------------------------------------------------------

def namespace(args: argparse.Namespace) -> str:
    return args.namespace or os.environ.get("HELM_NAMESPACE") or "default"


def name_and_chart(args: list[str]) -> tuple[str, str]:
    """action.Install.NameAndChart as `helm template` uses it."""
    if not args:
        raise ShimError('"helm template" requires at least 1 argument\n\n'
                        "Usage:  helm template [NAME] [CHART] [flags]")
    if len(args) > 2:
        raise ShimError(f"expected at most two arguments, unexpected arguments: {', '.join(args[2:])}")
    return (args[0], args[1]) if len(args) == 2 else ("release-name", args[0])


def locate_chart(ref: str) -> str:
    """ChartPathOptions.LocateChart, for local paths only."""
    path = ref.strip()
    if os.path.exists(path):
        return path
    if os.path.isabs(path) or path.startswith("."):
        raise ShimError(f'path "{path}" not found')
    raise ShimError(f'path "{path}" not found (chart repositories are not supported by {SHIM})')


def load_chart(path: str) -> helm_python.Chart:
    try:
        return helm_python.Chart.load(path)
    except helm_python.HelmError as err:  # helm's message does not name the chart
        raise ShimError(f'unable to load chart "{path}": {err}') from None


def check_chart(chart: helm_python.Chart) -> None:
    """The checks runInstall (pkg/cmd/install.go) makes before installing."""
    meta = chart.metadata
    if meta.get("type") not in (None, "", "application"):
        raise ShimError(f"{meta['type']} charts are not installable")
    if meta.get("deprecated"):
        print("WARNING: This chart is deprecated", file=sys.stderr)


def install_manifest(chart_path: str, name: str, values: dict[str, Any], opts: dict[str, Any]) -> str:
    try:
        return str(lib_install(chart_path, name, values, opts).get("manifest", ""))
    except helm_python.HelmChartInvalidError as err:
        msg = str(err).replace("chart dependencies are missing; run dependency update/build first",
                               "An error occurred while checking for chart dependencies. You may need "
                               "to run `helm dependency build` to fetch missing dependencies")
        raise ShimError(msg) from None
    except (helm_python.HelmReleaseError, helm_python.HelmRenderError) as err:
        msg = str(err)
        if not msg.startswith(PRE_RENDER_ERRORS):
            msg += DEBUG_HINT  # template.go: install returned a partial release
        raise ShimError(msg) from None


def cmd_template(args: argparse.Namespace) -> int:
    name, ref = name_and_chart(args.args)
    chart_path = locate_chart(ref)  # same order of checks as helm's runInstall
    values = merge_values(args)
    chart = load_chart(chart_path)
    check_chart(chart)
    caps: dict[str, Any] = {"kube_version": args.kube_version, "api_versions": args.api_versions or None}
    caps = {k: v for k, v in caps.items() if v}
    opts = {"namespace": namespace(args), "enable_dns": args.enable_dns or None, **caps}
    manifest = install_manifest(chart_path, name, values, {k: v for k, v in opts.items() if v})
    files: dict[str, str] = {}
    if not args.no_hooks or args.include_crds:
        # rel.Hooks are not returned by libhelm_c, so render again for them.
        # Rendering also drops disabled subcharts from `chart`, as install
        # does before helm reads the CRDs.
        render_opts = {"name": name, "namespace": namespace(args), "revision": 1, "is_install": True,
                       "enable_dns": args.enable_dns or None, **caps}
        files = lib_render(chart, values, {k: v for k, v in render_opts.items() if v is not None})
    if args.include_crds:  # renderResources writes CRDs ahead of the manifests
        crds = "".join(f"---\n# Source: {c['filename']}\n{c['data']}\n" for c in chart.crds)
        manifest = crds + manifest
    output = manifest.strip(GO_SPACE) + "\n"
    if not args.no_hooks:
        for hook in sorted_hooks(files):
            if not (args.skip_tests and "test" in hook.events):
                output += f"---\n# Source: {hook.path}\n{hook.manifest}\n"
    sys.stdout.write(show_only(output, args.show_only) if args.show_only else output)
    return 0


def lint_paths(args: argparse.Namespace) -> list[str]:
    paths = list(args.paths) or ["."]
    if args.with_subcharts:  # lint.go walks <path>/charts for more charts
        for base in list(paths):
            for root, dirs, files in os.walk(os.path.join(base, "charts")):
                dirs.sort()
                if "Chart.yaml" in files:
                    paths.append(root)
                paths += [os.path.join(root, f) for f in sorted(files) if f.endswith((".tgz", ".tar.gz"))]
    return paths


def format_lint(path: str, result: dict[str, Any], quiet: bool) -> str:
    """One chart's block of `helm lint` output."""
    lines = [f"==> Linting {path}"]
    if not result["messages"]:
        lines += [f"Error {err}" for err in result["errors"]]
    names = {1: "INFO", 2: "WARNING", 3: "ERROR"}
    for msg in result["messages"]:
        if not quiet or msg["severity"] > 1:
            lines.append(f"[{names.get(msg['severity'], 'UNKNOWN')}] {msg['path']}: {msg['error']}")
    return "\n".join(lines) + "\n\n"


def cmd_lint(args: argparse.Namespace) -> int:
    paths = lint_paths(args)
    values = merge_values(args)
    report, failed, noisy = "", 0, 0
    for path in paths:
        result = helm_python.lint(path, values, strict=args.strict, namespace=namespace(args),
                                  kube_version=args.kube_version or None,
                                  skip_schema_validation=args.skip_schema_validation or None)
        has_findings = bool(result["errors"]) or any(m["severity"] > 1 for m in result["messages"])
        noisy += has_findings
        if args.quiet and not has_findings:
            continue
        report += format_lint(path, result, args.quiet)
        failed += bool(result["errors"])
    sys.stdout.write(report)
    summary = f"{len(paths)} chart(s) linted, {failed} chart(s) failed"
    if failed:
        raise ShimError(summary)
    if not args.quiet or noisy:
        print(summary)
    return 0


def build_info() -> dict[str, str]:
    # GitCommit stays empty so `--short` prints the bare version, like a helm
    # built without git metadata; GitTreeState/GoVersion name the shim.
    return {"Version": helm_python.helm_sdk_version(), "GitCommit": "",
            "GitTreeState": "project-shim",
            "GoVersion": f"helm-python-sdk {helm_python.__version__} (ci/helm_shim.py)",
            "KubeClientVersion": ""}


def cmd_version(args: argparse.Namespace) -> int:
    info = build_info()
    if args.template:  # only plain {{ .Field }} references, no Go template logic
        def field(m: re.Match[str]) -> str:
            if m.group(1) not in info:
                raise ShimError(f"template: _:1: can't evaluate field {m.group(1)}")
            return info[m.group(1)]
        print(re.sub(r"\{\{-?\s*\.(\w+)\s*-?\}\}", field, args.template), end="")
    elif args.short:
        print(info["Version"])
    else:
        print("version.BuildInfo{" + ", ".join(f'{k}:"{v}"' for k, v in info.items()) + "}")
    return 0


# --- command line ------------------------------------------------------------

class Unsupported(argparse.Action):
    """A real helm flag the shim does not implement: fail instead of ignoring it."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs="?", help=argparse.SUPPRESS)

    def __call__(self, parser: Any, ns: Any, values: Any, option_string: str | None = None) -> None:
        raise ShimError(f"flag {option_string} is not supported by {SHIM}; see ci/README.md")


class CsvList(argparse.Action):
    """pflag StringSlice: repeatable, and each value is also split on commas."""

    def __call__(self, parser: Any, ns: Any, values: Any, option_string: str | None = None) -> None:
        items = getattr(ns, self.dest) or []
        setattr(ns, self.dest, items + next(csv.reader([values])))


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        unknown = re.match(r"unrecognized arguments: (-\S+)", message)
        if unknown:  # cobra's wording
            message = f"unknown flag: {unknown.group(1)}"
        raise ShimError(f"{message}\n\n{self.format_usage().strip()}")


GLOBAL_UNSUPPORTED = ("--debug", "--kube-context", "--kubeconfig", "--kube-apiserver", "--kube-as-user",
                      "--kube-as-group", "--kube-ca-file", "--kube-insecure-skip-tls-verify",
                      "--kube-tls-server-name", "--kube-token", "--burst-limit", "--qps",
                      "--registry-config", "--repository-cache", "--repository-config",
                      "--content-cache", "--color", "--colour")
TEMPLATE_UNSUPPORTED = ("--output-dir", "--post-renderer", "--post-renderer-args", "--validate",
                        "--is-upgrade", "--release-name", "--generate-name", "-g", "--name-template",
                        "--wait", "--wait-for-jobs", "--timeout", "--atomic", "--rollback-on-failure",
                        "--dependency-update", "--description", "--devel", "--version", "--repo",
                        "--username", "--password", "--pass-credentials", "--verify", "--keyring",
                        "--ca-file", "--cert-file", "--key-file", "--insecure-skip-tls-verify",
                        "--plain-http", "--render-subchart-notes", "--disable-openapi-validation",
                        "--labels", "-l", "--force", "--force-replace", "--force-conflicts",
                        "--server-side", "--hide-notes", "--hide-secret", "--take-ownership",
                        # libhelm_c's render (needed for hooks) always validates the schema.
                        "--skip-schema-validation")


def add_common(p: argparse.ArgumentParser, values: bool) -> None:
    p.add_argument("-n", "--namespace", default="", help="namespace scope (default: $HELM_NAMESPACE or 'default')")
    p.add_argument(*GLOBAL_UNSUPPORTED, action=Unsupported)
    if not values:
        return
    p.add_argument("-f", "--values", action=CsvList, default=[], metavar="FILE",
                   help="values YAML file, '-' for stdin (repeatable; later files win)")
    for flag, what in (("--set", "key=value"), ("--set-string", "key=value, value kept a string"),
                       ("--set-json", "key=JSON or a JSON object"), ("--set-file", "key=path"),
                       ("--set-literal", "key=value, taken verbatim")):
        p.add_argument(flag, action="append", default=[], metavar="EXPR", help=f"set {what} (repeatable)")
    p.add_argument("--kube-version", default="", help="Kubernetes version for Capabilities.KubeVersion")


def build_parsers() -> dict[str, Parser]:
    """One parser per subcommand (argparse cannot intermix args under subparsers)."""
    t = Parser(prog="helm template", usage="helm template [NAME] [CHART] [flags]",
               description="Render chart templates locally and display the output.")
    t.add_argument("args", nargs="*", metavar="[NAME] CHART")
    add_common(t, values=True)
    t.add_argument("--skip-tests", action="store_true", help="skip tests from templated output")
    t.add_argument("--no-hooks", action="store_true", help="leave hooks out of the output")
    t.add_argument("--include-crds", action="store_true", help="include CRDs in the templated output")
    t.add_argument("-s", "--show-only", action="append", default=[], metavar="PATH",
                   help="only show manifests rendered from the given templates (Go glob)")
    t.add_argument("-a", "--api-versions", action=CsvList, default=[], help="extra Capabilities.APIVersions")
    t.add_argument("--enable-dns", action="store_true", help="enable DNS lookups when rendering templates")
    # No effect on `helm template` in real helm either (client-only dry run).
    t.add_argument("--skip-crds", "--replace", "--create-namespace", action="store_true", help=argparse.SUPPRESS)
    t.add_argument("--dry-run", nargs="?", const="client", choices=["client"], help=argparse.SUPPRESS)
    t.add_argument(*TEMPLATE_UNSUPPORTED, action=Unsupported)
    t.set_defaults(func=cmd_template)
    li = Parser(prog="helm lint", usage="helm lint PATH [flags]",
                description="Run a series of tests to verify that the chart is well-formed.")
    li.add_argument("paths", nargs="*", metavar="PATH")
    add_common(li, values=True)
    li.add_argument("--strict", action="store_true", help="fail on lint warnings")
    li.add_argument("--quiet", action="store_true", help="print only warnings and errors")
    li.add_argument("--with-subcharts", action="store_true", help="lint dependent charts")
    li.add_argument("--skip-schema-validation", action="store_true", help="disable JSON schema validation")
    li.set_defaults(func=cmd_lint)
    v = Parser(prog="helm version", usage="helm version [flags]",
               description="Show the version of the Helm SDK behind the project shim.")
    add_common(v, values=False)
    v.add_argument("--short", action="store_true", help="print the version number")
    v.add_argument("--template", default="", help="template for version string format ({{.Version}} etc.)")
    v.add_argument("-c", "--client", action="store_true", help=argparse.SUPPRESS)
    v.set_defaults(func=cmd_version)
    return {"template": t, "lint": li, "version": v}


ROOT_HELP = f"""helm-compatible CLI: {SHIM}, running Helm's Go SDK from helm-python-sdk.

Usage:
  helm [command]

Available Commands:
  template    locally render templates
  lint        examine a chart for possible issues
  version     print the Helm SDK version behind the shim

Use "helm [command] --help" for more information about a command.
"""


def hoist_globals(argv: list[str]) -> list[str]:
    """Allow `helm -n NS template ...`: move leading -n/--namespace after the subcommand."""
    lead: list[str] = []
    while argv and argv[0] in ("-n", "--namespace") and len(argv) > 1:
        lead += argv[:2]
        argv = argv[2:]
    while argv and argv[0].startswith(("--namespace=", "-n=")):
        lead.append(argv.pop(0))
    return argv[:1] + lead + argv[1:] if argv else lead


def main(argv: list[str]) -> int:
    try:
        argv = hoist_globals(argv)
        if argv[:1] == ["help"]:
            argv = argv[1:2] + ["--help"]
        if not argv or argv[0] in ("-h", "--help"):
            print(ROOT_HELP, end="")
            return 0
        parsers = build_parsers()
        if argv[0] not in parsers:
            raise ShimError(f'unknown command "{argv[0]}" for "helm": {SHIM} supports template, lint and version')
        args = parsers[argv[0]].parse_intermixed_args(argv[1:])
        return int(args.func(args))
    except ShimError as err:
        message = str(err)
    except helm_python.HelmError as err:
        message = str(err)
    except OSError as err:
        message = go_os_error("open", str(err.filename), err) if err.filename else str(err)
    sys.stderr.write(f"Error: {message}\n")
    return 1


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:  # e.g. `helm template ... | head`
        sys.stderr.close()
        sys.exit(1)
