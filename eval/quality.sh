#!/usr/bin/env bash
# Prints the quality table of Precis and its peers for one data set:
#   bash eval/quality.sh ../shared/data/cnndm_val1000.jsonl 3
#   bash eval/quality.sh ../shared/data/bbc_news_summary.jsonl 7 --half second
# Builds the release binary, keeps a virtualenv with eval/requirements.txt in
# ~/.cache/precis-eval/venv, and passes extra arguments to eval/quality.py.
set -euo pipefail

if [[ $# -lt 2 ]]; then
    echo "usage: bash eval/quality.sh DATA.jsonl SENTENCES [quality.py options]" >&2
    exit 2
fi
data=$(realpath "$1")
sentences=$2
shift 2

cd "$(dirname "${BASH_SOURCE[0]}")/.."
cache="${XDG_CACHE_HOME:-$HOME/.cache}/precis-eval"
venv="$cache/venv"
stamp="$venv/.requirements.sha256"
wanted=$(sha256sum eval/requirements.txt | cut -d' ' -f1)
if [[ ! -x "$venv/bin/python" ]] || [[ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r eval/requirements.txt
    echo "$wanted" >"$stamp"
fi
cargo build --release --quiet
"$venv/bin/python" eval/quality.py "$data" --sentences "$sentences" --precis target/release/precis "$@"
