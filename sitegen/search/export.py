"""The browser index: plain script files that hand their data to search.js.

Every file calls `sitegenSearchData({...})`, so the index loads with <script> elements
and works from file:// as well as over HTTP. All of it lives under search/:

- manifest.js (the one fixed name): collection statistics, ranking parameters and the
  names of the other files, which are content-hashed.
- d-*.js, the dictionary, sharded by the first two letters of a word so that a word or
  a prefix needs one shard: the terms (with document frequency and the postings file
  that holds them), the word forms that map to other terms, and stop words.
- p-*.js, postings of runs of terms in alphabetical order: per field, (document, term
  frequency, field length) triples; the browser computes whoosh's BM25F from them.
- x-*.js, positions for the same runs of terms, loaded only for "quoted phrases".
- r-*.js, result texts of 100 articles each: title, link, date, tags, passages.
- t-*.js, tags with their articles, loaded only when a search filters by tag.

Documents are numbered oldest first, so sorting by date is sorting by number, and a new
article leaves every other article's number, and the files that hold it, unchanged.
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from dataclasses import dataclass
from typing import Any

import numpy as np

from sitegen.analysis import stop_words
from sitegen.background import Background
from sitegen.config import Config
from sitegen.dates import day_text
from sitegen.document_cache import Analyzed
from sitegen.documents import Document, Field, Vocabulary, concatenated, gaps, run_gaps, run_starts
from sitegen.memory import cycle_collection_paused
from sitegen.model import Article, Site
from sitegen.search import query as q
from sitegen.search import scoring
from sitegen.search.encode import ALPHABET, encode, encode_each, number

DOCS_PER_FILE = 100
DICT_TARGET = 12_000  # about this many bytes a dictionary shard
POSTINGS_TARGET = 16_000  # and a postings file
REGISTER = "sitegenSearchData"
FOLDER = "search/"


def export_search_index(site: Site, config: Config, analyzed: Analyzed,
                        fork: bool = False) -> dict[str, bytes]:
    """Output path (relative to the site root) -> bytes of every browser index file.
    `analyzed`: the analysis of `site.articles`, in their order (see document_cache).
    `fork`: make the postings and positions files in a process of their own, beside the
    rest (a rebuild after an edit waits for the export, with a core to spare)."""
    if not config.search.enabled:
        return {}
    # millions of small objects, none freed until the end: no collection in between
    with cycle_collection_paused():
        return _export(site, config, analyzed.vocabulary, analyzed.documents[::-1], fork)


def _export(site: Site, config: Config, vocabulary: Vocabulary, docs: list[Document],
            fork: bool) -> dict[str, bytes]:
    articles = site.articles[::-1]
    with Background(lambda: _postings_part(docs, vocabulary), fork=fork) as postings_part:
        out = _Files()
        counts = _frequencies(docs, vocabulary)
        langs = {a.lang for a in articles} | {config.language}
        dictionary = _dictionary_files(_word_forms(docs, vocabulary), counts, langs, out)
        results = _result_files(articles, docs, _rarity(counts, vocabulary), config, out)
        tags = _tags_file(site, articles, out)
        files, postings, positions = postings_part.result()
    out.files.update(files)
    manifest = {
        "n": len(docs), "lengths": [counts.totals[f] for f in scoring.FIELDS],
        "k1": scoring.K1, "b": scoring.B, "boosts": [scoring.BOOSTS[f] for f in scoring.FIELDS],
        "prefix": [scoring.PREFIX_MIN, scoring.PREFIX_TERMS, scoring.PREFIX_FACTOR],
        "stem": [scoring.STEM_CUT, scoring.STEM_MIN], "max": [q.QUERY_MAX, q.WORDS_MAX],
        "dict": dictionary, "post": postings, "pos": positions, "per": DOCS_PER_FILE,
        "docs": results, "tags": tags,
    }
    out.files[FOLDER + "manifest.js"] = _script(manifest)
    return out.files


def _postings_part(docs: list[Document], vocabulary: Vocabulary
                   ) -> tuple[dict[str, bytes], list[list[str]], list[str]]:
    """The postings and positions files, and their entries in the manifest."""
    out = _Files()
    postings, positions = _postings_files(_Fields(docs, vocabulary), out)
    return out.files, postings, positions


def _script(data: Any) -> bytes:
    return f"{REGISTER}({json.dumps(data, ensure_ascii=False, separators=(',', ':'))});\n".encode()


class _Files:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def add(self, kind: str, data: Any) -> str:
        """Write a content-hashed file; returns its name within search/."""
        body = _script(data)
        name = f"{kind}-{hashlib.sha1(body).hexdigest()[:10]}.js"
        self.files[FOLDER + name] = body
        return name


@dataclass
class _Counts:
    """Each term's document frequency (counted once in each field it is in), the terms
    in order, and each field's total length: what the dictionary, the result texts and
    the manifest need, counted apart from the postings, which take far longer."""

    df: dict[str, int]
    terms: list[str]
    totals: dict[str, int]


def _frequencies(docs: list[Document], vocabulary: Vocabulary) -> _Counts:
    fields = {name: [getattr(d, name) for d in docs] for name in scoring.FIELDS}
    ids = concatenated([f.ids for name in scoring.FIELDS for f in fields[name]])
    df = np.bincount(ids, minlength=len(vocabulary.terms))  # a field holds a term once
    used = np.flatnonzero(df)
    counts = dict(zip(np.array(vocabulary.terms, dtype=object)[used].tolist(),
                      df[used].tolist(), strict=True))
    return _Counts(counts, sorted(counts),
                   {name: sum(f.length for f in fields[name]) for name in scoring.FIELDS})


class _Fields:
    """Each field's postings and positions per term, encoded (the hot part of the
    export: array operations over all postings at once), and the terms in order."""

    def __init__(self, docs: list[Document], vocabulary: Vocabulary):
        self.postings: dict[str, dict[str, str]] = {}
        self.positions: dict[str, dict[str, str]] = {}
        names = np.array(vocabulary.terms, dtype=object)
        for name in scoring.FIELDS:
            terms, postings, positions = _field_postings([getattr(d, name) for d in docs],
                                                         names)
            self.postings[name] = dict(zip(terms, postings, strict=True))
            self.positions[name] = dict(zip(terms, positions, strict=True))
        self.terms = sorted(set().union(*self.postings.values()))

    def encoded(self, table: str, term: str) -> list[str]:
        """The term's postings or positions in each field, as stored."""
        return [getattr(self, table)[f].get(term, "") for f in scoring.FIELDS]


def _field_postings(fields: list[Field], names: np.ndarray
                    ) -> tuple[list[str], list[str], list[str]]:
    """One field of every document (in number order): the terms it has, in term number
    order; for each, its postings, (gap to the previous document, count, stored field
    length) per document, and its positions, encoded.

    All postings are sorted by term at once; encoded strings are cut per term by one
    join and one split (encoded numbers hold no comma)."""
    ids = concatenated([f.ids for f in fields])
    if not len(ids):
        return [], [], []
    where = ",".join([f.positions for f in fields if f.ids]).split(",")
    order = np.argsort(ids, kind="stable")  # by term, then by document
    terms = ids[order]
    docs = np.repeat(np.arange(len(fields)), [len(f.ids) for f in fields])[order]
    starts = np.flatnonzero(run_starts(terms))
    lasts = np.append(starts[1:], len(terms)) - 1
    tails = np.array([number(scoring.stored_length(f.length)) for f in fields], dtype=object)
    triples = np.empty((len(terms), 3), dtype=object)
    triples[:, 0] = encode_each(run_gaps(docs, starts))
    triples[:, 1] = encode_each(concatenated([f.counts for f in fields])[order])
    triples[:, 2] = tails[docs]
    triples[lasts, 2] += ","
    spots = np.array(where, dtype=object)[order]
    spots[lasts] += ","
    return (names[terms[starts]].tolist(), "".join(triples.ravel().tolist()).split(",")[:-1],
            "".join(spots.tolist()).split(",")[:-1])


def _runs(items: list[tuple[str, int]], target: int) -> list[list[str]]:
    """Cut (key, size) items, in key order, into runs of about `target` bytes. A run
    ends only before a key whose hash says so, once the run is big enough: an edit moves
    the cuts next to it and no others, so the other files keep their names."""
    runs: list[list[str]] = []
    size = 0
    for key, cost in items:
        if not runs or size >= 2 * target or \
                (size >= target * 3 // 4 and zlib.crc32(key.encode()) % 8 == 0):
            runs.append([])
            size = 0
        runs[-1].append(key)
        size += cost
    return runs


def _postings_files(fields: _Fields, out: _Files) -> tuple[list[list[str]], list[str]]:
    """[first term, name] of each postings file, and the names of the positions files
    for the same runs of terms."""
    encoded = {t: fields.encoded("postings", t) for t in fields.terms}
    runs = _runs([(t, len(t) + sum(map(len, p))) for t, p in encoded.items()],
                 POSTINGS_TARGET)
    postings = [[run[0] if i else "", out.add("p", {t: encoded[t] for t in run})]
                for i, run in enumerate(runs)]
    positions = [out.add("x", {t: fields.encoded("positions", t) for t in run}) for run in runs]
    return postings or [["", out.add("p", {})]], positions or [out.add("x", {})]


def _word_forms(docs: list[Document],
                vocabulary: Vocabulary) -> tuple[dict[str, list[str]], set[str]]:
    """Words whose terms are other words -> their terms; words that are their own term."""
    seen: set[int] = set()
    for doc in docs:
        seen.update(doc.forms)
    forms: dict[str, set[str]] = {}
    own: set[str] = set()
    for word, term in map(vocabulary.forms.__getitem__, seen):
        if word == term:
            own.add(word)
        else:
            forms.setdefault(word, set()).add(term)
    return {w: sorted(t | ({w} & own)) for w, t in forms.items() if _units(w) <= 63}, own


def _dictionary_files(word_forms: tuple[dict[str, list[str]], set[str]], counts: _Counts,
                      langs: set[str], out: _Files) -> list[list[str]]:
    """[first key, file name] of each dictionary shard, in key order."""
    forms, own = word_forms
    stops = sorted(set().union(*(stop_words(lang) for lang in sorted(langs))))
    keys: dict[str, tuple[list[str], list[str], list[str]]] = {}
    for slot, words in enumerate((counts.terms, sorted(forms), stops)):
        for word in words:
            keys.setdefault(word[:2], ([], [], []))[slot].append(word)
    runs = _runs([(k, sum(len(w) + 3 for part in keys[k] for w in part)) for k in sorted(keys)],
                 DICT_TARGET) or [[]]
    return [[run[0] if i else "", out.add("d", _shard(
        *([w for k in run for w in keys[k][slot]] for slot in range(3)), counts, forms, own))]
        for i, run in enumerate(runs)]


def _shard(terms: list[str], words: list[str], stops: list[str], counts: _Counts,
           forms: dict[str, list[str]], own: set[str]) -> dict[str, Any]:
    """One dictionary shard: sorted terms front-coded, with how common each is (the
    bit length of its document frequency: it changes seldom, so shards do too) and
    whether it is also a word; word forms; stop words."""
    bmp = _bmp(words)
    return {
        "t": _front_code(terms),
        "d": encode([q.df_rank(counts.df[t]) for t in terms]),
        "w": encode(gaps([i for i, t in enumerate(terms) if t in own])),
        "f": _front_code(words, [" ".join(_spec(w, t, bmp) for t in forms[w]) for w in words]),
        "s": stops,
    }


def _units(text: str) -> int:
    """Length in UTF-16 code units, as JavaScript counts it."""
    return len(text.encode("utf-16-le")) // 2


def _front_code(words: list[str], values: list[str] | None = None) -> str:
    """Sorted words, each as (letters shared with the previous word, one letter of
    ALPHABET) + the rest; `values` follow their word after a colon."""
    out, previous = [], ""
    bmp = _bmp(words)  # else count letters as JavaScript does
    for i, word in enumerate(words):
        shared, most = 0, min(len(previous), len(word), 63)
        while shared < most and previous[shared] == word[shared]:
            shared += 1
        while not bmp and _units(word[:shared]) > 63:
            shared -= 1
        entry = ALPHABET[shared if bmp else _units(word[:shared])] + word[shared:]
        out.append(entry if values is None else f"{entry}:{values[i]}")
        previous = word
    return ",".join(out)


def _bmp(words: list[str]) -> bool:
    """True when no word has a character JavaScript counts as two (the usual case)."""
    text = "".join(words)
    return _units(text) == len(text)


def _spec(word: str, term: str, bmp: bool = False) -> str:
    """A word's term as (letters to drop from the word's end) + (letters to add)."""
    if bmp and word.startswith(term):  # most stems: the word, shorter
        return ALPHABET[len(word) - len(term)]
    shared = len(os.path.commonprefix([word, term]))
    return ALPHABET[_units(word[shared:])] + term[shared:]


def _rarity(counts: _Counts, vocabulary: Vocabulary) -> list[int]:
    """A weight for each term number, growing fast as fewer documents have the term (the
    square of a rough idf). Coarse (by powers of two), so that an edit elsewhere seldom
    changes which passages are kept."""
    top = q.df_rank(max(counts.df.values(), default=0)) + 1
    weights = [0] * len(vocabulary.terms)
    for term, df in counts.df.items():
        weights[vocabulary.term(term)] = (top - q.df_rank(df)) ** 2
    return weights


def _result_files(articles: list[Article], docs: list[Document], rarity: list[int],
                  config: Config, out: _Files) -> list[str]:
    """Names of the result-text files, DOCS_PER_FILE articles each, in document order."""
    records = [[a.title, a.url, day_text(a.date) if a.date else "", a.tags,
                doc.passages(rarity), a.lang if a.lang != config.language else ""]
               for a, doc in zip(articles, docs, strict=True)]
    return [out.add("r", records[i:i + DOCS_PER_FILE])
            for i in range(0, len(records), DOCS_PER_FILE)]


def _tags_file(site: Site, articles: list[Article], out: _Files) -> str:
    """[slug, name, gaps between its document numbers] of each tag."""
    number = {a.id: i for i, a in enumerate(articles)}
    return out.add("t", [[t.slug, t.name, encode(gaps(sorted(number[a.id] for a in t.articles)))]
                         for t in site.tags]) if site.tags else ""
