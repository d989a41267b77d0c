#!/usr/bin/env bash
# Guards optimisations against changing what Precis answers: saves the batch
# outputs of every algorithm on CNN/DM (3 sentences) and BBC (7 sentences),
# then checks later builds give byte-identical outputs.
#   bash eval/outputs.sh save     # before optimising
#   bash eval/outputs.sh check    # after each change; fails on any difference
# Other data directory: bash eval/outputs.sh check DATA_DIR
set -euo pipefail

mode=${1:?usage: bash eval/outputs.sh save|check [DATA_DIR]}
cd "$(dirname "${BASH_SOURCE[0]}")/.."
data=${2:-../shared/data}
saved=target/outputs-baseline
current=target/outputs-current
cargo build --release --quiet

case $mode in
    save) out=$saved ;;
    check) out=$current ;;
    *) echo "usage: bash eval/outputs.sh save|check [DATA_DIR]" >&2; exit 2 ;;
esac
mkdir -p "$out"
status=0
for set_and_budget in cnndm_val1000:3 bbc_news_summary:7; do
    set=${set_and_budget%:*}
    budget=${set_and_budget#*:}
    for algorithm in $(target/release/precis algorithms); do
        name="$set.$algorithm.jsonl"
        target/release/precis summarize --jsonl "$data/$set.jsonl" \
            --sentences "$budget" --algorithm "$algorithm" >"$out/$name"
        if [[ $mode == check ]]; then
            if cmp -s "$saved/$name" "$out/$name"; then
                echo "same: $name"
            else
                echo "DIFFERENT: $name" >&2
                status=1
            fi
        fi
    done
done
[[ $mode == save ]] && echo "saved the outputs in $saved"
exit $status
