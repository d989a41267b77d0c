#!/usr/bin/env python3
"""Main-content extraction scored with each corpus's own metric.

Reads one or more JSONL files of extractions, `{"id", "system", "text", "ms"}`
per line (`id` is the page's file name without `.html.gz`), and scores every
system against the corpus's truth file:

`ground-truth.json` (ScrapingHub's article-extraction benchmark), the way the
benchmark does: tokens are the matches of `\\w+`, shingles are 4-grams of
tokens counted with multiplicity; per page tp = sum of min(true, predicted)
counts, fp and fn the surpluses, and the three are divided by their sum so
every page weighs the same. Precision and recall are the means over pages
(where defined); F1 is the harmonic mean of the two means.

`snippets.json` (trafilatura's evaluation corpus), the way trafilatura's
harness does: for each page up to the first 6 `with` strings (a found one is
a true positive, a missing one a false negative) and the first 6 `without`
strings (a found one is a false positive), each sought in the extraction
with whitespace collapsed; precision, recall and F1 over all pages' counts.

F1 is also
given for the pages at odd and at even positions (pages sorted by id), so
that a change tuned on some pages shows as a gain on one half only.

Run it through eval/extraction.sh, which produces the JSONL files.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path

TOKEN = re.compile(r"\w+")
SHINGLE = 4


def shingles(text: str) -> Counter:
    tokens = TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(max(len(tokens) - SHINGLE + 1, 0)))


def page_counts(truth: str, predicted: str) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of one page."""
    expected, got = shingles(truth), shingles(predicted)
    tp = sum((expected & got).values())
    fp = sum((got - expected).values())
    fn = sum((expected - got).values())
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def score(truth: dict[str, str], predictions: dict[str, str]) -> tuple[float, float, float]:
    precisions, recalls = [], []
    for page, body in truth.items():
        tp, fp, fn = page_counts(body, predictions.get(page, ""))
        if tp + fp > 0:
            precisions.append(tp / (tp + fp))
        if tp + fn > 0:
            recalls.append(tp / (tp + fn))
    precision = statistics.fmean(precisions) if precisions else 0.0
    recall = statistics.fmean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall


SNIPPETS = 6


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def collapsed(text: str) -> str:
    return " ".join((text or "").split())


def snippet_score(truth: dict[str, dict], predictions: dict[str, str]) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for page, item in truth.items():
        text = collapsed(predictions.get(page, ""))
        for snippet in item["with"][:SNIPPETS]:
            if collapsed(snippet) in text:
                tp += 1
            else:
                fn += 1
        fp += sum(collapsed(snippet) in text for snippet in item["without"][:SNIPPETS])
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return f1, precision, recall


def load_truth(path: Path):
    """The pages' truth and the scorer for it, by the truth file's kind."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if path.name == "snippets.json":
        return {item["file"].removesuffix(".html"): item for item in data.values()}, snippet_score
    return {page: item["articleBody"] for page, item in data.items()}, score


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ground_truth", type=Path, help="the corpus's ground-truth.json or snippets.json")
    parser.add_argument("extractions", type=Path, nargs="+", help="JSONL files of extractions")
    args = parser.parse_args()

    truth, scorer = load_truth(args.ground_truth)
    texts: dict[str, dict[str, str]] = defaultdict(dict)
    times: dict[str, list[float]] = defaultdict(list)
    for path in args.extractions:
        for line in path.read_text(encoding="utf-8").split("\n"):
            if line.strip():
                row = json.loads(line)
                texts[row["system"]][row["id"]] = row["text"]
                times[row["system"]].append(float(row.get("ms", 0.0)))

    print(f"{len(truth)} pages")
    print("| System | F1 | Precision | Recall | F1 odd / even pages | ms/page (mean) | (median) | (p99) |")
    print("|---|---|---|---|---|---|---|---|")
    ordered = sorted(truth)
    halves = [{page: truth[page] for page in ordered[start::2]} for start in (1, 0)]
    rows = []
    for system, predictions in texts.items():
        missing = set(truth) - set(predictions)
        if missing:
            print(f"warning: {system} has no extraction for {len(missing)} pages", file=sys.stderr)
        f1, precision, recall = scorer(truth, predictions)
        odd, even = (scorer(half, predictions)[0] for half in halves)
        rows.append((f1, precision, recall, odd, even, system))
    for f1, precision, recall, odd, even, system in sorted(rows, reverse=True):
        ms = times[system]
        print(
            f"| {system} | {f1:.3f} | {precision:.3f} | {recall:.3f} | {odd:.3f} / {even:.3f} "
            f"| {statistics.fmean(ms):.1f} | {statistics.median(ms):.1f} | {percentile(ms, 0.99):.1f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
