"""Analyzed articles cached between builds, keyed by the article's source and language.

A build analyzes only new and edited articles; the rest come from one pickle file, or,
in a long-lived process (`sitegen serve`), from memory: there a rebuild can leave the
file for later (`save=False`) and still pay nothing for the articles it knows. The file
is rewritten only once it lacks a few percent of the documents (REWRITE_SHARE).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
from array import array
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sitegen.documents import Columns, Document, Vocabulary, analyze_articles, analyze_columns
from sitegen.memory import cycle_collection_paused, limit_peak
from sitegen.model import Article

VERSION = "7"  # bump when the analysis or Document changes
CACHE_FILE = "documents.pickle"


def document_key(article: Article) -> str:
    """All that an article's analysis is made from: its language, title and text. The
    text is hashed itself, not the file's hash: it also depends on the Markdown settings
    (escaped raw HTML is text, allowed HTML is not) and on the code that extracts it."""
    data = "\0".join((VERSION, article.lang, article.title, article.text))
    return hashlib.sha1(data.encode("utf-8", "surrogatepass")).hexdigest()


_KEYS: dict[int, tuple[Article, str]] = {}  # the last call's document keys, by article


def _document_keys(articles: list[Article]) -> list[str]:
    """`document_key` of each article; while serving, unchanged articles are the same
    objects from one build to the next, and their texts are not hashed again (10,000
    articles: 0.05 s a build)."""
    global _KEYS
    known, _KEYS = _KEYS, {}
    for a in articles:
        hit = known.get(id(a))
        _KEYS[id(a)] = hit if hit and hit[0] is a else (a, document_key(a))
    return [_KEYS[id(a)][1] for a in articles]


@dataclass
class Analyzed:
    """Every article's analysis, in the order asked for, and the vocabulary its numbers
    refer to."""

    vocabulary: Vocabulary
    documents: list[Document]
    keys: list[str]  # document_key of each: equal keys, equal documents


def load_documents(articles: list[Article], cache_dir: Path | None,
                   save: bool = True) -> Analyzed:
    """The analysis of each article, reusing the cache in `cache_dir` where it is current.
    `save`: write the cache file now if it lacks many documents (see `save_pending`)."""
    limit_peak(len(articles))
    path = cache_dir / CACHE_FILE if cache_dir else None
    vocabulary, cached, unsaved = _read(path)
    keys = _document_keys(articles)
    todo = {k: a for k, a in zip(keys, articles, strict=True) if k not in cached}
    # Words, entries and documents hold no cycles: no collection while they are made,
    # here or in the workers forked meanwhile (10,000 articles: 3.7-4.5 -> 3.4-4.0 s).
    with cycle_collection_paused():
        fresh = dict(zip(todo, _analyze(list(todo.values()), vocabulary), strict=True))
    docs = [cached.get(k) or fresh[k] for k in keys]
    if path:
        _MEMORY.clear()  # one site per process is the rule; keep only the latest
        _MEMORY[path] = (vocabulary, dict(zip(keys, docs, strict=True)), unsaved + len(fresh))
        if save:
            save_pending(cache_dir)
    return Analyzed(vocabulary, docs, keys)


# cache file -> (vocabulary, documents by key, how many of them the file lacks) of the
# last load in this process
_MEMORY: dict[Path, tuple[Vocabulary, dict[str, Document], int]] = {}
# The file is rewritten whole once it lacks this share of the documents: until then the
# next process analyzes the few it lacks again (a millisecond each), which costs less
# than rewriting every document (57 MB, 0.15-0.2 s, at 10,000 articles).
REWRITE_SHARE = 0.02


def save_pending(cache_dir: Path) -> None:
    """Write the analysis this process holds if the cache file lacks enough of it: builds
    call this while their pages render, and serve's quick builds leave it to a later one."""
    path = cache_dir / CACHE_FILE
    held = _MEMORY.get(path)
    if held and held[2] and held[2] >= REWRITE_SHARE * len(held[1]):
        _write(path, held[0], held[1])
        _MEMORY[path] = (held[0], held[1], 0)


def _analyze(articles: list[Article], vocabulary: Vocabulary) -> list[Document]:
    """Analyze in one worker process per core when there are many (a first build).

    Each worker numbers terms its own way and sends its documents back a chunk at a time,
    as columns (see documents.Columns), with the terms and forms it met first in that
    chunk. They are renumbered here, in chunk order, while the workers go on: the numbers
    are those one process would give, and no merging is left for the end."""
    global _TODO
    jobs = os.cpu_count() or 1
    if jobs < 2 or len(articles) < PARALLEL_MIN:
        return _in_chunks(articles, vocabulary)
    _TODO = articles
    own: dict[int, tuple[array, array]] = {}  # worker -> our numbers of its terms, forms
    docs: list[Document] = []
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for worker, terms, forms, part in pool.imap(_analyze_chunk,
                                                        range(0, len(articles), CHUNK)):
                own_terms, own_forms = own.setdefault(worker, (array("I"), array("I")))
                own_terms.extend(vocabulary.term_numbers(terms))
                own_forms.extend(vocabulary.form_numbers(forms))
                part.renumber(np.array(own_terms, dtype=np.uint32),
                              np.array(own_forms, dtype=np.uint32))
                docs += part.documents()
    finally:
        _TODO = []
    return docs


PARALLEL_MIN = 400
_TODO: list[Article] = []  # set before forking; workers read their chunks of it
# In a worker: its own vocabulary, and how many of its terms and forms it has sent back
_OWN: tuple[Vocabulary, list[int]] | None = None


def _analyze_chunk(start: int) -> tuple[int, list[str], list[tuple[str, str]], Columns]:
    """Worker: the documents of the chunk at `start`, as columns numbered by the
    worker's own vocabulary, and the terms and forms that vocabulary gained with them."""
    global _OWN
    if _OWN is None:
        _OWN = Vocabulary(), [0, 0]
    vocabulary, sent = _OWN
    part = analyze_columns(_TODO[start:start + CHUNK], vocabulary)
    terms, forms = vocabulary.terms[sent[0]:], vocabulary.forms[sent[1]:]
    sent[:] = len(vocabulary.terms), len(vocabulary.forms)
    return os.getpid(), terms, forms, part


CHUNK = 1000  # articles analyzed at once: the arrays of all their words stay small


def _in_chunks(articles: list[Article], vocabulary: Vocabulary) -> list[Document]:
    return [doc for i in range(0, len(articles), CHUNK)
            for doc in analyze_articles(articles[i:i + CHUNK], vocabulary)]


def _read(path: Path | None) -> tuple[Vocabulary, dict[str, Document], int]:
    if path in _MEMORY:
        return _MEMORY[path]
    try:
        with path.open("rb") as fh, cycle_collection_paused():
            version, vocabulary, keys, columns = pickle.load(fh)
            if version == VERSION:
                return vocabulary, dict(zip(keys, columns.documents(), strict=True)), 0
    except Exception:  # missing, damaged or foreign: analyze again
        pass
    return Vocabulary(), {}, 0


def _write(path: Path, vocabulary: Vocabulary, docs: dict[str, Document]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    with tmp.open("wb") as fh:
        pickle.dump((VERSION, vocabulary, list(docs), Columns.of(list(docs.values()))), fh,
                    protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
