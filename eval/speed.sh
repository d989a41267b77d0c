#!/usr/bin/env bash
# Prints articles/second of sumy LexRank and TextRank and of Precis's batch
# mode on the same articles, and the ratio:
#   bash eval/speed.sh                                   # CNN/DM, 1000 articles
#   bash eval/speed.sh ../shared/data/bbc_news_summary.jsonl --sentences 7
# Builds the release binary, uses the virtualenv of eval/requirements.txt
# (eval/lib.sh), and passes extra arguments to eval/speed.py.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
data=${1:-../shared/data/cnndm_val1000.jsonl}
shift $(( $# > 0 ? 1 : 0 ))
source eval/lib.sh
use_venv eval/requirements.txt
eval_python=$venv_python
cargo build --release --quiet
"$eval_python" eval/speed.py "$data" --precis target/release/precis "$@"
