#!/usr/bin/env bash
# Prints the quality tables of Precis and its peers: one per data set, then
# the default against the best lead on every set.
#   bash eval/quality.sh                      # every set of ../shared/data with references
#   bash eval/quality.sh ../shared/data/bbc_news_summary.jsonl:7 --half odd
# Builds the release binary, uses the virtualenv of eval/requirements.txt
# (eval/lib.sh), and passes its arguments to eval/quality.py.
set -euo pipefail

args=()
for arg in "$@"; do
    # Data sets given by path are resolved before the change of directory.
    if [[ "$arg" != -* && -e "${arg%:*}" ]]; then
        suffix=""; [[ "$arg" =~ :[0-9]+$ ]] && suffix=":${arg##*:}"
        arg="$(realpath "${arg%:*}")$suffix"
    fi
    args+=("$arg")
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source eval/lib.sh
use_venv eval/requirements.txt
eval_python=$venv_python
cargo build --release --quiet
"$eval_python" eval/quality.py --precis target/release/precis "${args[@]}"
