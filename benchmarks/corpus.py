"""Shared helpers for benchmarks: read ../shared/corpus and write sites made from it.

The corpus stays in ../shared: sites are written to temporary folders at run time and
never committed.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import yaml

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
ARTICLE_FILES = ("bbc_news.jsonl.gz", "wikinews_en.jsonl.gz", "bruk_press_uk.jsonl.gz")


def require_corpus() -> Path:
    if not (CORPUS / "articles").is_dir():
        sys.exit(f"benchmark skipped: the corpus is not at {CORPUS} (see ../shared/corpus)")
    return CORPUS


def records(name: str) -> Iterator[dict]:
    with gzip.open(require_corpus() / "articles" / name, "rt", encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def all_articles() -> list[dict]:
    return [r for name in ARTICLE_FILES for r in records(name)]


def cycled(n: int, pool: list[dict] | None = None) -> Iterator[tuple[int, dict]]:
    """`n` records, cycling through the pool; copy k > 0 gets a unique title."""
    pool = pool or all_articles()
    for i in range(n):
        record = dict(pool[i % len(pool)])
        copy = i // len(pool)
        if copy:
            record["title"] = f"{record['title']} ({copy + 1})"
            record["id"] = f"{record['id']}-{copy + 1}"
        yield i, record


def to_markdown(record: dict, tags: bool = True) -> str:
    meta = {"title": record["title"]}
    if record.get("date"):
        meta["date"] = str(record["date"])  # YYYY-MM-DD, or only YYYY (BrUK)
    if record.get("author"):
        meta["author"] = record["author"]
    if tags and record.get("tags"):
        meta["tags"] = record["tags"]
    if record.get("lang") and record["lang"] != "en":
        meta["lang"] = record["lang"]
    if record.get("publication"):
        meta["publisher"] = record["publication"]
    if record.get("url"):
        meta["source_url"] = record["url"]
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n\n{record['body']}\n"


def write_site(root: Path, n: int, title: str = "Benchmark", tags: bool = True,
               pool: list[dict] | None = None) -> Path:
    """A site folder with `n` corpus articles under content/; returns the folder."""
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    (root / "sitegen.toml").write_text(
        f'title = "{title}"\nbase_url = "https://example.org/bench/"\n', encoding="utf-8")
    for i, record in cycled(n, pool):
        (content / f"a{i:06d}.md").write_text(to_markdown(record, tags), encoding="utf-8")
    return root
