#!/usr/bin/env bash
# Bounded soak test over loopback (not part of `cargo test`): builds release
# binaries, starts a Precis server on a free port with a fresh SQLite store
# and waits for it to report SERVING (eval/lib.sh), sends examples/soak.rs's
# mix of a million requests, and prints answers by
# status code, latency percentiles and the server's resident memory over the
# first and last 10% of the run.
#   bash eval/soak.sh                        # 1 000 000 requests
#   bash eval/soak.sh --requests 100000      # a shorter run
# Extra arguments go to the soak client (--help lists them).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo build --release --quiet --bin precis --example soak
source eval/lib.sh
data=$(mktemp -d "${TMPDIR:-/tmp}/precis-soak.XXXXXX")
trap 'stop_precis; rm -rf "$data"' EXIT
start_precis "$data/server.log" --data-dir "$data"
echo "precis server pid $precis_pid on $precis_addr ($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
target/release/examples/soak --addr "$precis_addr" --pid "$precis_pid" "$@"
if ! kill -0 "$precis_pid" 2>/dev/null; then
    echo "the server died during the run:" >&2
    tail -n 20 "$data/server.log" >&2
    exit 1
fi
