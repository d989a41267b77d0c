#!/usr/bin/env bash
# The hostile-client attacks of docs/operations.md at full size against the
# release binary, each checked against its documented bound (time, RSS,
# disk, files) and the status it must answer. `cargo test` runs the same
# suite scaled down for a debug build.
# Run from anywhere:
#   bash eval/hostile.sh                        # every attack
#   bash eval/hostile.sh transport:: inputs::   # some modules or tests of the suite
# Each filter names tests inside the suite (it is prefixed with hostile::);
# options starting with - go to the test harness.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
filters=()
for arg in "$@"; do
    case $arg in
        -* | hostile::*) filters+=("$arg") ;;
        *) filters+=("hostile::$arg") ;;
    esac
done
named=0
for filter in "${filters[@]}"; do [[ $filter == -* ]] || named=1; done
[[ $named == 1 ]] || filters+=("hostile::")
# One attack at a time, so that each one's time and memory are its own.
PRECIS_HOSTILE_FULL=1 cargo test --release --test it -- --test-threads=1 "${filters[@]}"
