#!/usr/bin/env bash
# Prints the main-content extraction table of Precis and the Rust candidates
# on ScrapingHub's article-extraction benchmark:
#   bash eval/extraction.sh [DATA_DIR]      # default ../shared/data/extraction
# Builds Precis and eval/candidates (release), decompresses the pages to a
# temporary directory, extracts them with each system and scores them with
# eval/extraction.py. Run from anywhere; needs Python 3 (no packages).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
data=$(realpath "${1:-../shared/data/extraction}")
work=$(mktemp -d "${TMPDIR:-/tmp}/precis-extraction.XXXXXX")
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet
cargo build --release --quiet --manifest-path eval/candidates/Cargo.toml

mkdir "$work/pages"
for page in "$data"/html/*.html.gz; do
    name=$(basename "$page" .gz)
    gzip -dc "$page" >"$work/pages/$name"
done
target/release/precis extract-pages "$work/pages" >"$work/precis.jsonl"
eval/candidates/target/release/extraction-candidates "$data/html" >"$work/candidates.jsonl" 2>/dev/null
python3 eval/extraction.py "$data/ground-truth.json" "$work/precis.jsonl" "$work/candidates.jsonl"
