"""An analyzed article: each field's terms with their positions, the word forms behind
the terms, and its sentences with their terms. Related posts count its terms, search
indexes them and picks excerpts from its sentences: one analysis serves both.

Made by the shared analyzer and cached per article version (document_cache.py), so a
build analyzes only the articles that changed. Terms and word forms are numbers into a
`Vocabulary` kept with the cache: numbers unpickle far faster than strings.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Hashable
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

from sitegen.analysis import CUT, raw_words, word_entry
from sitegen.model import Article
from sitegen.search.encode import encode_each

SENTENCE_MAX = 240  # characters; longer sentences are cut at spaces
PASSAGE_CHARS = 240  # kept per article for the browser's excerpts
# A sentence ends at a blank line, or at . ! ? … (perhaps closing a quote) and a space.
_END = re.compile(r"""[.!?…]["'”’»)\]]? """)
_NOT_INDEXED, _CUT_ENTRY = -1, -2


def numbered(key: Hashable, numbers: dict, items: list) -> int:
    """The number of `key` in `items` (indexed by `numbers`), appended if new."""
    number = numbers.get(key)
    if number is None:
        number = numbers[key] = len(items)
        items.append(key)
    return number


def numbers_of(keys: list, numbers: dict, items: list) -> list[int]:
    """`numbered` for many keys: those already known in one pass of lookups."""
    found = list(map(numbers.get, keys))
    if None in found:
        new = list(dict.fromkeys(k for k, n in zip(keys, found, strict=True) if n is None))
        numbers.update(zip(new, range(len(items), len(items) + len(new)), strict=True))
        items += new
        found = list(map(numbers.__getitem__, keys))
    return found


@dataclass
class Vocabulary:
    """Every term and (word, term) pair seen, numbered in order of first sight."""

    terms: list[str] = field(default_factory=list)
    forms: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._terms = {t: i for i, t in enumerate(self.terms)}
        self._forms = {f: i for i, f in enumerate(self.forms)}
        # Words as written, by language, -> an entry: its term and form numbers. Text
        # repeats words endlessly; each spelling is analyzed once.
        self._entries: dict[str, dict[str, int]] = {}
        self._term_of = array("i", [_CUT_ENTRY])  # entry 0 is the cut between sentences
        self._form_of = array("i", [_NOT_INDEXED])

    def __getstate__(self) -> dict:
        return {"terms": self.terms, "forms": self.forms}

    def __setstate__(self, state: dict) -> None:
        self.__init__(**state)

    def term(self, term: str) -> int:
        return numbered(term, self._terms, self.terms)

    def form(self, pair: tuple[str, str]) -> int:
        return numbered(pair, self._forms, self.forms)

    def term_numbers(self, terms: list[str]) -> list[int]:
        return numbers_of(terms, self._terms, self.terms)

    def form_numbers(self, pairs: list[tuple[str, str]]) -> list[int]:
        return numbers_of(pairs, self._forms, self.forms)

    def entries(self, raw: list[str], lang: str) -> list[int]:
        """The entry of each word as written (see `lookup`)."""
        known = self._entries.setdefault(lang, {CUT: 0})
        entries = list(map(known.get, raw))
        if None in entries:
            entries = [e if e is not None else self._entry(w, lang, known)
                       for w, e in zip(raw, entries, strict=True)]
        return entries

    def lookup(self, entries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Term and form numbers of entries (-1: not indexed, -2: a cut)."""
        return (np.frombuffer(self._term_of, dtype=np.int32)[entries].astype(np.int64),
                np.frombuffer(self._form_of, dtype=np.int32)[entries].astype(np.int64))

    def _entry(self, raw: str, lang: str, known: dict[str, int]) -> int:
        if raw in known:  # met earlier in the same text
            return known[raw]
        word, term = word_entry(raw, lang)
        known[raw] = len(self._term_of)
        self._term_of.append(self.term(term) if term else _NOT_INDEXED)
        self._form_of.append(self.form((word, term)) if term else _NOT_INDEXED)
        return known[raw]


@dataclass
class Field:
    ids: array  # term numbers (ascending, unless renumbered after a worker analyzed it)
    counts: array  # occurrences of each
    positions: str  # gaps between each term's positions, encoded, comma-separated
    length: int  # indexed words


@dataclass
class Document:
    title: Field
    body: Field
    forms: array  # numbers of the (word, term) pairs of the text
    sentences: str  # one a line, spaces collapsed
    sentence_terms: array  # numbers of each sentence's distinct terms, one after the other
    sentence_ends: array  # where each sentence's terms end in sentence_terms

    def passages(self, rarity: list[int], budget: int = PASSAGE_CHARS) -> list[str]:
        """The sentences with the most of the article's rarer terms for their length,
        in text order, within `budget` characters: the words a reader looking for this
        article is likely to type. `rarity`: a weight for each term number."""
        sentences = self.sentences.split("\n") if self.sentences else []
        weights, start = [], 0
        for i, end in enumerate(self.sentence_ends):
            rare = sum(map(rarity.__getitem__, self.sentence_terms[start:end]))
            weights.append((-rare / (len(sentences[i]) + 60), i))
            start = end
        kept, used = [], 0
        for _, i in sorted(weights):
            if used + len(sentences[i]) <= budget:
                kept.append(i)
                used += len(sentences[i])
        if not kept and sentences:
            cut = sentences[0].rfind(" ", 0, budget)
            return [sentences[0][:cut if cut > 0 else budget] + "…"]
        return [sentences[i] for i in sorted(kept)]


def _cut_after(end: re.Match) -> str:
    return end.group()[:-1] + "\0"  # the space after a sentence's end becomes a cut


def split_sentences(text: str) -> list[str]:
    """Sentences of `text` with spaces collapsed, none longer than SENTENCE_MAX. Cuts
    fall only on spaces, so the words, and their positions, are those of the whole text."""
    flat = "\0".join(" ".join(block.split()) for block in text.replace("\0", " ").split("\n\n"))
    flat = _END.sub(_cut_after, flat)
    out = []
    for piece in flat.split("\0"):
        while len(piece) > SENTENCE_MAX:
            cut = piece.rfind(" ", 0, SENTENCE_MAX)
            if cut <= 0:  # one very long word: cut after it, or keep it whole
                cut = piece.find(" ", SENTENCE_MAX)
                cut = cut if cut > 0 else len(piece)
            out.append(piece[:cut])
            piece = piece[cut + 1:]
        if piece:
            out.append(piece)
    return out


def analyze_articles(articles: list[Article], vocabulary: Vocabulary) -> list[Document]:
    """Analyze many articles at once (see `analyze_columns`)."""
    return analyze_columns(articles, vocabulary).documents()


def analyze_columns(articles: list[Article], vocabulary: Vocabulary) -> Columns:
    """Analyze many articles at once: each word goes through the vocabulary's table, and
    the rest is array operations over all their words (the cold build's hot loop)."""
    texts = [split_sentences(a.text) for a in articles]
    entries: list[int] = []
    sizes = []
    for article, sentences in zip(articles, texts, strict=True):
        found = vocabulary.entries(raw_words([article.title, *sentences]), article.lang)
        entries += found
        sizes.append(len(found))
    words = _Words(vocabulary, np.array(entries, dtype=np.intp), np.array(sizes, dtype=np.intp),
                   np.array([len(t) for t in texts], dtype=np.intp))
    return Columns(*words.fields(), *words.forms(), ["\n".join(t) for t in texts],
                   *words.sentence_terms())


@dataclass
class Columns:
    """The documents of many articles as a few long arrays, each article's part of them
    between two bounds: what an analysis worker sends back (a dozen arrays pickle in a
    fraction of the time of ten thousand documents' objects), and what its numbers are
    changed in, an array operation each."""

    field_ids: np.ndarray  # Field.ids of the title, then the body, of each article
    field_counts: np.ndarray
    field_bounds: np.ndarray  # 2 * articles + 1
    positions: list[str]  # Field.positions, a field each
    lengths: list[int]  # Field.length, a field each
    forms: np.ndarray
    form_bounds: np.ndarray  # articles + 1
    sentences: list[str]  # an article each
    sentence_terms: np.ndarray
    term_bounds: np.ndarray  # articles + 1
    sentence_ends: np.ndarray
    end_bounds: np.ndarray  # articles + 1

    @classmethod
    def of(cls, docs: list[Document]) -> Columns:
        """The columns of `docs`: the analysis cache is written in this form, which
        pickles and loads in a fraction of the time the objects take."""
        fields = [f for d in docs for f in (d.title, d.body)]
        ids, counts = ([f.ids for f in fields], [f.counts for f in fields])
        forms, terms, ends = ([d.forms for d in docs], [d.sentence_terms for d in docs],
                              [d.sentence_ends for d in docs])
        return cls(concatenated(ids), concatenated(counts), _bounds(ids),
                   [f.positions for f in fields], [f.length for f in fields],
                   concatenated(forms), _bounds(forms), [d.sentences for d in docs],
                   concatenated(terms), _bounds(terms), concatenated(ends), _bounds(ends))

    def renumber(self, terms: np.ndarray, forms: np.ndarray) -> None:
        """Term number t becomes terms[t], and form number f forms[f]: a worker's numbers
        into its parent's."""
        self.field_ids, self.sentence_terms = terms[self.field_ids], terms[self.sentence_terms]
        self.forms = forms[self.forms]

    def documents(self) -> list[Document]:
        """Each article's Document, its arrays sliced from the columns."""
        ids, counts, fb = as_array(self.field_ids), as_array(self.field_counts), \
            self.field_bounds.tolist()
        fields = [Field(ids[g:h], counts[g:h], where, length) for g, h, where, length
                  in zip(fb[:-1], fb[1:], self.positions, self.lengths, strict=True)]
        forms, terms, ends = (as_array(a) for a in (self.forms, self.sentence_terms,
                                                      self.sentence_ends))
        bf, bt, be = (b.tolist() for b in (self.form_bounds, self.term_bounds, self.end_bounds))
        return [Document(fields[2 * i], fields[2 * i + 1], forms[bf[i]:bf[i + 1]], text,
                         terms[bt[i]:bt[i + 1]], ends[be[i]:be[i + 1]])
                for i, text in enumerate(self.sentences)]


def concatenated(arrays: list[array]) -> np.ndarray:
    """The numbers of Document arrays (unsigned, 4 bytes), end to end."""
    return np.frombuffer(b"".join(arrays), dtype=np.uint32)


def _bounds(arrays: list[array]) -> np.ndarray:
    """Where each of `arrays` starts, laid end to end, and where the last one ends."""
    bounds = np.zeros(len(arrays) + 1, dtype=np.int64)
    np.cumsum([len(a) for a in arrays], out=bounds[1:])
    return bounds


class _Words:
    """Every word of many articles in a row: each article's title, then its sentences,
    with a cut before each sentence. Positions count words, stop words included, from 0
    in the title and again in the body."""

    def __init__(self, vocabulary: Vocabulary, entries: np.ndarray, sizes: np.ndarray,
                 sentences: np.ndarray):
        self.size = max(len(vocabulary.terms), 1)
        self.form_count = max(len(vocabulary.forms), 1)
        self.terms, self.form = vocabulary.lookup(entries)
        self.sentences = sentences  # per article
        self.article = np.repeat(np.arange(len(sizes)), sizes)
        self.starts = np.concatenate([[0], np.cumsum(sizes)])  # per article, and the end
        cuts = np.concatenate([[0], np.cumsum(self.terms == _CUT_ENTRY)])  # before each word
        self.first_cut = cuts[self.starts]  # cuts before each article
        self.sentence = cuts[:-1]  # global number of each word's sentence (title: none new)
        in_body = self.sentence > self.first_cut[self.article]
        place = np.arange(len(entries)) - cuts[:-1]  # words (not cuts) before each word
        place -= place[self.starts[self.article]]  # ... in its article
        title = np.bincount(self.article[~in_body & (self.terms != _CUT_ENTRY)],
                            minlength=len(sizes))  # words in each title
        self.position = place - np.where(in_body, title[self.article], 0)
        self.field = 2 * self.article + in_body
        self.indexed = self.terms >= 0

    def fields(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str], list[int]]:
        """Term numbers and counts of every field (title, body, of each article), where
        each field's part ends, and each field's encoded positions and length."""
        kept = self.indexed
        key = self.field[kept] * self.size + self.terms[kept]
        order = np.argsort(key, kind="stable")
        key, positions = key[order], self.position[kept][order]
        starts = np.flatnonzero(run_starts(key))
        groups, counts = key[starts], np.diff(np.append(starts, len(key)))
        codes = encode_each(run_gaps(positions, starts))
        ends = starts + counts - 1
        codes[ends] = codes[ends] + ","
        bounds = np.searchsorted(groups // self.size, np.arange(2 * len(self.sentences) + 1))
        tokens = np.append(starts, len(key))[bounds].tolist()
        spans = list(pairwise(tokens))
        return ((groups % self.size).astype(np.uint32), counts.astype(np.uint32), bounds,
                ["".join(codes[t:u].tolist())[:-1] for t, u in spans], [u - t for t, u in spans])

    def forms(self) -> tuple[np.ndarray, np.ndarray]:
        """Numbers of each article's distinct (word, term) pairs, and where they end."""
        kept = self.indexed
        pairs = _distinct(self.article[kept] * self.form_count + self.form[kept])
        bounds = np.searchsorted(pairs // self.form_count, np.arange(len(self.sentences) + 1))
        return (pairs % self.form_count).astype(np.uint32), bounds

    def sentence_terms(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Each article's sentences' distinct terms, one sentence after the other, and
        where each sentence's terms end (counted from its article's first): both laid
        out article after article, with where each article's part ends."""
        kept = self.indexed & (self.field % 2 == 1)
        pairs = _distinct(self.sentence[kept] * self.size + self.terms[kept])
        sentence = pairs // self.size
        first = self.first_cut[:-1] + 1  # global number of each article's first sentence
        offsets = np.concatenate([[0], np.cumsum(self.sentences)])
        number = np.repeat(first - offsets[:-1], self.sentences) + np.arange(offsets[-1])
        ends = np.searchsorted(sentence, number, side="right")
        begins = np.searchsorted(sentence, first)
        stops = np.where(self.sentences > 0, ends[np.maximum(offsets[1:] - 1, 0)], begins) \
            if len(ends) else begins
        # each article's part starts where the last one's stops: every pair is of a body
        return ((pairs % self.size).astype(np.uint32), np.append(begins[:1], stops),
                ends - np.repeat(begins, self.sentences), offsets)


def run_starts(ordered: np.ndarray) -> np.ndarray:
    """Where each run of equal values of a sorted array starts."""
    marks = np.empty(len(ordered), dtype=bool)
    marks[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=marks[1:])
    return marks


def run_gaps(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Each value less the one before it, except at `starts` (where runs begin), which
    keep their value: gap-encoding many ascending lists laid end to end."""
    steps = values.copy()
    steps[1:] -= values[:-1]
    steps[starts] = values[starts]
    return steps


def _distinct(values: np.ndarray) -> np.ndarray:
    """np.unique, by sorting (numpy's hashing unique is many times slower here)."""
    ordered = np.sort(values)
    return ordered[run_starts(ordered)]


def as_array(values: np.ndarray) -> array:
    """Numbers as a compact unsigned array (what Documents hold: quick to pickle)."""
    out = array("I")
    out.frombytes(values.astype(np.uint32).tobytes())
    return out


def gaps(numbers: list[int]) -> list[int]:
    """The first number, then the difference of each to the one before."""
    return numbers[:1] + [b - a for a, b in pairwise(numbers)]
