#!/usr/bin/env bash
# Lint of real-world input that is not part of the repository: public charts' renders, or
# public charts' sources. Not run by `make test` (the tests read nothing outside the repository).
#
#   bench/corpus.sh ../shared/corpus/public       # every *.yaml in it is a render
#   bench/corpus.sh ../shared/charts               # every subfolder with a Chart.yaml is a chart
#   bench/corpus.sh --charts DIR                   # the same, said outright
#   bench/corpus.sh --ci-values ../shared/charts   # also each chart with each of its ci/*.yaml
#
# Renders are linted as given; charts are rendered first with `helm template NAME DIR -n NAME
# --include-crds` (helm, or the project shim: run ci/setup), so the render holds the CRDs of crds/
# that `helm install` would apply (after .helmignore) and their custom resources are checked. Each
# input is linted with `chartcheck lint --no-config --format json` (release build), RUNS times
# (default 5) for the median time. Prints per input: exit status, objects, findings per rule and
# time; then totals. A chart that does not render is reported with helm's message, and the others
# are still linted. No folder, or a folder that does not exist, is a skip (exit 0, with a message).
# Exit 1 when some input could not be linted completely (chartcheck exit 2).
set -euo pipefail
export LC_ALL=C # $EPOCHREALTIME with a decimal point
usage="usage: bench/corpus.sh [--charts] [--ci-values] FOLDER"
charts=0
ci_values=0
folder=""
for arg in "$@"; do
  case "$arg" in
    --charts) charts=1 ;;
    --ci-values) charts=1 ci_values=1 ;;
    -h | --help) echo "$usage"; exit 0 ;;
    -*) echo "bench/corpus.sh: unknown option $arg; $usage" >&2; exit 2 ;;
    *) [[ -z "$folder" ]] || { echo "bench/corpus.sh: one folder only; $usage" >&2; exit 2; }
       folder="$arg" ;;
  esac
done
if [[ -z "$folder" ]]; then
  echo "bench/corpus.sh: no folder given; skipped. $usage"
  exit 0
fi
if [[ ! -d "$folder" ]]; then
  echo "bench/corpus.sh: $folder does not exist (the corpus is not part of the repository); skipped"
  exit 0
fi
folder="$(cd "$folder" && pwd -P)"
cd "$(dirname "$0")/.."
repo="$PWD"

# The inputs: renders (*.yaml in the folder) or charts (the folder, or its subfolders, with Chart.yaml).
inputs=()
if [[ -f "$folder/Chart.yaml" ]]; then
  charts=1
  inputs=("$folder")
else
  shopt -s nullglob
  for chart in "$folder"/*/Chart.yaml; do inputs+=("$(dirname "$chart")"); done
  if ((charts == 0 && ${#inputs[@]} > 0)); then
    renders=("$folder"/*.yaml)
    ((${#renders[@]} == 0)) && charts=1
  fi
  ((charts == 0)) && inputs=("$folder"/*.yaml)
  shopt -u nullglob
fi
if ((${#inputs[@]} == 0)); then
  what=$( ((charts)) && echo "no subfolder with a Chart.yaml" || echo "no *.yaml file")
  echo "bench/corpus.sh: $folder has $what; skipped"
  exit 0
fi

helm="${HELM_BIN:-helm}"
if ((charts)); then
  command -v "$helm" >/dev/null || { export PATH="$repo/ci/bin:$PATH"; helm=helm; }
  "$helm" version --short >/dev/null 2>&1 || {
    echo "bench/corpus.sh: helm does not run (install helm, or run ci/setup for the project shim)" >&2
    exit 2
  }
fi
cargo build --release --quiet --bin chartcheck
bin="$repo/target/release/chartcheck"
runs="${RUNS:-5}"
work="$repo/target/bench/corpus"
rm -rf "$work" && mkdir -p "$work"
index="$work/index.tsv"
: >"$index"

# lint LABEL FILE: lints FILE RUNS times; appends "status, JSON report, stderr, times" to the index.
lint() {
  local label=$1 file=$2 status times="" start
  for ((run = 0; run < runs; run++)); do
    start=$EPOCHREALTIME
    status=0
    "$bin" lint --no-config --format json "$file" >"$work/$label.json" 2>"$work/$label.lint.err" || status=$?
    times+="$start-$EPOCHREALTIME,"
  done
  printf '%s\t%s\t%s\t%s\n' "$status" "$work/$label.json" "$work/$label.lint.err" "${times%,}" >>"$index"
}

# render LABEL CHART [HELM ARGS...]: renders CHART into LABEL.yaml, then lints it; a render that
# fails is recorded (helm's message in LABEL.render.err) and not linted.
render() {
  local label=$1 chart=$2 name status=0 start
  shift 2
  name="$(basename "$chart")"
  start=$EPOCHREALTIME
  "$helm" template "$name" "$chart" -n "$name" --include-crds "$@" \
    >"$work/$label.yaml" 2>"$work/$label.render.err" || status=$?
  printf '%s\tchart\t%s\t%s-%s\t' "$label" "$status" "$start" "$EPOCHREALTIME" >>"$index"
  if ((status != 0)); then
    printf '\t\t\t\n' >>"$index"
  else
    lint "$label" "$work/$label.yaml"
  fi
}

for input in "${inputs[@]}"; do
  if ((charts)); then
    name="$(basename "$input")"
    render "$name" "$input"
    if ((ci_values)); then
      for values in "$input"/ci/*.yaml; do
        [[ -f "$values" ]] && render "$name+$(basename "$values" .yaml)" "$input" -f "$values"
      done
    fi
  else
    name="$(basename "$input" .yaml)"
    printf '%s\trender\t\t\t' "$name" >>"$index"
    lint "$name" "$input"
  fi
done

python3 - "$work" "$folder" "$runs" <<'PY'
import collections, json, statistics, sys

work, folder, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
ms = lambda span: (float(span.split("-")[1]) - float(span.split("-")[0])) * 1000
print(f"corpus: {folder}  (chartcheck lint --no-config, release build; time: median of {runs} runs)")
totals = collections.Counter()
statuses = collections.Counter()
objects = inputs = incomplete = 0
lint_ms = render_ms = 0.0
for line in open(f"{work}/index.tsv"):
    name, kind, render_status, render_span, status, report, stderr, spans = line.rstrip("\n").split("\t")
    inputs += 1
    if kind == "chart":
        render_ms += ms(render_span)
        if render_status != "0":
            message = open(f"{work}/{name}.render.err").read()
            first = next((l for l in message.splitlines() if l.strip()), "(no message)")
            print(f"\n{name}: NOT RENDERED (helm exit {render_status}, {ms(render_span):.0f} ms): {first}")
            statuses["not rendered"] += 1
            continue
    median = statistics.median(ms(span) for span in spans.split(","))
    lint_ms += median
    statuses[f"exit {status}"] += 1
    try:
        data = json.load(open(report))
    except (OSError, ValueError) as err:
        print(f"\n{name}: exit {status}, no JSON report ({err}): {open(stderr).read().strip()}")
        incomplete += 1
        continue
    summary = data["summary"]
    if status == "2" or not summary.get("complete", True):
        incomplete += 1
    rules = collections.Counter(f["rule"] for f in data["findings"])
    totals.update(rules)
    objects += summary["objects"]
    rendered = f", rendered in {ms(render_span):.0f} ms" if kind == "chart" else ""
    print(f"\n{name}: exit {status}, {summary['objects']} objects, {summary['errors']} errors, "
          f"{summary['warnings']} warnings, {summary['notes']} notes; lint {median:.1f} ms{rendered}")
    for rule, count in sorted(rules.items(), key=lambda rc: (-rc[1], rc[0])):
        print(f"  {count:4}  {rule}")
    if status == "2":
        for finding in data["findings"]:
            if finding["severity"] == "error" and "object" not in finding:
                print(f"  could not lint: {finding['message']}")

print(f"\ntotal: {inputs} inputs, {objects} objects linted; "
      + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items())))
print(f"       lint {lint_ms:.0f} ms (sum of medians)"
      + (f", render {render_ms:.0f} ms" if render_ms else ""))
for rule, count in sorted(totals.items(), key=lambda rc: (-rc[1], rc[0])):
    print(f"  {count:4}  {rule}")
sys.exit(1 if incomplete else 0)
PY
