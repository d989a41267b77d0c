#!/usr/bin/env python3
"""Dangling sentences in extractive summaries: the share of summaries with
a sentence that opens with a pronoun, demonstrative or discourse
connective ("He", "This", "However", German "Sie") while the sentence
before it in the article was left out. Such a sentence leans on one the
reader never sees.

A summary is judged against its article's text alone, whatever split the
system used: each summary line is found in the article, and it dangles
when it opens with an opener of the article's language, is not where the
article starts, and the summary line before it does not end where it
begins. Used by eval/quality.py for its "dangling" column; on its own:

    python3 eval/coherence.py ARTICLES.jsonl SUMMARIES.jsonl

(both JSONL with "id"; articles with "text" and optional "lang",
summaries with "summary" as one sentence a line).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

# Openers that need the sentence before them, per language, lower case.
# Multi-word connectives are matched as a whole at the sentence start.
OPENERS = {
    "en": """he she it they him her them his hers its their theirs this that these those
        such however but and also meanwhile moreover furthermore therefore thus hence yet still
        instead nevertheless nonetheless besides otherwise then later so""",
    "de": """er sie es ihm ihn ihr ihnen sein seine seiner ihre ihrer dies diese dieser dieses
        dort damit dabei daher deshalb deswegen darum aber doch jedoch auch außerdem trotzdem
        allerdings zudem dann""",
    "fr": """il elle ils elles lui leur leurs son sa ses ce cette ces cela ceci celui celle mais
        cependant pourtant toutefois ainsi donc aussi alors puis néanmoins""",
    "es": """él ella ellos ellas le les su sus este esta estos estas esto eso ese esa esos esas
        pero sin_embargo además así también entonces luego""",
    "ru": """он она оно они его её ее их ему ей им этот эта это эти тот та то те там тогда но
        однако также поэтому причём причем тем_не_менее кроме_того при_этом""",
    "uk": """він вона воно вони його її їх йому їй їм цей ця це ці той та те ті там тоді але
        проте однак також тому причому крім_того при_цьому""",
}
OPENERS = {lang: {w.replace("_", " ") for w in words.split()} for lang, words in OPENERS.items()}
_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def opens_with_opener(sentence: str, lang: str) -> bool:
    """Whether `sentence` opens with an opener of `lang` (English when the
    language has no list)."""
    openers = OPENERS.get(lang, OPENERS["en"])
    words = [w.lower() for w in _WORDS.findall(sentence[:80])[:3]]
    return any(" ".join(words[:n]) in openers for n in (1, 2, 3) if len(words) >= n)


def dangles(text: str, summary: str, lang: str) -> bool:
    """Whether any line of `summary` dangles in `text`."""
    previous_end = None
    cursor = 0
    for line in (s.strip() for s in summary.splitlines()):
        if not line:
            continue
        start = text.find(line, cursor)
        if start < 0:
            start = text.find(line)
        if start < 0:
            previous_end = None
            continue
        follows_previous = previous_end is not None and not text[previous_end:start].strip()
        at_article_start = not text[:start].strip()
        if opens_with_opener(line, lang) and not follows_previous and not at_article_start:
            return True
        previous_end = start + len(line)
        cursor = previous_end
    return False


def dangling_share(articles: list[dict], summaries: list[str]) -> float:
    """Per cent of `summaries` with a dangling sentence."""
    if not articles:
        return 0.0
    count = sum(dangles(a["text"], s, a.get("lang", "en")) for a, s in zip(articles, summaries))
    return 100.0 * count / len(articles)


def main() -> None:
    articles = [json.loads(line) for line in Path(sys.argv[1]).read_text(encoding="utf-8").splitlines() if line.strip()]
    by_id = {json.loads(line)["id"]: json.loads(line)["summary"] for line in Path(sys.argv[2]).read_text(encoding="utf-8").splitlines() if line.strip()}
    summaries = [by_id.get(a["id"], "") for a in articles]
    print(f"{dangling_share(articles, summaries):.1f}% of {len(articles)} summaries have a dangling sentence")


if __name__ == "__main__":
    main()
