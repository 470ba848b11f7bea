"""How the text of a search box becomes a query, and a query becomes index terms.

Grammar: words (all must match), "quoted phrases", -word and -"phrase" to exclude,
tag:slug to filter, and word* (or, while typing, the last word) as a prefix.
static/assets/search.js implements the same rules line for line; the parity test runs
both over the same queries.

Words become terms through the index's own lexicon rather than a stemmer, because the
browser has no stemmer: a word the articles contain maps to the terms the analyzer gave
it; any other word falls back to the longest known term it starts with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from sitegen.analysis import tokenize
from sitegen.search.scoring import PREFIX_FACTOR, PREFIX_MIN, PREFIX_TERMS, STEM_CUT, STEM_MIN

QUERY_MAX = 256  # characters read of a query; the rest is ignored
WORDS_MAX = 12

_ITEM = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass
class Query:
    words: list[tuple[str, bool]] = field(default_factory=list)  # (folded word, is prefix)
    phrases: list[list[str]] = field(default_factory=list)  # folded words, stop words kept
    without: list[list[str]] = field(default_factory=list)  # excluded words and phrases
    tags: list[str] = field(default_factory=list)  # tag slugs


def parse(text: str, typing: bool = False) -> Query:
    """Read a query; with `typing`, the last word may be unfinished (a prefix)."""
    text = text[:QUERY_MAX]
    query = Query()
    items = list(_ITEM.finditer(text))
    for i, match in enumerate(items):
        minus, phrase, bare = match.groups()
        if phrase is not None:
            words = tokenize(phrase)
            if minus:
                query.without.append(words)
            else:
                query.phrases.append(words)
                query.words += [(w, False) for w in words]
        elif bare.startswith("-") and len(bare) > 1:
            query.without.append(tokenize(bare[1:]))
        elif bare.lower().startswith("tag:"):
            query.tags.append(bare[4:].lower())
        else:
            words = tokenize(bare)
            last = typing and i == len(items) - 1 and not text[-1:].isspace()
            prefix = bare.endswith("*") or last
            query.words += [(w, prefix and j == len(words) - 1) for j, w in enumerate(words)]
    query.words = list(dict.fromkeys(query.words))[:WORDS_MAX]
    query.without = [w for w in query.without if w]
    query.phrases = [p for p in query.phrases if len(p) > 1]
    return query


class Lexicon(Protocol):
    """What query resolution needs to know of an index's vocabulary."""

    def is_stop(self, word: str) -> bool: ...

    def forms(self, word: str) -> list[str] | None:
        """Terms the analyzer gave `word` where the articles contain it, else None."""

    def is_term(self, term: str) -> bool: ...

    def completions(self, prefix: str) -> list[tuple[str, int]]:
        """(term, document frequency) of every term that starts with `prefix`."""


def df_rank(df: int) -> int:
    """How common a term is, coarsely (the bit length of its document frequency): what
    orders completions and suggestions, stored instead of the frequency itself."""
    return df.bit_length()


def ignorable(lexicon: Lexicon, word: str) -> bool:
    return lexicon.is_stop(word) or word.isdigit()


def exact_terms(lexicon: Lexicon, word: str) -> list[str]:
    """Terms for a whole word: its recorded forms, itself, or the longest term it extends."""
    if ignorable(lexicon, word):
        return []
    forms = lexicon.forms(word)
    if forms:
        return forms
    if lexicon.is_term(word):
        return [word]
    for cut in range(1, min(STEM_CUT, len(word) // 3) + 1):  # an ending, not half the word
        if len(word) - cut < STEM_MIN:
            break
        if lexicon.is_term(word[:-cut]):
            return [word[:-cut]]
    return []


def alternatives(lexicon: Lexicon, word: str, prefix: bool) -> list[tuple[str, float]]:
    """(term, weight factor) a result may match for `word`."""
    exact = exact_terms(lexicon, word)
    found = [(t, 1.0) for t in exact]
    if prefix and len(word) >= PREFIX_MIN:
        longer = sorted((-df_rank(df), t) for t, df in lexicon.completions(word)
                        if t not in exact)
        found += [(t, PREFIX_FACTOR) for _, t in longer[:PREFIX_TERMS]]
    return found


@dataclass
class Plan:
    """A query in index terms. A result has a term of every group, every phrase, none of
    `without`, and every tag."""

    groups: list[list[tuple[str, float]]]
    phrases: list[list[tuple[int, list[str]]]]  # (offset in the phrase, terms)
    without: list[list[tuple[int, list[str]]]]
    tags: list[str]
    unknown: list[str]  # words nothing matches: the query has no results; suggest others

    @property
    def empty(self) -> bool:
        return bool(self.unknown) or not (self.groups or self.tags)


def plan(lexicon: Lexicon, query: Query) -> Plan:
    groups, unknown = [], []
    for word, prefix in query.words:
        alts = alternatives(lexicon, word, prefix)
        if alts:
            groups.append(alts)
        elif not ignorable(lexicon, word):
            unknown.append(word)
    phrases = [parts for p in query.phrases if (parts := _phrase(lexicon, p))]
    without = [parts for p in query.without if (parts := _phrase(lexicon, p))]
    return Plan(groups, phrases, without, query.tags, unknown)


def _phrase(lexicon: Lexicon, words: list[str]) -> list[tuple[int, list[str]]]:
    """Offsets and terms of a phrase's words; stop words only hold their places."""
    return [(i, exact_terms(lexicon, w)) for i, w in enumerate(words)
            if not ignorable(lexicon, w)]


def phrase_in(parts: list[tuple[int, list[str]]], positions: dict[str, list[int]]) -> bool:
    """True when the phrase's terms stand at their offsets somewhere in one field, given
    that field's positions of each term."""
    if not parts:
        return False
    starts = None
    for offset, terms in parts:
        here = {p - offset for t in terms for p in positions.get(t, ())}
        starts = here if starts is None else starts & here
        if not starts:
            return False
    return True


def edit_distance(a: str, b: str) -> int:
    """Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1,
                         rows[-1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def max_edits(word: str) -> int:
    return 2 if len(word) > 4 else 1


def best_suggestion(word: str, candidates: list[tuple[str, int]]) -> str | None:
    """The nearest candidate word, the commonest (document frequency) among equals."""
    scored = [(edit_distance(word, c), -df_rank(df), c) for c, df in candidates
              if c != word and abs(len(c) - len(word)) <= max_edits(word)]
    scored = [s for s in scored if s[0] <= max_edits(word)]
    return min(scored)[2] if scored else None
