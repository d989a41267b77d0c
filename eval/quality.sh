#!/usr/bin/env bash
# Prints the quality table of Precis and its peers for one data set:
#   bash eval/quality.sh ../shared/data/cnndm_val1000.jsonl 3
#   bash eval/quality.sh ../shared/data/bbc_news_summary.jsonl 7 --half second
# Builds the release binary, uses the virtualenv of eval/venv.sh, and passes
# extra arguments to eval/quality.py.
set -euo pipefail

if [[ $# -lt 2 ]]; then
    echo "usage: bash eval/quality.sh DATA.jsonl SENTENCES [quality.py options]" >&2
    exit 2
fi
data=$(realpath "$1")
sentences=$2
shift 2

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source eval/venv.sh
cargo build --release --quiet
"$eval_python" eval/quality.py "$data" --sentences "$sentences" --precis target/release/precis "$@"
