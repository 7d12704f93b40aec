#!/usr/bin/env bash
# Cost of the `schema` rules on the lint benchmark corpus (lint with and without them), and
# chartcheck beside kubernetes-validate doing the same job (strict schema validation) on the
# same file. kubernetes-validate runs at well under 1% of chartcheck's speed, so that part uses
# the 1/50 corpus (1,008 objects). Needs helm (or ci/setup), hyperfine, and kubernetes-validate
# from the project venv (ci/setup).
set -euo pipefail
cd "$(dirname "$0")/.."
copies="${COPIES:-2400}"
small=$((copies / 50))
command -v helm >/dev/null || export PATH="$PWD/ci/bin:$PATH"
export PATH="$PATH:$PWD/.venv/bin"
command -v kubernetes-validate >/dev/null || { echo "kubernetes-validate not found: run ci/setup" >&2; exit 2; }
cargo build --release --quiet --bin chartcheck
work=target/bench && mkdir -p "$work"
helm template journal chart -f values/prod.yaml > "$work/prod.yaml"
python3 bench/make_corpus.py "$work/prod.yaml" "$copies" "$work/corpus.yaml"
python3 bench/make_corpus.py "$work/prod.yaml" "$small" "$work/corpus-$small.yaml"
count() { grep -c '^kind: ' "$1"; }

lint="target/release/chartcheck lint --no-config"
hyperfine --shell=none --ignore-failure --warmup 1 --runs "${RUNS:-5}" --export-json "$work/schema.json" \
  "$lint --ignore schema $work/corpus.yaml" "$lint $work/corpus.yaml" >/dev/null
hyperfine --shell=none --ignore-failure --warmup 1 --runs "${RUNS_KV:-3}" --export-json "$work/schema-kv.json" \
  "$lint --select schema $work/corpus-$small.yaml" \
  "kubernetes-validate --strict --quiet --kubernetes-version 1.37.0 $work/corpus-$small.yaml" >/dev/null
python3 - "$work/schema.json" "$work/schema-kv.json" "$(count "$work/corpus.yaml")" "$(count "$work/corpus-$small.yaml")" <<'PY'
import json, sys
full, versus = (json.load(open(p))["results"] for p in sys.argv[1:3])
objects, small = int(sys.argv[3]), int(sys.argv[4])
def line(name, r, n):
    print(f"{name:44} median {r['median']*1000:9.1f} ms  user {r['user']:6.2f} s  {n/r['median']:9,.0f} objects/s")
print(f"corpus: {objects:,} objects")
line("lint without the schema rules", full[0], objects)
line("lint with them", full[1], objects)
print(f"with / without: {full[1]['median']/full[0]['median']:.2f}x")
print(f"corpus 1/50: {small:,} objects")
line("chartcheck lint --select schema", versus[0], small)
line("kubernetes-validate --strict", versus[1], small)
print(f"kubernetes-validate / chartcheck: {versus[1]['median']/versus[0]['median']:.0f}x")
PY
