#!/usr/bin/env bash
# How well `chartcheck lint` traces findings on public charts: each chart in DIR (the sources
# of ../shared/charts, see its README.md) is linted with a values override written here for
# that chart (image tag `latest`, one replica, requests differing from limits, a privileged or
# root securityContext, hostNetwork: whatever keys the chart has), and a table per chart says
# how many findings there are, how many carry a template line (`source.template.line` > 1) and
# a values origin (`source.values`), and how many of those the overrides caused are traced to
# the override's key.
#
#   bench/trace_corpus.sh ../shared/charts              # the tables
#   bench/trace_corpus.sh --sample 3 ../shared/charts   # and 3 findings per chart, with the
#                                                       # template and values lines they name
#
# Needs helm (or the project shim: run ci/setup) and python3. The binary is
# ${CHARTCHECK:-target/release/chartcheck}, built with `cargo build --release`.
set -euo pipefail

usage() { echo "usage: $0 [--sample N] DIR" >&2; exit 2; }
sample=0
dir=""
while (($#)); do
  case "$1" in
    --sample) (($# >= 2)) || usage; sample="$2"; shift 2 ;;
    --sample=*) sample="${1#--sample=}"; shift ;;
    -h | --help) usage ;;
    -*) usage ;;
    *) [[ -z "$dir" ]] || usage; dir="$1"; shift ;;
  esac
done
[[ -n "$dir" ]] || usage
[[ "$sample" =~ ^[0-9]+$ ]] || usage
if [[ ! -d "$dir" ]]; then
  echo "no chart sources at $dir: nothing to measure"
  exit 0
fi
dir="$(cd "$dir" && pwd -P)"
cd "$(dirname "$0")/.."
chartcheck="${CHARTCHECK:-target/release/chartcheck}"
[[ -x "$chartcheck" ]] || { echo "$chartcheck not found: cargo build --release" >&2; exit 2; }
command -v helm >/dev/null || export PATH="$PWD/ci/bin:$PATH"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# overrides CHART: writes the chart's override to stdout. Each key is chosen from the chart's
# own values.yaml; `# expect RULE POINTER-REGEX KEY` lines name the findings that override
# should cause, the rendered field they are at (a regex), and the values key they should be traced
# to (a regex over the whole dotted key, in the override file; `any:KEY` in any values file).
overrides() {
  case "$1" in
    hello-world)
      cat <<'EOF'
# expect latest-tag /containers/0/image$ image.tag
# expect image-pull-policy /containers/0/imagePullPolicy$ (image\.tag|any:image\.pullPolicy)
# expect single-replica ^/spec/replicas$ replicaCount
replicaCount: 1
image:
  tag: latest
EOF
      ;;
    fluent-bit)
      cat <<'EOF'
# expect latest-tag ^/spec/template/spec/containers/0/image$ image.tag
# expect image-pull-policy ^/spec/template/spec/containers/0/imagePullPolicy$ (image\.tag|any:image\.pullPolicy)
# expect host-namespaces ^/spec/template/spec/hostNetwork$ hostNetwork
# expect privileged ^/spec/template/spec/containers/0/securityContext/privileged$ securityContext.privileged
# expect requests-not-equal-limits ^/spec/template/spec/containers/0/resources resources(\..*)?
image:
  tag: latest
hostNetwork: true
securityContext:
  privileged: true
resources:
  requests:
    cpu: 100m
    memory: 128Mi
  limits:
    cpu: 500m
    memory: 128Mi
EOF
      ;;
    metrics-server)
      cat <<'EOF'
# expect latest-tag ^/spec/template/spec/containers/0/image$ image.tag
# expect image-pull-policy ^/spec/template/spec/containers/0/imagePullPolicy$ (image\.tag|any:image\.pullPolicy)
# expect single-replica ^/spec/replicas$ replicas
# expect host-namespaces ^/spec/template/spec/hostNetwork$ hostNetwork.enabled
# expect run-as-root ^/spec/template/spec/containers/0/securityContext/runAs(NonRoot|User)$ securityContext\.runAs(NonRoot|User)
# expect requests-not-equal-limits ^/spec/template/spec/containers/0/resources resources(\..*)?
image:
  tag: latest
replicas: 1
hostNetwork:
  enabled: true
securityContext:
  runAsNonRoot: false
  runAsUser: 0
resources:
  requests:
    cpu: 100m
    memory: 200Mi
  limits:
    cpu: "1"
    memory: 200Mi
EOF
      ;;
    prometheus-adapter)
      cat <<'EOF'
# expect latest-tag ^/spec/template/spec/containers/0/image$ image.tag
# expect image-pull-policy ^/spec/template/spec/containers/0/imagePullPolicy$ (image\.tag|any:image\.pullPolicy)
# expect single-replica ^/spec/replicas$ replicas
# expect host-namespaces ^/spec/template/spec/hostNetwork$ hostNetwork.enabled
# expect privileged ^/spec/template/spec/containers/0/securityContext/privileged$ securityContext.privileged
# expect requests-not-equal-limits ^/spec/template/spec/containers/0/resources resources(\..*)?
image:
  tag: latest
replicas: 1
hostNetwork:
  enabled: true
securityContext:
  privileged: true
  allowPrivilegeEscalation: null
resources:
  requests:
    cpu: 100m
    memory: 128Mi
  limits:
    cpu: 100m
    memory: 256Mi
EOF
      ;;
    traefik)
      cat <<'EOF'
# expect image-pull-policy ^/spec/template/spec/containers/0/imagePullPolicy$ image\.pullPolicy
# expect single-replica ^/spec/replicas$ deployment.replicas
# expect host-namespaces ^/spec/template/spec/hostNetwork$ hostNetwork
# expect writable-root-filesystem ^/spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem$ securityContext.readOnlyRootFilesystem
# expect requests-not-equal-limits ^/spec/template/spec/containers/0/resources resources(\..*)?
# (the chart refuses the tag `latest` itself: "ERROR: latest tag should not be used")
image:
  pullPolicy: Never
deployment:
  replicas: 1
hostNetwork: true
securityContext:
  readOnlyRootFilesystem: false
resources:
  requests:
    cpu: 100m
    memory: 64Mi
  limits:
    cpu: 300m
    memory: 64Mi
EOF
      ;;
    argo-events)
      cat <<'EOF'
# expect latest-tag ^/spec/template/spec/containers/0/image$ global.image.tag
# expect image-pull-policy ^/spec/template/spec/containers/0/imagePullPolicy$ (global\.image\.tag|any:global\.image\.imagePullPolicy)
# expect single-replica ^/spec/replicas$ controller.replicas
# expect privileged ^/spec/template/spec/containers/0/securityContext/privileged$ controller.containerSecurityContext.privileged
# expect requests-not-equal-limits ^/spec/template/spec/containers/0/resources controller\.resources(\..*)?
global:
  image:
    tag: latest
controller:
  replicas: 1
  containerSecurityContext:
    privileged: true
  resources:
    requests:
      cpu: 50m
      memory: 64Mi
    limits:
      cpu: 200m
      memory: 64Mi
EOF
      ;;
    opentelemetry-collector)
      cat <<'EOF'
# expect latest-tag ^/spec/template/spec/containers/0/image$ image.tag
# expect image-pull-policy ^/spec/template/spec/containers/0/imagePullPolicy$ (image\.tag|any:image\.pullPolicy)
# expect single-replica ^/spec/replicas$ replicaCount
# expect host-namespaces ^/spec/template/spec/hostNetwork$ hostNetwork
# expect run-as-root ^/spec/template/spec/containers/0/securityContext/runAsNonRoot$ securityContext.runAsNonRoot
# expect requests-not-equal-limits ^/spec/template/spec/containers/0/resources resources(\..*)?
mode: deployment
command:
  name: otelcol-k8s
image:
  repository: ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-k8s
  tag: latest
replicaCount: 1
hostNetwork: true
securityContext:
  runAsNonRoot: false
resources:
  requests:
    cpu: 100m
    memory: 256Mi
  limits:
    cpu: 250m
    memory: 512Mi
EOF
      ;;
    mysql)
      cat <<'EOF'
# expect latest-tag ^/spec/template/spec/containers/0/image$ image.tag
# expect image-pull-policy ^/spec/template/spec/containers/0/imagePullPolicy$ (image\.tag|any:image\.pullPolicy)
# expect run-as-root ^/spec/template/spec/containers/0/securityContext/runAs(NonRoot|User)$ primary\.containerSecurityContext\.runAs(NonRoot|User)
# expect requests-not-equal-limits ^/spec/template/spec/containers/0/resources primary\.resources(\..*)?
global:
  security:
    allowInsecureImages: true
image:
  tag: latest
primary:
  containerSecurityContext:
    runAsNonRoot: false
    runAsUser: 0
  resources:
    requests:
      cpu: 250m
      memory: 512Mi
    limits:
      cpu: "1"
      memory: 1Gi
EOF
      ;;
    rabbitmq)
      cat <<'EOF'
# expect latest-tag ^/spec/template/spec/containers/0/image$ image.tag
# expect image-pull-policy ^/spec/template/spec/containers/0/imagePullPolicy$ (image\.tag|any:image\.pullPolicy)
# expect single-replica ^/spec/replicas$ replicaCount
# expect writable-root-filesystem ^/spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem$ containerSecurityContext.readOnlyRootFilesystem
# expect requests-not-equal-limits ^/spec/template/spec/containers/0/resources resources(\..*)?
global:
  security:
    allowInsecureImages: true
image:
  tag: latest
replicaCount: 1
containerSecurityContext:
  readOnlyRootFilesystem: false
resources:
  requests:
    cpu: 250m
    memory: 256Mi
  limits:
    cpu: 500m
    memory: 256Mi
EOF
      ;;
    *)
      # A chart this script does not know: the keys `helm create` gives every chart.
      cat <<'EOF'
# expect latest-tag /containers/0/image$ image.tag
# expect single-replica ^/spec/replicas$ replicaCount
replicaCount: 1
image:
  tag: latest
EOF
      ;;
  esac
}

charts=()
for chart in "$dir"/*/; do
  chart="${chart%/}"
  [[ -f "$chart/Chart.yaml" ]] && charts+=("$chart")
done
if ((${#charts[@]} == 0)); then
  echo "no charts (folders with a Chart.yaml) in $dir: nothing to measure"
  exit 0
fi

echo "chartcheck: $chartcheck ($("$chartcheck" --version 2>/dev/null || echo 'version unknown'))"
echo
for chart in "${charts[@]}"; do
  name="$(basename "$chart")"
  override="$work/$name.yaml"
  overrides "$name" >"$override"
  status=0
  start=$(date +%s%N)
  "$chartcheck" lint --no-config --chart "$chart" -f "$override" --format json \
    >"$work/$name.json" 2>"$work/$name.err" || status=$?
  ms=$((($(date +%s%N) - start) / 1000000))
  python3 - "$name" "$chart" "$override" "$work/$name.json" "$work/$name.err" "$status" \
    "$ms" "$sample" <<'PY'
import json, os, re, sys

name, chart, override, out, err, status, ms, sample = sys.argv[1:]
status, sample = int(status), int(sample)
expects = []
for line in open(override):
    if line.startswith("# expect "):
        rule, pointer, key = line.split()[2:5]
        expects.append((rule, re.compile(pointer), re.compile(key)))

print(f"### {name}")
print()
try:
    findings = json.load(open(out)).get("findings", [])
except (OSError, ValueError):
    findings = None
if findings is None:
    text = open(err).read().strip().splitlines()
    print(f"lint gave no JSON (exit {status}): {' / '.join(text[:3])}")
    print()
    sys.exit(0)


def source(f):
    return f.get("source") or {}


def template(f):
    """source.template as {file, line, column, helper?}; the older shape is the path alone."""
    t = source(f).get("template")
    if isinstance(t, str):
        return {"file": t}
    return t if isinstance(t, dict) else None


def values(f):
    v = source(f).get("values")
    if isinstance(v, dict):  # the older shape: one origin
        return [v]
    return v if isinstance(v, list) else []


def has_line(f):
    t = template(f)
    return bool(t) and isinstance(t.get("line"), int) and t["line"] > 1


def expected(f):
    """The override key this finding's value should come from, when the overrides caused it."""
    for rule, pointer, key in expects:
        if f.get("rule") == rule and pointer.search(f.get("pointer") or ""):
            return key
    return None


def traced(f, key):
    for v in values(f):
        same_file = os.path.abspath(v.get("file", "")) == os.path.abspath(override)
        if same_file and key.fullmatch(v.get("key", "")) or key.fullmatch("any:" + v.get("key", "")):
            return True
    return False


def share(n, total):
    return f"{n}/{total} ({100 * n / total:.0f}%)" if total else "0/0"


n = len(findings)
lines = sum(has_line(f) for f in findings)
origins = sum(bool(values(f)) for f in findings)
caused = [(f, expected(f)) for f in findings if expected(f)]
to_key = sum(traced(f, key) for f, key in caused)
rules_missed = sorted({r for r, _, _ in expects} - {f["rule"] for f, _ in caused})
print(f"exit {status}, {ms} ms" + (" (incomplete: exit 2)" if status == 2 else ""))
print()
print("| findings | with a template line | with a values origin "
      "| caused by the overrides | of those, traced to the override key |")
print("|---:|---:|---:|---:|---:|")
print(f"| {n} | {share(lines, n)} | {share(origins, n)} | {share(len(caused), n)} "
      f"| {share(to_key, len(caused))} |")
print()
if rules_missed:
    print(f"overrides that caused no finding: {', '.join(rules_missed)}")
    print()
if status == 2:
    where = lambda f: (f"{f['location']['file']}:{f['location']['line']}: "
                       if f.get("location") else "")
    problems = [f"{f['rule']}: {where(f)}{f.get('message', '')} "
                + " ".join(" ".join(f.get("notes", [])).split())
                for f in findings if f.get("severity") == "error" and not f.get("object")]
    for line in (problems + open(err).read().strip().splitlines())[:5]:
        print(f"    {line[:300]}")
    print()

if not sample:
    sys.exit(0)


def read_line(path, line, roots):
    """The text of `line` in `path`, looked up as given, then under the chart's folders (a
    template path may start with the chart's name, or a subchart's alias, as `# Source:` does)."""
    candidates = [path]
    parts = path.split("/")
    for root in roots:
        candidates.append(os.path.join(root, path))
        candidates.append(os.path.join(root, *parts[1:]))
    if len(parts) > 3 and parts[1] == "charts":  # name/charts/<alias>/...: any subchart folder
        sub = os.path.join(chart, "charts")
        if os.path.isdir(sub):
            candidates += [os.path.join(sub, d, *parts[3:]) for d in sorted(os.listdir(sub))]
    for candidate in candidates:
        if os.path.isfile(candidate):
            try:
                with open(candidate, encoding="utf-8", errors="replace") as f:
                    for i, text in enumerate(f, 1):
                        if i == line:
                            return candidate, text.rstrip("\n")
            except OSError:
                pass
            return candidate, "(no such line)"
    return None, "(file not found)"


roots = [chart, os.path.dirname(chart)]
# Caused findings first (they have a known answer), then the rest, in output order.
picked = [f for f, _ in caused] + [f for f in findings if not expected(f)]
print(f"Sample ({min(sample, n)} of {n}):")
print()
for f in picked[:sample]:
    obj = f.get("object") or {}
    print(f"- `{f.get('rule')}` {obj.get('kind')}/{obj.get('name')} `{f.get('pointer')}`"
          + (f" (expected from `{expected(f).pattern}`)" if expected(f) else ""))
    print(f"  {f.get('message')}")
    t = template(f)
    if t and t.get("line"):
        file, text = read_line(t["file"], t["line"], roots)
        print(f"  template {t['file']}:{t['line']}:{t.get('column', '?')}: `{text.strip()}`")
        h = t.get("helper")
        if isinstance(h, dict) and h.get("line"):
            file, text = read_line(h["file"], h["line"], roots)
            print(f"  helper   {h['file']}:{h['line']}:{h.get('column', '?')}: `{text.strip()}`")
    elif t:
        print(f"  template {t['file']} (no line)")
    else:
        print("  template: none")
    vs = values(f)
    for v in vs:
        file, text = read_line(v.get("file", ""), v.get("line", 0), [])
        unset = " (unset)" if v.get("unset") else ""
        print(f"  values   {v.get('file')}:{v.get('line')}:{v.get('column')} "
              f"`{v.get('key')}`{unset}: `{text.strip()}`")
    if not vs:
        print("  values: none")
print()
PY
done
