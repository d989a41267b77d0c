#!/usr/bin/env python3
"""How a language's stemmer groups the inflected forms of a corpus's words.

Run from the repository root after `cargo build --release`:
    python3 eval/stemming.py [GOLD.jsonl] [--language uk]
GOLD defaults to ../shared/data/segmentation/ud_uk_iu.jsonl (any JSONL with
"text" works). Needs only the Python standard library.

Terms are what ranking compares (lowercased, stop words out), with and
without the stemmer. Reported: distinct terms over the corpus, the mean
number of word forms per term, and, what ranking feels, the share of a
document's term occurrences that repeat an earlier term of the same
document (more repeats: more overlap between sentences about one thing).
The largest groups are printed for a look at over-stemming.
"""
import argparse
import collections
import json
import subprocess


def terms(precis, language, texts, stem):
    command = [precis, "terms", "--language", language] + ([] if stem else ["--no-stem"])
    lines = "\n".join(" ".join(t.split()) for t in texts) + "\n"
    out = subprocess.run(command, input=lines, capture_output=True, text=True, check=True).stdout
    return [json.loads(line) for line in out.splitlines()]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("gold", nargs="?", default="../shared/data/segmentation/ud_uk_iu.jsonl")
    parser.add_argument("--language", default="uk")
    parser.add_argument("--precis", default="target/release/precis")
    args = parser.parse_args()
    with open(args.gold, encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]

    words = terms(args.precis, args.language, texts, stem=False)
    stems = terms(args.precis, args.language, texts, stem=True)
    groups = collections.defaultdict(set)
    for doc_words, doc_stems in zip(words, stems):
        for word, stem in zip(doc_words, doc_stems):
            groups[stem].add(word)

    def repeat_share(docs):
        repeats = sum(len(doc) - len(set(doc)) for doc in docs)
        return repeats / max(1, sum(len(doc) for doc in docs))

    forms = len({w for doc in words for w in doc})
    print(f"documents: {len(texts)}, term occurrences: {sum(map(len, words))}")
    print(f"distinct terms: {forms} unstemmed, {len(groups)} stemmed "
          f"({100 * (1 - len(groups) / forms):.1f} % fewer; {forms / len(groups):.2f} forms per stem)")
    print(f"occurrences repeating an earlier term of their document: "
          f"{100 * repeat_share(words):.1f} % unstemmed, {100 * repeat_share(stems):.1f} % stemmed")
    print("largest groups:")
    for stem, group in sorted(groups.items(), key=lambda item: -len(item[1]))[:12]:
        print(f"  {stem}: {', '.join(sorted(group))}")


if __name__ == "__main__":
    main()
