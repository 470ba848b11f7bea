"""Analyzed articles cached between builds, keyed by the article's source and language.

A build analyzes only new and edited articles; the rest come from one pickle file.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
from array import array
from pathlib import Path

from sitegen.model import Article
from sitegen.search.documents import Document, Field, Vocabulary, analyze_article

VERSION = "2"  # bump when the analysis or Document changes
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
    todo = [a for k, a in zip(keys, articles, strict=True) if k not in cached]
    fresh = dict(zip(map(document_key, todo), _analyze(todo, vocabulary), strict=True))
    docs = [cached.get(k) or fresh[k] for k in keys]
    if path and set(keys) != cached.keys():
        _write(path, vocabulary, dict(zip(keys, docs, strict=True)))
    return vocabulary, docs


def _analyze(articles: list[Article], vocabulary: Vocabulary) -> list[Document]:
    """Analyze in one worker process per core when there are many (a first build):
    each worker numbers terms its own way, and the results are renumbered here."""
    global _TODO
    jobs = os.cpu_count() or 1
    if jobs < 2 or len(articles) < PARALLEL_MIN:
        return [analyze_article(a, vocabulary) for a in articles]
    size = -(-len(articles) // jobs)
    _TODO = articles
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            parts = pool.map(_analyze_part, [(i, i + size) for i in range(0, len(articles), size)])
    finally:
        _TODO = []
    docs = []
    for own, part in parts:
        terms = array("I", map(vocabulary.term, own.terms))
        forms = array("I", map(vocabulary.form, own.forms))
        docs += [_renumber(doc, terms, forms) for doc in part]
    return docs


PARALLEL_MIN = 400
_TODO: list[Article] = []  # set before forking; workers read their slice of it


def _analyze_part(bounds: tuple[int, int]) -> tuple[Vocabulary, list[Document]]:
    own = Vocabulary()
    return own, [analyze_article(a, own) for a in _TODO[bounds[0]:bounds[1]]]


def _renumber(doc: Document, terms: array, forms: array) -> Document:
    def field(f: Field) -> Field:
        return Field(array("I", map(terms.__getitem__, f.ids)), f.counts, f.positions, f.length)
    return Document(field(doc.title), field(doc.body),
                    array("I", map(forms.__getitem__, doc.forms)), doc.sentences,
                    array("I", map(terms.__getitem__, doc.sentence_terms)), doc.sentence_ends)


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
