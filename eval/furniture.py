#!/usr/bin/env python3
"""Counts summaries that picked page furniture instead of story sentences.

Reads the JSONL that `precis summarize --jsonl` writes (`{"id", "summary"}`
per line, the summary's sentences one per line) and flags each sentence
that matches one of these patterns, written independently of Precis's own
rules in src/text/furniture.rs so that they check it:

- byline: "By" and up to six capitalised names and nothing else, or
  "... contributed to this report";
- dateline: "PUBLISHED:", "UPDATED:", "Last updated", an editor's
  bracketed note, or a line of dates and clock times without prose;
- contact: an e-mail address, or "Follow ... on Twitter";
- widget: "Click here", "READ MORE:", "WATCH:", "Scroll down", a
  "Photo Gallery:" or "Video:" label.

Prints the count per kind, the number of summaries with any, and each
flagged sentence. Usage:

    target/release/precis summarize --jsonl ../shared/data/cnndm_val1000.jsonl \\
        --sentences 3 > /tmp/summaries.jsonl
    python3 eval/furniture.py /tmp/summaries.jsonl
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

PATTERNS = {
    "byline": [
        re.compile(r"^By\s+(?:[A-Z][\w.'-]*\s*(?:and\s+|,\s*)?){1,6}\.?\s*$"),
        re.compile(r"contributed to this report", re.IGNORECASE),
    ],
    "dateline": [
        re.compile(r"^(?:PUBLISHED|UPDATED|Last updated)\b", re.IGNORECASE),
        re.compile(r"^\W*(?:\(\w+\))?\s*\[[^\]]*\]\W*$"),
        re.compile(r"^[\d\s:/,.\-]+(?:[AP]M|EST|EDT|GMT|BST|UTC|ET)?[\d\s:/,.\-]*$"),
    ],
    "contact": [
        re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),
        re.compile(r"\bFollow\b.*\bon Twitter\b", re.IGNORECASE),
    ],
    "widget": [
        re.compile(r"\bclick here\b", re.IGNORECASE),
        re.compile(r"^(?:READ MORE|WATCH|SEE ALSO|RELATED)\s*:"),
        re.compile(r"^Scroll down\b", re.IGNORECASE),
        re.compile(r"^(?:Photo Gallery|Video|Gallery|Photos)\s*:", re.IGNORECASE),
    ],
}


def kind_of(sentence: str) -> str | None:
    for kind, patterns in PATTERNS.items():
        if any(pattern.search(sentence) for pattern in patterns):
            return kind
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("summaries", type=Path, help="JSONL written by precis summarize --jsonl")
    args = parser.parse_args()

    kinds: Counter[str] = Counter()
    summaries_with_furniture = 0
    total = 0
    flagged = []
    for line in args.summaries.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        total += 1
        found = False
        for sentence in row.get("summary", "").splitlines():
            kind = kind_of(sentence.strip())
            if kind:
                kinds[kind] += 1
                found = True
                flagged.append((row["id"], kind, sentence.strip()))
        summaries_with_furniture += found
    print(f"{summaries_with_furniture} of {total} summaries pick furniture; sentences by kind: "
          + ", ".join(f"{kind} {kinds[kind]}" for kind in PATTERNS))
    for page, kind, sentence in flagged:
        print(f"  {kind:8} {page[:12]}  {sentence[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
