#!/usr/bin/env python3
"""Articles per second of sumy's LexRank and TextRank and of Precis's batch
mode on the same articles, measured in one run, with Precis's speed as a
multiple of sumy's.

sumy runs in this process on one core (Punkt sentence splitting included, as
in eval/quality.py, whose peer code this reuses). Precis runs as a separate
process (`precis summarize --jsonl`), timed end to end: start-up, reading
and writing its JSON included, the Python side's encoding of the input not;
once on one thread, the fair comparison, and once on all cores. Run it
through eval/speed.sh, which builds Precis and the virtualenv.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from quality import PunktTokenizer, load_articles, precis_batch, precis_input, sumy_summaries, timed

# Each Precis algorithm and the sumy algorithm it is compared with: the
# default (centrality) against sumy's LexRank, the most used of its graph
# methods.
PAIRS = [("lexrank", "lexrank"), ("textrank", "textrank"), ("centrality", "lexrank")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="JSONL data set, e.g. ../shared/data/cnndm_val1000.jsonl")
    parser.add_argument("--sentences", type=int, default=3, help="summary budget in sentences")
    parser.add_argument("--precis", type=Path, default=Path("target/release/precis"))
    parser.add_argument("--rounds", type=int, default=3, help="Precis runs per setting; the fastest counts")
    args = parser.parse_args()

    articles = load_articles(args.data, "all", None)
    count = len(articles)
    cores = os.cpu_count() or 1
    tokenizer = PunktTokenizer("english")
    # Encoded once, outside the timing: the Python side's JSON is not
    # Precis's work (its own parsing and output are timed).
    jsonl = precis_input(articles)
    print(f"{args.data.name}: {count} articles, {args.sentences} sentences, {cores} cores")
    print("| Precis algorithm (vs sumy) | sumy articles/s | Precis 1 thread articles/s | × sumy | Precis all cores articles/s | × sumy |")
    print("|---|---|---|---|---|---|")
    sumy_rates: dict[str, float] = {}
    for precis_name, sumy_name in PAIRS:
        if sumy_name not in sumy_rates:
            _, sumy_seconds = timed(lambda: sumy_summaries(sumy_name, articles, args.sentences, tokenizer))
            sumy_rates[sumy_name] = count / sumy_seconds
        sumy_rate = sumy_rates[sumy_name]
        rates = []
        for threads in (1, cores):
            fastest = min(
                timed(lambda: precis_batch(args.precis, precis_name, jsonl, args.sentences, threads))[1]
                for _ in range(args.rounds)
            )
            rates.append(count / fastest)
        print(
            f"| {precis_name} (vs {sumy_name}) | {sumy_rate:,.0f} | {rates[0]:,.0f} | {rates[0] / sumy_rate:.0f} |"
            f" {rates[1]:,.0f} | {rates[1] / sumy_rate:.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
