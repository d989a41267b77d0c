#!/usr/bin/env python3
"""Fits the weights of Precis's default ranking (src/summarize/features.rs).

Reads every sentence's features (from `examples/sentence_features.rs`) for
the CNN/DailyMail, Daily Mail and BBC sets, and searches, by deterministic
coordinate ascent, for the weights whose top-N sentences score best in
ROUGE-1 and ROUGE-2 F1 against the references, relative to the lead on each
of four interleaved folds of every fitted set, with a point below the lead
costing ten above it, so a gain on some articles cannot hide a loss on
others; the position prior's weight and the title's stay non-negative. Only
the EVEN rows (0, 2, 4, ...) of the sets named by --fit are used for
fitting; their odd rows are held back and reported separately, and so are
the first and second halves (BBC's rows are grouped by topic, so its halves
differ in kind); the other sets are reported whole as never seen, so a fit
on CNN + BBC is judged on Daily Mail and so on. ROUGE here is a fast
re-implementation over rouge-score's own tokenizer and stemmer, without the
redundancy check; eval/quality.sh gives the real figures.

    bash eval/fit_weights.sh   # prints the WEIGHTS constant and the halves
"""

from __future__ import annotations

import argparse
import json
import subprocess
from collections import Counter
from pathlib import Path

import numpy as np
from rouge_score import tokenizers
from nltk.stem import porter

SETS = [
    # file, budget
    ("cnndm_val1000.jsonl", 3),
    ("dailymail_dev603.jsonl", 3),
    ("bbc_news_summary.jsonl", 7),
]
# Features a weight may not make negative: the position prior (it falls with
# a sentence's position, so a non-negative weight keeps the prior monotone
# whatever the fit) and likeness to the title.
NON_NEGATIVE = {"lead", "title"}
# How much a point below a set's lead costs against a point above it: the
# default must never fall below the lead, so gains elsewhere cannot buy it.
SHORTFALL_PENALTY = 10.0
# How many interleaved folds of a set's fitted rows are each held to the lead.
FOLDS = 4
STEPS = [0.2, 0.1, 0.05, 0.02]


class Ngrams:
    """Unigram and bigram counts the way rouge-score counts them."""

    def __init__(self):
        self._tokenizer = tokenizers.DefaultTokenizer(use_stemmer=True)

    def __call__(self, text: str) -> tuple[Counter, Counter]:
        tokens = self._tokenizer.tokenize(text)
        return Counter(tokens), Counter(zip(tokens, tokens[1:]))


def f1(overlap: int, produced: int, wanted: int) -> float:
    if overlap == 0:
        return 0.0
    precision, recall = overlap / produced, overlap / wanted
    return 2 * precision * recall / (precision + recall)


class Article:
    def __init__(self, record: dict, features: dict, ngrams: Ngrams):
        sentences = features["sentences"]
        self.features = np.array([s["features"] for s in sentences]) if sentences else np.zeros((0, 0))
        self.eligible = np.array([s["eligible"] for s in sentences], dtype=bool)
        self.grams = [ngrams(s["text"]) for s in sentences]
        self.reference = ngrams(record["summary"])
        # Scores by chosen sentences: most candidate weights change few
        # articles' choices, so the search mostly looks its answers up.
        self._scored: dict[tuple[int, ...], tuple[float, float]] = {}

    def rouge(self, weights: np.ndarray, budget: int) -> tuple[float, float]:
        if len(self.grams) == 0:
            return 0.0, 0.0
        scores = self.features @ weights
        # Eligible sentences first, then by score, then in document order.
        ranked = np.lexsort((np.arange(len(scores)), -scores, ~self.eligible))[:budget]
        order = tuple(sorted(int(i) for i in ranked))
        if order not in self._scored:
            self._scored[order] = self._score(order)
        return self._scored[order]

    def _score(self, order: tuple[int, ...]) -> tuple[float, float]:
        unigrams, bigrams = Counter(), Counter()
        for i in order:
            unigrams.update(self.grams[i][0])
            bigrams.update(self.grams[i][1])
        result = []
        for produced, wanted in ((unigrams, self.reference[0]), (bigrams, self.reference[1])):
            overlap = sum(min(count, wanted[gram]) for gram, count in produced.items())
            result.append(f1(overlap, sum(produced.values()), sum(wanted.values())))
        return result[0] * 100, result[1] * 100


def load(data_dir: Path, name: str, budget: int, binary: Path, ngrams: Ngrams) -> list[Article]:
    path = data_dir / name
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    output = subprocess.run([str(binary), str(path), str(budget)], capture_output=True, check=True, text=True).stdout
    lines = output.splitlines()
    names = json.loads(lines[0])["feature_names"]
    features = [json.loads(line) for line in lines[1:]]
    assert [f["id"] for f in features] == [r["id"] for r in records]
    return names, [Article(r, f, ngrams) for r, f in zip(records, features)]


def evaluate(articles: list[Article], weights: np.ndarray, budget: int) -> tuple[float, float]:
    scores = np.array([a.rouge(weights, budget) for a in articles])
    return tuple(scores.mean(axis=0))


def objective(folds, weights: np.ndarray) -> float:
    total = 0.0
    for articles, budget, (lead_r1, lead_r2) in folds:  # the lead's scores on the same rows
        r1, r2 = evaluate(articles, weights, budget)
        for score, lead in ((r1, lead_r1), (r2, lead_r2)):
            total += score / lead - SHORTFALL_PENALTY * max(0.0, 1.0 - score / lead)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--features", type=Path, default=Path("target/release/examples/sentence_features"))
    parser.add_argument("--start", default="lead", help="the feature the search starts from alone")
    parser.add_argument(
        "--fit",
        default="cnndm_val1000,dailymail_dev603,bbc_news_summary",
        help="the sets (file names without .jsonl) whose even rows are fitted; every set is reported, the others as never seen",
    )
    args = parser.parse_args()
    fitted_sets = set(args.fit.split(","))

    ngrams = Ngrams()
    loaded = []
    for name, budget in SETS:
        names, articles = load(args.data, name, budget, args.features, ngrams)
        loaded.append((name, budget, articles[0::2], articles[1::2], articles))
    lead = np.zeros(len(names))
    lead[names.index("lead")] = 1.0
    # Each fold of the fitted rows is held to the lead's fast ROUGE on the
    # same rows: a shortfall on any fold costs, so a gain on some articles
    # cannot hide a loss on others.
    fitting = [
        (fold, budget, evaluate(fold, lead, budget))
        for name, budget, even, _, _ in loaded
        if Path(name).stem in fitted_sets
        for fold in (even[k::FOLDS] for k in range(FOLDS))
    ]

    weights = np.zeros(len(names))
    weights[names.index(args.start)] = 1.0
    best = objective(fitting, weights)
    for step in STEPS:
        improved = True
        while improved:
            improved = False
            for i in range(len(weights)):
                for delta in (step, -step):
                    candidate = weights.copy()
                    candidate[i] = round(candidate[i] + delta, 4)
                    if names[i] in NON_NEGATIVE and candidate[i] < 0:
                        continue
                    value = objective(fitting, candidate)
                    if value > best + 1e-9:
                        best, weights, improved = value, candidate, True
            print(f"step {step}: objective {best:.4f}", flush=True)

    print("\nWEIGHTS (features.rs order):")
    print("pub const WEIGHTS: Features = [" + ", ".join(f"{w:g}" for w in weights) + "];")
    for name, weight in zip(names, weights):
        print(f"  {name:<18} {weight:g}")
    print("\nfast ROUGE-1/ROUGE-2 F1 (no redundancy check), and the lead's on the same rows:")
    for name, budget, even, odd, articles in loaded:
        middle = (len(articles) + 1) // 2
        if Path(name).stem in fitted_sets:
            parts = [("even (fitted)", even), ("odd (held back)", odd), ("first half", articles[:middle]), ("second half", articles[middle:])]
        else:
            parts = [("all (never seen)", articles)]
        for part, rows in parts:
            (r1, r2), (lead_r1, lead_r2) = evaluate(rows, weights, budget), evaluate(rows, lead, budget)
            print(f"  {name} @ {budget} {part:<16} {r1:6.2f} {r2:6.2f}   lead {lead_r1:6.2f} {lead_r2:6.2f}   {r1 - lead_r1:+.2f} {r2 - lead_r2:+.2f}")


if __name__ == "__main__":
    main()
