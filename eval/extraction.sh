#!/usr/bin/env bash
# Prints the extraction tables of Precis, the Rust candidates and trafilatura
# (PyPI, pinned in eval/requirements.txt) on every extraction set, each with
# its own metric, in one run:
#   bash eval/extraction.sh [DATA_DIR]      # default ../shared/data
# - extraction/: ScrapingHub's benchmark (shingle F1 against ground-truth.json)
# - extraction_trafilatura/: trafilatura's corpus (with/without snippets)
# - extraction_readability/: metadata agreement with Readability.js
# Builds Precis and eval/candidates (release), decompresses the pages to a
# temporary directory and scores them with eval/extraction.py and
# eval/metadata.py.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
data=$(realpath "${1:-../shared/data}")
work=$(mktemp -d "${TMPDIR:-/tmp}/precis-extraction.XXXXXX")
trap 'rm -rf "$work"' EXIT

source eval/lib.sh
use_venv eval/requirements.txt
eval_python=$venv_python
cargo build --release --quiet
cargo build --release --quiet --manifest-path eval/candidates/Cargo.toml

for set in extraction extraction_trafilatura; do
    mkdir -p "$work/$set/pages"
    for page in "$data/$set"/html/*.html.gz; do
        name=$(basename "$page" .gz)
        gzip -dc "$page" >"$work/$set/pages/$name"
    done
    truth="$data/$set/ground-truth.json"
    [[ -e "$truth" ]] || truth="$data/$set/snippets.json"
    target/release/precis extract-pages "$work/$set/pages" >"$work/$set/precis.jsonl"
    eval/candidates/target/release/extraction-candidates "$data/$set/html" >"$work/$set/candidates.jsonl" 2>/dev/null
    "$eval_python" eval/trafilatura_pages.py "$data/$set/html" >"$work/$set/trafilatura.jsonl" 2>/dev/null
    echo
    echo "## $set"
    "$eval_python" eval/extraction.py "$truth" "$work/$set"/*.jsonl
done
echo
echo "## extraction_readability (metadata)"
"$eval_python" eval/metadata.py --data "$data/extraction_readability" --precis target/release/precis
