"""Load every article: reuse the parse cached by the last build, parse the rest in parallel."""

from __future__ import annotations

import multiprocessing
import os
import pickle
from pathlib import Path

from sitegen import __version__
from sitegen.config import Config
from sitegen.content import Loaded, load_article
from sitegen.errors import Problem
from sitegen.model import Article

PARALLEL_MIN_FILES = 200

_CONFIG: Config | None = None  # set before forking; workers read it


def _load_one(item: tuple[Path, str]) -> Loaded:
    return load_article(item[0], item[1], _CONFIG)


def _cache_version(config: Config) -> str:
    return repr((__version__, config.markdown, config.language))


def load_articles(sources: list[tuple[Path, str]], config: Config, cache_file: Path | None,
                  jobs: int = 1) -> tuple[list[Article], list[Problem]]:
    """All articles of `sources` (path, rel_path), and every problem found in them."""
    cached = _read_cache(cache_file, config)
    stats = {rel: os.stat(path) for path, rel in sources}
    articles: dict[str, Article] = {}
    todo = []
    for path, rel in sources:
        hit = cached.get(rel)
        st = stats[rel]
        if hit and hit[0] == (st.st_mtime_ns, st.st_size):
            articles[rel] = hit[1]
        else:
            todo.append((path, rel))
    problems: list[Problem] = []
    for (_, rel), loaded in zip(todo, _parse(todo, config, jobs), strict=True):
        problems += loaded.problems
        if loaded.article:
            articles[rel] = loaded.article
    if todo or len(cached) != len(articles):
        _write_cache(cache_file, config, {rel: ((stats[rel].st_mtime_ns, stats[rel].st_size), a)
                                          for rel, a in articles.items()})
    return [articles[rel] for _, rel in sources if rel in articles], problems


def _parse(todo: list[tuple[Path, str]], config: Config, jobs: int) -> list[Loaded]:
    global _CONFIG
    _CONFIG = config
    try:
        if jobs > 1 and len(todo) >= PARALLEL_MIN_FILES:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                return pool.map(_load_one, todo, chunksize=64)
        return [_load_one(item) for item in todo]
    finally:
        _CONFIG = None


def _read_cache(cache_file: Path | None, config: Config) -> dict:
    if not cache_file or not cache_file.exists():
        return {}
    try:
        with cache_file.open("rb") as fh:
            version, entries = pickle.load(fh)
    except Exception:  # a damaged or old cache only costs a full parse
        return {}
    return entries if version == _cache_version(config) else {}


def _write_cache(cache_file: Path | None, config: Config, entries: dict) -> None:
    if not cache_file:
        return
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache_file.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        pickle.dump((_cache_version(config), entries), fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, cache_file)
