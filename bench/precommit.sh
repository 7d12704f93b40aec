#!/usr/bin/env bash
# The pre-commit path: `chartcheck schema --check` plus `chartcheck validate` of every
# environment, timed with hyperfine (Debian package `hyperfine`). Prints medians in ms.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "bench: needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
cargo build --release --quiet
bin=target/release/chartcheck
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
hyperfine --shell=none --warmup 10 --runs "${RUNS:-200}" --export-json "$out" \
  "$bin schema --check" "$bin validate" >/dev/null
hyperfine --warmup 10 --runs "${RUNS:-200}" --export-json "$out.both" \
  "$bin schema --check >/dev/null && $bin validate >/dev/null" >/dev/null
python3 - "$out" "$out.both" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))["results"] + json.load(open(sys.argv[2]))["results"]
for r in rows:
    print(f'{r["median"]*1000:7.2f} ms median  {r["min"]*1000:7.2f} ms min  {len(r["times"])} runs  {r["command"]}')
PY
rm -f "$out.both"
