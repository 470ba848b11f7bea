"""Shared by the related-posts benchmarks: Article objects made straight from corpus records.

The records stay in ../shared (read at run time); nothing here is written to disk.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sitegen.model import Article


def to_article(record: dict, tags: bool = True) -> Article:
    """An Article as the build would hand it to compute_related (URL from the id)."""
    date = record.get("date")
    when = None
    if date:
        when = datetime.fromisoformat(date if len(date) == 10 else f"{date[:4]}-01-01")
        when = when.replace(tzinfo=UTC)
    ident = record["id"]
    return Article(path=Path(f"{ident}.md"), rel_path=f"{ident}.md", title=record["title"],
                   body_line=1, date=when, tags=list(record["tags"]) if tags else [],
                   lang=record["lang"], slug=ident, text=record["body"], url=f"{ident}/",
                   content_hash=ident)
