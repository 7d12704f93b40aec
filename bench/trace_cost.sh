#!/usr/bin/env bash
# What `chartcheck lint` costs beside the helm renders it is made of, and what tracing adds.
# Side by side, in the same rounds (one warm-up round, then ROUNDS, default 7; medians):
#   helm ×3 sequential  `helm template journal chart -f values/{dev,staging,prod}.yaml`, one after another
#   helm ×3 parallel    the same three at once, as `chartcheck lint` runs them (render::template_all)
#   lint clean          `chartcheck lint` (.chartcheck.yaml: the three environments; no findings)
#   lint findings       the same with values/*.yaml copied with `tag: latest` (--values-dir):
#                       findings in every environment, traced (the extra render per environment)
#   lint --no-trace     the same findings, not traced to values
# and the ratios lint / helm. Needs helm (or the project shim: run ci/setup) and python3.
# The binary is $CHARTCHECK when set, else target/release/chartcheck built here.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${ROUNDS:-7}"
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "ROUNDS must be a positive number" >&2; exit 2; }
command -v helm >/dev/null || export PATH="$PWD/ci/bin:$PATH"
if [[ -z "${CHARTCHECK:-}" ]]; then
  cargo build --release --quiet --bin chartcheck
fi
chartcheck="${CHARTCHECK:-target/release/chartcheck}"
work=target/bench/trace-cost && rm -rf "$work" && mkdir -p "$work/latest"
envs=(dev staging prod)

# The environments with every image tag floating: same file names, so .chartcheck.yaml's
# per-environment settings still apply.
for env in "${envs[@]}"; do
  sed -E 's/^( *tag:).*/\1 latest/' "values/$env.yaml" >"$work/latest/$env.yaml"
  grep -q 'tag: latest' "$work/latest/$env.yaml" || { echo "no image tag in values/$env.yaml" >&2; exit 2; }
done

helm_sequential() {
  for env in "${envs[@]}"; do
    helm template journal chart --namespace default -f "values/$env.yaml" >/dev/null
  done
}
helm_parallel() {
  local pids=() pid status=0
  for env in "${envs[@]}"; do
    helm template journal chart --namespace default -f "values/$env.yaml" >/dev/null &
    pids+=("$!")
  done
  for pid in "${pids[@]}"; do wait "$pid" || status=$?; done
  return "$status"
}
lint_clean() { "$chartcheck" lint >/dev/null; }
lint_findings() { "$chartcheck" lint --values-dir "$work/latest" --format json >"$work/findings.json"; }
lint_no_trace() { "$chartcheck" lint --values-dir "$work/latest" --no-trace --format json >"$work/no-trace.json"; }

names=(helm_sequential helm_parallel lint_clean lint_findings lint_no_trace)
# The exit status each must give: helm 0, a clean lint 0, a lint with findings 1.
expect=(0 0 0 1 1)

# time NAME: runs it once, appends its wall time in ms to $work/NAME.ms, checks its status.
time_one() {
  local name="$1" want="$2" start status=0
  start=$(date +%s%N)
  "$name" || status=$?
  if [[ "$status" != "$want" ]]; then
    echo "$name exited $status, expected $want" >&2
    exit 2
  fi
  echo $((($(date +%s%N) - start) / 1000000)) >>"$work/$name.ms"
}

echo "$(nproc) CPUs, $(helm version --short 2>/dev/null || echo 'helm'), $rounds rounds after 1 warm-up"
for round in $(seq 0 "$rounds"); do
  for i in "${!names[@]}"; do
    time_one "${names[$i]}" "${expect[$i]}"
  done
  # Round 0 warms caches (page cache, the shim's Python imports) and is not counted.
  if ((round == 0)); then
    for name in "${names[@]}"; do rm -f "$work/$name.ms"; done
  fi
done

python3 - "$work" "${names[@]}" <<'PY'
import json, statistics, sys

work, names = sys.argv[1], sys.argv[2:]
times = {n: [int(x) for x in open(f"{work}/{n}.ms").read().split()] for n in names}
med = {n: statistics.median(t) for n, t in times.items()}
labels = {
    "helm_sequential": "helm template ×3, sequential",
    "helm_parallel": "helm template ×3, parallel",
    "lint_clean": "chartcheck lint (clean)",
    "lint_findings": "chartcheck lint (findings, traced)",
    "lint_no_trace": "chartcheck lint (findings, --no-trace)",
}
print()
print("| run | median ms | min ms | max ms |")
print("|---|---:|---:|---:|")
for n in names:
    print(f"| {labels[n]} | {med[n]:.0f} | {min(times[n])} | {max(times[n])} |")


def count(file):
    findings = json.load(open(f"{work}/{file}"))["findings"]
    traced = sum(bool((f.get("source") or {}).get("values")) for f in findings)
    return len(findings), traced


found, traced = count("findings.json")
found_nt, traced_nt = count("no-trace.json")
print()
print(f"findings run: {found} findings, {traced} with a values origin; "
      f"--no-trace: {found_nt} findings, {traced_nt} with a values origin")
print()
par, seq = med["helm_parallel"], med["helm_sequential"]
for n in ("lint_clean", "lint_findings", "lint_no_trace"):
    print(f"{labels[n]:40} / helm parallel {med[n] / par:5.2f}x   / helm sequential {med[n] / seq:5.2f}x")
print(f"{'tracing (findings traced / --no-trace)':40} {med['lint_findings'] / med['lint_no_trace']:5.2f}x "
      f"(+{med['lint_findings'] - med['lint_no_trace']:.0f} ms)")
PY
