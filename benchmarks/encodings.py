"""How often `sitegen import` reads a file in a legacy encoding right.

Usage: python benchmarks/encodings.py [--limit N] [--chars N]

Texts from ../shared/corpus (the article sets and the extraction pages' text dumps) are
written in each legacy encoding used for their script (Latin, Cyrillic, ...) that can
hold them, then read back by the importer's decoder (chardet's guess), and by
charset-normalizer's for comparison (what the importer used before). A file counts as
read right when the text comes back exactly. Figures per encoding and in all, at a
page's length (--chars, default 2,000) and at a short note's (200).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sitegen.importer.sources import BadInput, decode  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"
# Each legacy encoding, and the script of the texts it is used for: English written in
# GB18030 reads back as Latin-1 just as well, and no one writes it so.
ENCODINGS = {"cp1252": "LATIN", "iso-8859-1": "LATIN", "iso-8859-15": "LATIN",
             "cp1250": "LATIN", "iso-8859-2": "LATIN", "cp1254": "LATIN", "cp1257": "LATIN",
             "cp1251": "CYRILLIC", "koi8-u": "CYRILLIC", "koi8-r": "CYRILLIC",
             "iso-8859-5": "CYRILLIC", "cp1253": "GREEK", "shift_jis": "CJK",
             "gb18030": "CJK", "euc-kr": "HANGUL", "big5": "CJK"}


def texts(limit: int) -> list[str]:
    """Article bodies and page text dumps, `limit` from each file."""
    out = []
    for path in sorted((CORPUS / "articles").glob("*.jsonl.gz")):
        out += [json.loads(line)["body"] for line in _lines(path, limit)]
    for path in sorted((CORPUS / "extraction").glob("*.jsonl.gz")):
        out += [json.loads(line)["page_text"] for line in _lines(path, limit)]
    return out


def _lines(path: Path, limit: int) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [line for _, line in zip(range(limit), fh, strict=False)]


def script(text: str) -> str:
    """The script most of the letters outside ASCII are in ("": none)."""
    names = Counter(unicodedata.name(c, " ").split()[0] for c in text
                    if not c.isascii() and c.isalpha())
    return names.most_common(1)[0][0] if names else ""


def _charset_normalizer(raw: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    return str(best) if best else ""


def _sitegen(raw: bytes) -> str:
    try:
        return decode(raw)
    except BadInput:
        return ""


READERS: dict[str, Callable[[bytes], str]] = {
    "charset-normalizer": _charset_normalizer, "sitegen": _sitegen}


def measure(samples: list[str], chars: int) -> None:
    right: dict[str, Counter] = {name: Counter() for name in READERS}
    seconds: Counter = Counter()
    total: Counter = Counter()
    for text in samples:
        text = text[:chars]
        written_in = script(text)
        for encoding in (e for e, s in ENCODINGS.items() if s == written_in):
            try:
                raw = text.encode(encoding)
            except UnicodeEncodeError:
                continue
            total[encoding] += 1
            for name, read in READERS.items():
                start = time.perf_counter()
                right[name][encoding] += read(raw) == text
                seconds[name] += time.perf_counter() - start
    print(f"texts cut to {chars} characters: share read back exactly")
    print(f"{'encoding':12s} {'files':>6s} " + " ".join(f"{n:>18s}" for n in READERS))
    for encoding in ENCODINGS:
        if total[encoding]:
            print(f"{encoding:12s} {total[encoding]:6d} " + " ".join(
                f"{right[n][encoding] / total[encoding]:18.3f}" for n in READERS))
    files = sum(total.values())
    print(f"{'all':12s} {files:6d} " + " ".join(
        f"{sum(right[n].values()) / files:18.3f}" for n in READERS))
    print(f"{'ms per file':12s} {'':6s} " + " ".join(
        f"{seconds[n] / files * 1e3:18.2f}" for n in READERS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=150, help="texts read from each file")
    parser.add_argument("--chars", type=int, default=2000)
    args = parser.parse_args()
    samples = texts(args.limit)
    for chars in (args.chars, 200):
        measure(samples, chars)


if __name__ == "__main__":
    main()
