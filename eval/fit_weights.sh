#!/usr/bin/env bash
# Refits the default ranking's weights (src/summarize/features.rs):
#   bash eval/fit_weights.sh [--data ../shared/data] [--start lead]
# Prints the WEIGHTS line and fast ROUGE of the fitted and held-back rows.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source eval/lib.sh
use_venv eval/requirements.txt
eval_python=$venv_python
cargo build --release --quiet --example sentence_features
"$eval_python" eval/fit_weights.py "$@"
