#!/usr/bin/env python3
"""Scores Precis's sentence segmentation beside Punkt's on every gold set.

Called by eval/segmentation.sh, which builds Precis and installs Punkt.
For each `ud_*.jsonl` set it runs `precis segment` with the set's language
given explicitly, scores it and the Punkt baselines with seg_eval.py, and
measures language detection (no language given) on whole documents and on
single gold sentences. Prints one Markdown table of each.
"""
import argparse
import json
import pathlib
import subprocess
import sys


def run(command, **kwargs):
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs).stdout


def score(seg_eval, gold, *system):
    return json.loads(run([sys.executable, seg_eval, str(gold), "--json", *system]))


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def segment(precis, documents, out):
    """Runs `precis segment` on `documents`, keeping their `lang` fields."""
    with open(out, "w", encoding="utf-8") as f:
        for document in documents:
            f.write(json.dumps(document, ensure_ascii=False) + "\n")
    answer = run([precis, "segment", "--jsonl", str(out)])
    return [json.loads(line) for line in answer.splitlines()]


def detection(precis, documents, out):
    """Counts of `documents` whose detected language is used and right, is
    not used (fallback: unsupported or unsure), or is used and wrong; and
    how often the detector's top guess is right at all."""
    results = segment(precis, [{"id": d["id"], "text": d["text"]} for d in documents], out)
    counts = {"right": 0, "fallback": 0, "wrong": 0, "guess": 0, "all": len(documents)}
    for r, d in zip(results, documents):
        counts["guess"] += r["detected"] == d["lang"]
        if r["fallback"]:
            counts["fallback"] += 1
        else:
            counts["right" if r["detected"] == d["lang"] else "wrong"] += 1
    return counts


def detection_cell(c):
    share = lambda k: f"{100 * c[k] / c['all']:.1f}"
    return f"{share('right')} / {share('fallback')} / {share('wrong')} ({share('guess')})"


def percent(value):
    return f"{100 * value:.1f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--precis", required=True)
    parser.add_argument("--data", required=True, type=pathlib.Path)
    parser.add_argument("--seg-eval", required=True)
    parser.add_argument("--out", required=True, type=pathlib.Path)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    sets = sorted(args.data.glob("ud_*.jsonl"))
    if not sets:
        raise SystemExit(f"no ud_*.jsonl sets in {args.data}")
    print("| set | Precis P / R / F1 | Punkt P / R / F1 | punkt-para P / R / F1 | Precis - punkt-para |")
    print("|---|---|---|---|---|")
    detections = []
    for gold in sets:
        name = gold.stem
        documents = load(gold)
        pred = args.out / f"{name}.pred.jsonl"
        predictions = segment(args.precis, documents, args.out / f"{name}.in.jsonl")
        with open(pred, "w", encoding="utf-8") as f:
            for p in predictions:
                f.write(json.dumps({"id": p["id"], "sentences": p["sentences"]}, ensure_ascii=False) + "\n")
        rows = [score(args.seg_eval, gold, "--pred", str(pred)),
                score(args.seg_eval, gold, "--system", "punkt"),
                score(args.seg_eval, gold, "--system", "punkt-para")]
        cells = [" / ".join(percent(r[k]) for k in ("P", "R", "F1")) for r in rows]
        delta = 100 * (rows[0]["F1"] - rows[2]["F1"])
        print(f"| {name} | {cells[0]} | {cells[1]} | {cells[2]} | {delta:+.1f} |", flush=True)

        sentences = [{"id": f"{d['id']}#{i}", "lang": d["lang"], "text": s}
                     for d in documents for i, s in enumerate(d["sentences"])]
        detections.append((name,
                           detection(args.precis, documents, args.out / f"{name}.detect-docs.jsonl"),
                           detection(args.precis, sentences, args.out / f"{name}.detect-sents.jsonl")))

    print()
    print("| set | documents: used right / fallback / used wrong (top guess right), % "
          "| single sentences: the same |")
    print("|---|---|---|")
    for name, documents_counts, sentence_counts in detections:
        print(f"| {name} ({documents_counts['all']} docs, {sentence_counts['all']} sentences) "
              f"| {detection_cell(documents_counts)} | {detection_cell(sentence_counts)} |")

if __name__ == "__main__":
    main()
