"""Load every article: reuse parses cached by earlier builds, parse the rest in parallel.

The cache is a SQLite table of encoded articles (see `_encode`) keyed by path, size and
mtime, so a build that changed one file rewrites one row. Within one process (`sitegen
serve`) the last result is also kept in memory, so a rebuild does not even read the table.
"""

from __future__ import annotations

import dataclasses
import gc
import marshal
import multiprocessing
import pickle
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sitegen import __version__
from sitegen.config import Config
from sitegen.content import load_article
from sitegen.dates import date_text, parse_date
from sitegen.errors import IGNORE_SIGINT, Problem
from sitegen.files import SourceFile, read_ahead
from sitegen.markdown import Heading, MdLink
from sitegen.memory import cycle_collection_paused, give_back_free_pages
from sitegen.model import Article

PARALLEL_MIN_FILES = 200

_CONFIG: Config | None = None  # set before forking; workers read it
# cache file -> (version, {rel: (mtime_ns, size, article)}) of the last load in this process
_MEMORY: dict[Path, tuple[str, dict[str, tuple[int, int, Article]]]] = {}
_FIELDS = [f.name for f in dataclasses.fields(Article)]


def _encode(article: Article) -> bytes:
    """An article as the cache and the parsing workers hand it on: its fields as plain
    values, marshalled. Read back in under half the time a pickle of the dataclass takes
    (10,000 articles: 0.39 -> 0.15 s), on the way of every build. The path is left out:
    the reader has it. Unknown front matter keys may hold any YAML value: pickled."""
    record = {name: getattr(article, name) for name in _FIELDS}
    record["path"] = None
    for key in ("date", "updated"):
        record[key] = record[key] and date_text(record[key])
    record["toc"] = [(h.level, h.id, h.title) for h in article.toc]
    record["links"] = [(link.target, link.fragment, link.line) for link in article.links]
    record["extra"] = pickle.dumps(article.extra) if article.extra else b""
    return marshal.dumps(tuple(record.values()))


def _decode(blob: bytes, path: Path) -> Article:
    record = dict(zip(_FIELDS, marshal.loads(blob), strict=True))
    record["path"] = path
    for key in ("date", "updated"):
        record[key] = record[key] and parse_date(record[key])
    record["toc"] = [Heading(*h) for h in record["toc"]]
    record["links"] = [MdLink(*link) for link in record["links"]]
    record["extra"] = pickle.loads(record["extra"]) if record["extra"] else {}
    return Article(**record)


def _load_one(source: SourceFile) -> tuple[list[Problem], bytes | None]:
    """Problems and the encoded article: encoded here, in parallel, once for both the trip
    back to the parent and the cache, instead of twice in the parent."""
    loaded = load_article(source.path, source.rel, _CONFIG)
    return loaded.problems, _encode(loaded.article) if loaded.article else None


def _cache_version(config: Config) -> str:
    return repr((__version__, _FIELDS, config.markdown, config.language))


def load_articles(sources: list[SourceFile], config: Config, cache_file: Path | None,
                  jobs: int = 1) -> tuple[list[Article], list[Problem]]:
    """All articles of `sources`, in order, and every problem found in them."""
    version = _cache_version(config)
    articles: dict[str, tuple[int, int, Article]] = {}
    todo = []
    with cycle_collection_paused():
        cached = _read_cache(cache_file, version)
        for src in sources:
            hit = _reusable(cached.get(src.rel), src)
            if hit:
                articles[src.rel] = hit
            else:
                todo.append(src)
    problems: list[Problem] = []
    fresh: dict[str, tuple[int, int, bytes]] = {}
    # Workers are started first, so that they keep their own cycle collection. The
    # articles are frozen once made: planning pages from them would otherwise set off
    # full collections of the whole heap (half a second at 10,000 articles).
    with _parsing(todo, config, jobs) as parsed, cycle_collection_paused(freeze=True):
        for src, (found, blob) in zip(todo, parsed, strict=True):
            problems += found
            if blob is not None:  # decoded here while the workers go on parsing
                articles[src.rel] = (src.mtime_ns, src.size, _decode(blob, src.path))
                fresh[src.rel] = (src.mtime_ns, src.size, blob)
    gone = [rel for rel in cached if rel not in articles]
    if cache_file and (fresh or gone):
        _write_cache(cache_file, version, fresh, gone)
    if fresh:
        del fresh
        give_back_free_pages()
    if cache_file:
        _MEMORY[cache_file] = (version, articles)
    return [articles[s.rel][2] for s in sources if s.rel in articles], problems


def _reusable(hit: tuple[int, int, Article | bytes] | None,
              src: SourceFile) -> tuple[int, int, Article] | None:
    """The cached article of `src` if its file has not changed since, decoded."""
    if not hit or hit[0] != src.mtime_ns or hit[1] != src.size:
        return None
    if isinstance(hit[2], Article):
        return hit[0], hit[1], hit[2]
    try:
        return hit[0], hit[1], _decode(hit[2], src.path)
    except Exception:  # a damaged row only costs a parse (and is written again)
        return None


@contextmanager
def _parsing(todo: list[SourceFile], config: Config,
             jobs: int) -> Iterator[Iterator[tuple[list[Problem], bytes | None]]]:
    """The results of `_load_one` for `todo`, in order, as they come."""
    global _CONFIG
    _CONFIG = config
    read_ahead(todo)
    try:
        if jobs > 1 and len(todo) >= PARALLEL_MIN_FILES:
            gc.freeze()  # workers then leave the inherited heap alone (no copy-on-write)
            with multiprocessing.get_context("fork").Pool(jobs, *IGNORE_SIGINT) as pool:
                yield pool.imap(_load_one, todo, chunksize=64)
        else:
            yield map(_load_one, todo)
    finally:
        _CONFIG = None


def _connect(cache_file: Path) -> sqlite3.Connection:
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(cache_file)
    # A cache needs no fsync (0.3 s of a 10k first build): a file torn by a crash fails
    # to read, and the next build starts it afresh.
    db.execute("PRAGMA synchronous = OFF")
    db.execute("CREATE TABLE IF NOT EXISTS articles (rel TEXT PRIMARY KEY, version TEXT, "
               "mtime INTEGER, size INTEGER, data BLOB)")
    return db


def _read_cache(cache_file: Path | None,
                version: str) -> dict[str, tuple[int, int, Article | bytes]]:
    """rel -> (mtime, size, article): decoded (in memory) or not yet (from the file)."""
    if not cache_file:
        return {}
    if cache_file in _MEMORY and _MEMORY[cache_file][0] == version:
        return _MEMORY[cache_file][1]
    try:
        with _connect(cache_file) as db:
            rows = db.execute("SELECT rel, mtime, size, data FROM articles WHERE version = ?",
                              (version,)).fetchall()
        return {rel: (mtime, size, data) for rel, mtime, size, data in rows}
    except Exception:  # a damaged or foreign cache only costs a full parse
        cache_file.unlink(missing_ok=True)
        return {}


def _write_cache(cache_file: Path, version: str, fresh: dict[str, tuple[int, int, bytes]],
                 gone: list[str]) -> None:
    rows = [(rel, version, m, s, blob) for rel, (m, s, blob) in fresh.items()]
    try:
        with _connect(cache_file) as db:
            db.executemany("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?)", rows)
            db.executemany("DELETE FROM articles WHERE rel = ?", [(rel,) for rel in gone])
    except sqlite3.Error:
        cache_file.unlink(missing_ok=True)  # next build parses again; nothing is lost
