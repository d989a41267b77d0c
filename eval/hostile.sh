#!/usr/bin/env bash
# The hostile-client attacks of docs/operations.md at full size against the
# release binary, each checked against its documented bound (time, RSS,
# disk, files) and the status it must answer. `cargo test` runs the same
# suite scaled down for a debug build.
# Run from the repository root: bash eval/hostile.sh [-- TEST-FILTER]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# One attack at a time, so that each one's time and memory are its own.
PRECIS_HOSTILE_FULL=1 cargo test --release --test hostile -- --test-threads=1 "$@"
