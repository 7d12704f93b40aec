#!/usr/bin/env bash
# A short run of every fuzz target from its kept corpus (fuzz/corpus/<target>/), as CI's smoke
# test: SECONDS_PER_TARGET (default 20) each. Installs cargo-fuzz through cargo when missing.
# cargo fuzz needs nightly-only compiler flags; RUSTC_BOOTSTRAP=1 lets the stable toolchain
# take them. A crash stops the run with the reproducer in fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${SECONDS_PER_TARGET:-20}"
command -v cargo-fuzz >/dev/null || cargo install --locked --quiet cargo-fuzz
export RUSTC_BOOTSTRAP=1
cargo fuzz build -O
log="$(mktemp)"
# New inputs go to a scratch directory (libFuzzer writes to the first corpus it is given), so
# the kept corpus changes only when someone minimizes and commits it.
scratch="$(mktemp -d)"
trap 'rm -rf "$log" "$scratch"' EXIT
# -timeout=60: an input that aliases its way to near the loader's node limit is bounded but takes
# about 2 s in a release build and over 10 s under AddressSanitizer on a busy 2-core machine.
for target in yaml_load values_validate lint_stream template_read; do
  echo "fuzz smoke: $target for ${seconds}s"
  mkdir -p "$scratch/$target"
  if ! cargo fuzz run -O "$target" "$scratch/$target" "corpus/$target" -- -max_total_time="$seconds" \
      -max_len=65536 -timeout=60 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "fuzz smoke: $target failed; the reproducer is in fuzz/artifacts/$target/" >&2
    exit 1
  fi
  grep -E '^stat::(number_of_executed_units|peak_rss_mb)' "$log" || true
done
