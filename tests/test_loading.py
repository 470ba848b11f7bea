"""The parse cache: an article read back from it is the article a fresh parse gives."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import write

from sitegen import loading
from sitegen.config import load_config
from sitegen.content import load_article
from sitegen.files import find_sources

RICH = """---
title: "Bread, \u201cslow\u201d"
date: 2024-05-31T14:30:00+02:00
updated: 2024-06-02
author: [Ann Lee, Bo]
tags: [baking]
summary: A summary.
lang: en
source_url: https://example.org/bread
publisher: The Daily Loaf
image: /img/bread.jpg
slug: slow-bread
related: [other]
series: {name: Loaves, part: 2, since: 2023-01-01}
---
Intro with a footnote[^1] and [a link](other.md#top).

## First rise

It's "warm".

## Second rise

Done.

[^1]: Rye works too.
"""


def load(site: Path) -> dict:
    config = load_config(site, {})
    articles, problems = loading.load_articles(find_sources(site / "content"), config,
                                               site / "cache.sqlite")
    assert problems == []
    return {a.rel_path: vars(a) for a in articles}


def parse(site: Path) -> dict:
    """Each article as parsed, without the cache or the trip from a worker."""
    config = load_config(site, {})
    return {s.rel: vars(load_article(s.path, s.rel, config).article)
            for s in find_sources(site / "content")}


@pytest.fixture
def site(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setattr(loading, "_MEMORY", {})
    write(tmp_path, "sitegen.toml", 'title = "T"\n')
    write(tmp_path, "content/bread.md", RICH)
    write(tmp_path, "content/other.md", "---\ntitle: Other\n---\nPlain.\n")
    return tmp_path


def test_an_article_read_from_the_cache_equals_a_fresh_parse(site: Path, monkeypatch):
    fresh = parse(site)
    assert fresh["bread.md"]["toc"] and fresh["bread.md"]["links"]
    assert fresh["bread.md"]["extra"]["series"]["part"] == 2
    assert fresh["bread.md"]["date"].utcoffset().total_seconds() == 7200
    assert load(site) == fresh
    monkeypatch.setattr(loading, "_MEMORY", {})  # a new process: only the file is left
    monkeypatch.setattr(loading, "load_article", None)  # nothing may be parsed again
    assert load(site) == fresh


def test_a_damaged_cache_row_costs_only_a_parse(site: Path, monkeypatch):
    fresh = parse(site)
    load(site)
    with sqlite3.connect(site / "cache.sqlite") as db:
        db.execute("UPDATE articles SET data = ? WHERE rel = 'bread.md'", (b"\x00junk",))
    monkeypatch.setattr(loading, "_MEMORY", {})
    assert load(site) == fresh


def test_a_file_gone_between_scan_and_parse_is_reported_not_fatal(site: Path):
    config = load_config(site, {})
    sources = find_sources(site / "content")
    (site / "content" / "other.md").unlink()  # e.g. an editor saving by rename
    articles, problems = loading.load_articles(sources, config, site / "cache.sqlite")
    assert [a.rel_path for a in articles] == ["bread.md"]
    assert [(p.path.name, "cannot read" in p.message) for p in problems] == [("other.md", True)]
