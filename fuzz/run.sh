#!/usr/bin/env bash
# Fuzzes one target for a fixed time: bash fuzz/run.sh TARGET SECONDS
# Targets: segment, summarize, extract, and pace (time per input byte:
# four times the input must take about four times as long, not more).
# New inputs go to fuzz/target/corpus/TARGET (the seeds in fuzz/corpus/TARGET stay as
# written); crashes go to fuzz/artifacts/TARGET.
set -euo pipefail
target=${1:?usage: run.sh TARGET SECONDS}
seconds=${2:?usage: run.sh TARGET SECONDS}
cd "$(dirname "$0")"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
# libFuzzer needs nightly; stable with RUSTC_BOOTSTRAP=1 also works.
if rustup toolchain list | grep -q '^nightly'; then
    toolchain=(+nightly)
else
    toolchain=()
    export RUSTC_BOOTSTRAP=1
fi
mkdir -p "target/corpus/$target"
cargo "${toolchain[@]}" fuzz run "$target" "target/corpus/$target" "corpus/$target" \
    -- -max_total_time="$seconds" -print_final_stats=1
