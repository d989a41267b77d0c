#!/usr/bin/env python3
"""Extracts every `*.html.gz` page of a directory with trafilatura (PyPI), the
peer of Precis's extraction, as `{"id", "system", "text", "ms"}` JSON Lines
on standard output, the way `precis extract-pages` writes them. trafilatura
runs with its defaults, as its own evaluation runs it.

    python eval/trafilatura_pages.py HTML_DIR
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from pathlib import Path

import trafilatura


def main() -> int:
    system = f"trafilatura {trafilatura.__version__} (Python)"
    for path in sorted(Path(sys.argv[1]).glob("*.html.gz")):
        html = gzip.decompress(path.read_bytes())
        start = time.perf_counter()
        text = trafilatura.extract(html) or ""
        ms = (time.perf_counter() - start) * 1000.0
        page = path.name.removesuffix(".html.gz")
        print(json.dumps({"id": page, "system": system, "text": text, "ms": ms}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
