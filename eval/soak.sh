#!/usr/bin/env bash
# Bounded soak test over loopback (not part of `cargo test`): builds release
# binaries, starts a Precis server on a free port with a fresh SQLite store,
# sends examples/soak.rs's mix of a million requests, and prints answers by
# status code, latency percentiles and the server's resident memory over the
# first and last 10% of the run.
#   bash eval/soak.sh                        # 1 000 000 requests
#   bash eval/soak.sh --requests 100000      # a shorter run
# Extra arguments go to the soak client (--help lists them).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo build --release --quiet --bin precis --example soak
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
data=$(mktemp -d "${TMPDIR:-/tmp}/precis-soak.XXXXXX")
target/release/precis serve --addr "127.0.0.1:$port" --data-dir "$data" </dev/null >"$data/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$data"' EXIT
echo "precis server pid $server on 127.0.0.1:$port ($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
target/release/examples/soak --addr "127.0.0.1:$port" --pid "$server" "$@"
if ! kill -0 "$server" 2>/dev/null; then
    echo "the server died during the run:" >&2
    tail -n 20 "$data/server.log" >&2
    exit 1
fi
