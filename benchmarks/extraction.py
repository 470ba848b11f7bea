"""Extraction quality and speed of `sitegen import` on ../shared/corpus/extraction.

Usage: python benchmarks/extraction.py [--kind text|html|both] [--limit N]

Scores both input kinds on both sets with the sets' own upstream metrics:
- scrapinghub_aeb: 4-token shingles of `\\w+` tokens, per-page normalised TP/FP/FN,
  precision and recall averaged over pages, F1 from those means (upstream evaluate.py);
- trafilatura_eval: whitespace-normalised substring tests of must-keep / must-drop
  snippets, counts summed over the corpus (upstream tests/eval_common.py).
Peers are scored in the same run, first, and the systems after them are given as ratios
to them: the whole page_text (text dumps) and trafilatura's own extract() with the
upstream benchmark settings (HTML). sitegen's HTML import is scored
on what a reader sees of its Markdown body (a leading heading that repeats the title is
not in the body: the page shows it as the title).

Held-out split: pages whose sha1(id) is even were used while tuning the text cleaner
("tune"); the odd ones ("held-out") were not looked at. Figures are given for both halves
and for all pages. The pages are read at run time and never copied into the repo.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from markdown_it import MarkdownIt

REPO = Path(__file__).resolve().parent.parent
EXTRACTION = REPO.parent / "shared" / "corpus" / "extraction"
SETS = ("scrapinghub_aeb", "trafilatura_eval")
_TOKEN = re.compile(r"\w+")
_SHOWN = ("text", "code_inline", "softbreak", "hardbreak")
_PLAIN_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])  # as sitegen renders


def load(name: str, limit: int | None) -> list[dict]:
    path = EXTRACTION / f"{name}.jsonl.gz"
    if not path.is_file():
        sys.exit(f"benchmark skipped: {path} is missing (see ../shared/corpus/README.md)")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    return records[:limit] if limit else records


def held_out(record: dict) -> bool:
    return int(hashlib.sha1(record["id"].encode()).hexdigest(), 16) % 2 == 1


# --- scrapinghub article-extraction-benchmark metric ---------------------------------

def _shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1))
                   if tokens[i:i + n])


def shingle_counts(gold: str, predicted: str) -> tuple[float, float, float]:
    true, pred = _shingles(gold), _shingles(predicted)
    tp = fp = fn = 0.0
    for key in true.keys() | pred.keys():
        t, p = true.get(key, 0), pred.get(key, 0)
        tp, fp, fn = tp + min(t, p), fp + max(0, p - t), fn + max(0, t - p)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (tp, fp, fn)


def shingle_scores(counts: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    def ratio(tp: float, other: float, fp: float, fn: float) -> float:
        if fp == fn == 0:
            return 1.0
        return 0.0 if tp == other == 0 else tp / (tp + other)
    precision = statistics.mean(ratio(tp, fp, fp, fn) for tp, fp, fn in counts if tp + fp > 0)
    recall = statistics.mean(ratio(tp, fn, fp, fn) for tp, fp, fn in counts if tp + fn > 0)
    return precision, recall, 2 * precision * recall / (precision + recall)


# --- trafilatura evaluation metric ---------------------------------------------------

def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def snippet_counts(record: dict, predicted: str | None) -> tuple[int, int, int, int]:
    found = _norm(predicted) if isinstance(predicted, str) else None
    tp = sum(1 for s in record["expected_with"] if found is not None and _norm(s) in found)
    fp = sum(1 for s in record["expected_without"] if found is not None and _norm(s) in found)
    return tp, fp, len(record["expected_with"]) - tp, len(record["expected_without"]) - fp


def snippet_scores(counts: list[tuple[int, int, int, int]]) -> tuple[float, float, float]:
    tp, fp, fn, _tn = (sum(c[i] for c in counts) for i in range(4))
    return tp / (tp + fp), tp / (tp + fn), 2 * tp / (2 * tp + fp + fn)


def score(name: str, records: list[dict], outputs: list[str | None]) -> tuple[float, ...]:
    if name == "scrapinghub_aeb":
        return shingle_scores([shingle_counts(r["expected_body"], o or "")
                               for r, o in zip(records, outputs, strict=True)])
    return snippet_scores([snippet_counts(r, o) for r, o in zip(records, outputs, strict=True)])


# --- systems ---------------------------------------------------------------------------

def markdown_text(markdown: str) -> str:
    """What a reader sees of a Markdown body: inline text and code, one block a line."""
    out, line = [], []
    for token in _PLAIN_MD.parse(markdown):
        if token.type == "list_item_open" and token.info:
            line.append(f"{token.info}{token.markup} ")
        elif token.type == "inline":
            line.extend(c.content if c.type in ("text", "code_inline") else "\n"
                        for c in token.children or [] if c.type in _SHOWN)
            line.append(" ")
        elif token.type in ("fence", "code_block"):
            out.append(token.content.strip())
        elif token.type.endswith("_close") and "".join(line).strip():
            out.append("".join(line).strip())
            line = []
    return "\n".join(out)


def sitegen_text(records: list[dict]) -> Callable[[dict], str]:
    from sitegen.importer.textdump import SiteEvidence, clean_dump, site_of

    evidence = SiteEvidence.from_pages((site_of(r["url"]), r["page_text"]) for r in records)
    return lambda r: clean_dump(r["page_text"], r["url"], evidence).text


def sitegen_html(_records: list[dict]) -> Callable[[dict], str]:
    from sitegen.importer.html import extract_html

    def run(record: dict) -> str:
        found = extract_html(record["html"], record["url"])
        return markdown_text(found.markdown) if found else ""
    return run


def trafilatura_html(_records: list[dict]) -> Callable[[dict], str | None]:
    import trafilatura

    return lambda r: trafilatura.extract(r["html"], url=r["url"], include_comments=False,
                                         include_tables=True, include_formatting=False)


def whole_page(_records: list[dict]) -> Callable[[dict], str]:
    return lambda r: r["page_text"]


SYSTEMS = {
    "text": [("whole page_text", whole_page), ("sitegen text cleaner", sitegen_text)],
    "html": [("trafilatura extract()", trafilatura_html), ("sitegen import html", sitegen_html)],
}


def run_system(make: Callable, records: list[dict]) -> tuple[list[str | None], float]:
    started = time.perf_counter()  # a batch's evidence is part of the cleaner's work
    run = make(records)
    outputs = []
    for record in records:
        try:
            outputs.append(run(record))
        except Exception as exc:  # noqa: BLE001 - upstream counts a crash as empty output
            print(f"  crash on {record['id']}: {exc!r}", file=sys.stderr)
            outputs.append(None)
    return outputs, len(records) / (time.perf_counter() - started)


SPLITS = (("tune", False), ("held-out", True), ("all", None))


def report(name: str, kind: str, label: str, records: list[dict], outputs: list,
           speed: float, peer: dict[str, tuple[float, float]]) -> None:
    """One line per split; against the kind's first system (the peer) as ratios."""
    for split, keep in SPLITS:
        pairs = [(r, o) for r, o in zip(records, outputs, strict=True)
                 if keep is None or held_out(r) == keep]
        p, r, f1 = score(name, [a for a, _ in pairs], [b for _, b in pairs])
        base_f1, base_speed = peer.setdefault(split, (f1, speed))
        print(f"{name:<17} {kind:<5} {label:<22} {split:<9} {len(pairs):>5} "
              f"{p:7.4f} {r:7.4f} {f1:7.4f} {speed:8.1f} {f1 / base_f1:9.4f} "
              f"{speed / base_speed:9.2f}", flush=True)


def main() -> None:
    sys.path.insert(0, str(REPO))  # run from a checkout without installing sitegen
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", choices=("text", "html", "both"), default="both")
    parser.add_argument("--limit", type=int, help="only the first N pages of each set")
    parser.add_argument("--set", choices=SETS, action="append", help="default: both sets")
    args = parser.parse_args()
    kinds = ("text", "html") if args.kind == "both" else (args.kind,)
    print(f"{'set':<17} {'input':<5} {'system':<22} {'split':<9} {'pages':>5} "
          f"{'P':>7} {'R':>7} {'F1':>7} {'pages/s':>8} {'F1/peer':>9} {'speed/peer':>9}")
    for name in args.set or SETS:
        records = load(name, args.limit)
        for kind in kinds:
            peer: dict[str, tuple[float, float]] = {}
            for label, make in SYSTEMS[kind]:
                outputs, speed = run_system(make, records)
                report(name, kind, label, records, outputs, speed, peer)


if __name__ == "__main__":
    main()
