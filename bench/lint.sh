#!/usr/bin/env bash
# Lint throughput on a generated corpus of rendered objects, beside the parse floor (the same
# bytes through the same YAML loader, nothing else), and peak memory. Needs helm (or the
# project shim: run ci/setup), hyperfine and GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
copies="${COPIES:-2400}"
command -v helm >/dev/null || export PATH="$PWD/ci/bin:$PATH"
cargo build --release --quiet --bin chartcheck --example parse_floor
work=target/bench && mkdir -p "$work"
helm template journal chart -f values/prod.yaml > "$work/prod.yaml"
python3 bench/make_corpus.py "$work/prod.yaml" "$copies" "$work/corpus.yaml"
objects=$(grep -c '^kind: ' "$work/corpus.yaml")
bytes=$(stat -c %s "$work/corpus.yaml")
echo "corpus: $objects objects, $((bytes / 1024 / 1024)) MiB ($copies copies of the prod render)"

lint="target/release/chartcheck lint --no-config $work/corpus.yaml"
floor="target/release/examples/parse_floor $work/corpus.yaml"
hyperfine --shell=none --ignore-failure --warmup 1 --runs "${RUNS:-10}" --export-json "$work/lint.json" \
  "$floor" "$lint" >/dev/null
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
python3 - "$work/lint.json" "$objects" "$bytes" "$(rss $floor)" "$(rss $lint)" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
objects, size = int(sys.argv[2]), int(sys.argv[3])
rss = {"floor": int(sys.argv[4]), "lint": int(sys.argv[5])}
floor, lint = (r["median"] for r in results)
for name, median in (("parse floor", floor), ("lint", lint)):
    key = "floor" if name == "parse floor" else "lint"
    print(f"{name:12} median {median*1000:8.1f} ms  {objects/median:10,.0f} objects/s  "
          f"{size/median/2**20:6.1f} MiB/s  peak RSS {rss[key]/1024:6.1f} MiB")
print(f"lint / floor: {lint/floor:.2f}x")
PY

# Scaling: the same render at 1/50, 1/5 and all of the copies; linear work keeps time/object flat.
for small in $((copies / 50)) $((copies / 5)); do
  python3 bench/make_corpus.py "$work/prod.yaml" "$small" "$work/corpus-$small.yaml"
done
hyperfine --shell=none --ignore-failure --warmup 1 --runs "${RUNS:-10}" --export-json "$work/scaling.json" \
  "target/release/chartcheck lint --no-config $work/corpus-$((copies / 50)).yaml" \
  "target/release/chartcheck lint --no-config $work/corpus-$((copies / 5)).yaml" \
  "$lint" >/dev/null
python3 - "$work/scaling.json" "$copies" "$(grep -c '^kind: ' "$work/prod.yaml")" <<'PY'
import json, sys
copies, per_copy = int(sys.argv[2]), int(sys.argv[3])
for result, n in zip(json.load(open(sys.argv[1]))["results"], (copies // 50, copies // 5, copies)):
    objects = n * per_copy
    print(f"scaling {objects:7,} objects  median {result['median']*1000:8.1f} ms  "
          f"{result['median']*1e6/objects:6.1f} µs/object")
PY
