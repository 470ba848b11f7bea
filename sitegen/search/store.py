"""Analyzed articles cached between builds, keyed by the article's source and language.

A build analyzes only new and edited articles; the rest come from one pickle file.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from sitegen.model import Article
from sitegen.search.documents import Document, Vocabulary, analyze_article

VERSION = "1"  # bump when the analysis or Document changes
CACHE_FILE = "search-documents.pickle"


def document_key(article: Article) -> str:
    return hashlib.sha1(f"{VERSION}\0{article.content_hash}\0{article.lang}\0{article.rel_path}"
                        .encode()).hexdigest()


def load_documents(articles: list[Article],
                   cache_dir: Path | None) -> tuple[Vocabulary, list[Document]]:
    """The analysis of each article, reusing the cache in `cache_dir` where it is current."""
    path = cache_dir / CACHE_FILE if cache_dir else None
    vocabulary, cached = _read(path)
    keys = [document_key(a) for a in articles]
    docs = [cached.get(k) or analyze_article(a, vocabulary)
            for k, a in zip(keys, articles, strict=True)]
    if path and set(keys) != cached.keys():
        _write(path, vocabulary, dict(zip(keys, docs, strict=True)))
    return vocabulary, docs


def _read(path: Path | None) -> tuple[Vocabulary, dict[str, Document]]:
    try:
        with path.open("rb") as fh:
            version, vocabulary, docs = pickle.load(fh)
        if version == VERSION:
            return vocabulary, docs
    except Exception:  # missing, damaged or foreign: analyze again
        pass
    return Vocabulary(), {}


def _write(path: Path, vocabulary: Vocabulary, docs: dict[str, Document]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    with tmp.open("wb") as fh:
        pickle.dump((VERSION, vocabulary, docs), fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
