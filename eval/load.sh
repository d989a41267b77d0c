#!/usr/bin/env bash
# Service load test over loopback: builds release binaries, starts a Precis
# server on a free port and waits for it to report SERVING (eval/lib.sh),
# runs examples/load.rs against it (saturation, fixed rates, health checks
# as a latency floor, SummarizeStream, the server's peak RSS) and stops the
# server.
#   bash eval/load.sh                          # CNN/DM articles, 5 s per scenario
#   bash eval/load.sh --seconds 10 --concurrency 64
#   bash eval/load.sh --named-language         # each article's lang sent: no detection
# Extra arguments go to the load generator (--help lists them). Run as root,
# the generator gets a higher scheduling priority than the server, so that on
# cores they share its own wake-ups stay out of the latencies it measures.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo build --release --quiet --bin precis --example load
source eval/lib.sh
log=$(mktemp "${TMPDIR:-/tmp}/precis-load.XXXXXX")
trap 'stop_precis; rm -f "$log"' EXIT
start_precis "$log"
echo "precis server pid $precis_pid on $precis_addr ($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
priority=()
if [[ $(id -u) == 0 ]]; then priority=(nice -n -10); fi
"${priority[@]}" target/release/examples/load --addr "$precis_addr" --pid "$precis_pid" "$@"
