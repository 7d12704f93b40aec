#!/usr/bin/env bash
# Peak memory (GNU time's maximum RSS) of `chartcheck lint` on a single 100 MiB document and on
# the lint benchmark corpus (bench/lint.sh makes it), beside each input's size.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin chartcheck
work=target/bench && mkdir -p "$work"
python3 - "$work/document-100mib.yaml" <<'PY'
import sys
line = "    " + "x" * 95 + "\n"
with open(sys.argv[1], "w") as f:
    f.write("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: large\ndata:\n  blob: |\n")
    f.write(line * ((100 << 20) // len(line)))
PY
test -f "$work/corpus.yaml" || { echo "run bench/lint.sh first (it makes $work/corpus.yaml)" >&2; exit 2; }
for input in "$work/document-100mib.yaml" "$work/corpus.yaml"; do
  size=$(stat -c %s "$input")
  for _ in 1 2 3; do
    /usr/bin/time -f %M target/release/chartcheck lint --no-config "$input" 2>&1 >/dev/null | tail -1
  done | sort -n | sed -n 2p | while read -r kb; do
    python3 -c "import sys; s,k=int(sys.argv[1]),int(sys.argv[2]); print(f'{sys.argv[3]}: input {s/2**20:.1f} MiB, peak RSS {k/1024:.0f} MiB (median of 3), {k*1024/s:.1f}x the input')" "$size" "$kb" "$input"
  done
done
