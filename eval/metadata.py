#!/usr/bin/env python3
"""How often Precis's article metadata agrees with Readability.js's.

Extracts the pages of `extraction_readability/` with `precis extract-pages`
(or reads that command's JSON Lines with --jsonl) and compares title, byline,
published time and language with `metadata.jsonl`, which holds what
Readability.js finds on each page:

    python3 eval/metadata.py [--data DIR] [--precis BINARY] [--jsonl FILE] [--show]

Only pages where Readability.js finds a value are scored; a page where
Precis finds a value and Readability.js none is counted as "extra" and not
scored. Two values agree when:

- title: equal after collapsing whitespace and trimming;
- byline: equal after collapsing whitespace, trimming, ignoring case and a
  leading "By ";
- date: the same instant, to the second, when both carry a time and a UTC
  offset; the same wall-clock time when one has no offset; the same day when
  one has no time;
- language: the same tag, ignoring case ("primary" also counts "en" against
  "en-US" as agreeing).

Figures are given over all pages and over the pages at odd and at even
positions (sorted by id), so that a rule fitted to some pages shows as a
gain on one half only. Needs Python 3 (no packages).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIELDS = ("title", "byline", "date", "language", "primary")

DATE = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?)?\s*$",
    re.IGNORECASE,
)


def collapse(text: str | None) -> str:
    return " ".join((text or "").split())


def title_key(text: str | None) -> str:
    return collapse(text)


def byline_key(text: str | None) -> str:
    text = collapse(text).casefold()
    return re.sub(r"^by\s+", "", text)


def parse_date(text: str | None):
    """(day, naive datetime or None, aware datetime or None), or None."""
    match = DATE.match(text or "")
    if not match:
        return None
    year, month, day, hour, minute, second, offset = match.groups()
    try:
        day_only = date(int(year), int(month), int(day))
        if hour is None:
            return day_only, None, None
        naive = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    except ValueError:
        return None
    aware = None
    if offset:
        if offset.upper() == "Z":
            zone = timezone.utc
        else:
            digits = offset[1:].replace(":", "")
            delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
            zone = timezone(-delta if offset[0] == "-" else delta)
        aware = naive.replace(tzinfo=zone)
    return day_only, naive, aware


def dates_agree(expected: str | None, got: str | None) -> bool:
    want, have = parse_date(expected), parse_date(got)
    if want is None or have is None:
        return collapse(expected) == collapse(got)
    if want[1] is None or have[1] is None:
        return want[0] == have[0]
    if want[2] is None or have[2] is None:
        return want[1] == have[1]
    return want[2] == have[2]


def agree(field: str, expected: dict, got: dict) -> bool | None:
    """Whether Precis agrees on a field; None when Readability.js has no value."""
    if field == "title":
        want = title_key(expected.get("title"))
        return None if not want else want == title_key(got.get("title"))
    if field == "byline":
        want = byline_key(expected.get("byline"))
        return None if not want else want == byline_key(got.get("byline"))
    if field == "date":
        want = collapse(expected.get("published_time"))
        return None if not want else dates_agree(want, got.get("published_time"))
    want = collapse(expected.get("lang")).lower()
    have = collapse(got.get("language")).lower()
    if not want:
        return None
    if field == "primary":
        return want.split("-")[0] == have.split("-")[0]
    return want == have


GOT = {"title": "title", "byline": "byline", "date": "published_time", "language": "language", "primary": "language"}
WANT = {"title": "title", "byline": "byline", "date": "published_time", "language": "lang", "primary": "lang"}


def extract(data: Path, precis: Path) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="precis-metadata.") as work:
        for page in sorted((data / "html").glob("*.html.gz")):
            (Path(work) / page.name[: -len(".gz")]).write_bytes(gzip.decompress(page.read_bytes()))
        out = subprocess.run(
            [str(precis), "extract-pages", work], check=True, capture_output=True, text=True
        ).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/extraction_readability")
    parser.add_argument("--precis", type=Path, default=ROOT / "target/release/precis")
    parser.add_argument("--jsonl", type=Path, help="extract-pages output to read instead of running Precis")
    parser.add_argument("--show", action="store_true", help="list every disagreement")
    args = parser.parse_args()

    truth = {}
    with open(args.data / "metadata.jsonl", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            truth[row["id"]] = row
    if args.jsonl:
        with open(args.jsonl, encoding="utf-8") as lines:
            rows = [json.loads(line) for line in lines if line.strip()]
    else:
        rows = extract(args.data, args.precis)
    got = {row["id"]: row for row in rows}
    missing = set(truth) - set(got)
    if missing:
        print(f"warning: no extraction for {len(missing)} pages", file=sys.stderr)

    ordered = sorted(truth)
    halves = {"all": ordered, "odd": ordered[1::2], "even": ordered[0::2]}
    print(f"{len(truth)} pages")
    print("| field | all | odd pages | even pages | extra (Readability.js: none) |")
    print("|---|---|---|---|---|")
    for field in FIELDS:
        cells = []
        for pages in halves.values():
            verdicts = [agree(field, truth[page], got.get(page, {})) for page in pages]
            scored = [verdict for verdict in verdicts if verdict is not None]
            agreed = sum(scored)
            share = 100.0 * agreed / len(scored) if scored else 0.0
            cells.append(f"{agreed}/{len(scored)} ({share:.1f}%)")
        extra = sum(
            1
            for page in ordered
            if agree(field, truth[page], got.get(page, {})) is None and collapse(got.get(page, {}).get(GOT[field]))
        )
        print(f"| {field} | {' | '.join(cells)} | {extra} |")
    if args.show:
        for field in FIELDS[:4]:
            print(f"\n{field}:")
            for page in ordered:
                if agree(field, truth[page], got.get(page, {})) is False:
                    want = truth[page].get(WANT[field])
                    have = got.get(page, {}).get(GOT[field])
                    print(f"  {page}: want {want!r} got {have!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
