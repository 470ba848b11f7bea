"""What search keeps of one article: each field's terms with their positions, the word
forms behind the terms, and a few passages for excerpts.

Made by the shared analyzer and cached per article version (store.py), so a build
analyzes only the articles that changed. Terms and word forms are numbers into a
`Vocabulary` kept with the cache: numbers unpickle far faster than strings.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field
from itertools import pairwise

from sitegen.analysis import index_sentences
from sitegen.model import Article
from sitegen.search.encode import encode

SENTENCE_MAX = 240  # characters; longer sentences are cut at spaces
PASSAGE_CHARS = 240  # kept per article for the browser's excerpts
# A sentence ends at . ! ? … (perhaps followed by closing quotes) and a space, or at a
# blank line. Cuts fall only on spaces, so positions match those of the whole text.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"'”’»)\]]))\s+|\s*\n\s*\n\s*")
_SPACES = re.compile(r"\s+")

Tokens = list[tuple[int, str, str]]  # (position, folded word, term), as analysis gives them


@dataclass
class Vocabulary:
    """Every term and (word, term) pair seen, numbered in order of first sight."""

    terms: list[str] = field(default_factory=list)
    forms: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._terms = {t: i for i, t in enumerate(self.terms)}
        self._forms = {f: i for i, f in enumerate(self.forms)}

    def __getstate__(self) -> dict:
        return {"terms": self.terms, "forms": self.forms}

    def __setstate__(self, state: dict) -> None:
        self.__init__(**state)

    def term(self, term: str) -> int:
        number = self._terms.get(term)
        if number is None:
            number = self._terms[term] = len(self.terms)
            self.terms.append(term)
        return number

    def form(self, pair: tuple[str, str]) -> int:
        number = self._forms.get(pair)
        if number is None:
            number = self._forms[pair] = len(self.forms)
            self.forms.append(pair)
        return number


@dataclass
class Field:
    ids: array  # term numbers, in order of first occurrence
    counts: array  # occurrences of each
    positions: str  # gaps between each term's positions, encoded, comma-separated
    length: int  # indexed words


@dataclass
class Document:
    title: Field
    body: Field
    forms: array  # numbers of the (word, term) pairs of the text
    passages: list[str]


def split_sentences(text: str) -> list[str]:
    """Sentences of `text` with spaces collapsed, none longer than SENTENCE_MAX."""
    out = []
    for piece in _SENTENCE_END.split(text):
        piece = _SPACES.sub(" ", piece).strip()
        while len(piece) > SENTENCE_MAX:
            cut = piece.rfind(" ", 0, SENTENCE_MAX)
            if cut <= 0:  # one very long word: cut after it, or keep it whole
                cut = piece.find(" ", SENTENCE_MAX)
                cut = cut if cut > 0 else len(piece)
            out.append(piece[:cut])
            piece = piece[cut:].strip()
        if piece:
            out.append(piece)
    return out


def analyze_article(article: Article, vocabulary: Vocabulary) -> Document:
    sentences = split_sentences(article.text)
    per_sentence = index_sentences(sentences, article.lang)
    title = index_sentences([article.title], article.lang)[0]
    body = [token for tokens in per_sentence for token in tokens]
    forms = dict.fromkeys((word, term) for _, word, term in title + body)
    return Document(_field(title, vocabulary), _field(body, vocabulary),
                    array("I", map(vocabulary.form, forms)),
                    keep_passages(sentences, per_sentence, {t for _, _, t in title}))


def _field(tokens: Tokens, vocabulary: Vocabulary) -> Field:
    positions: dict[str, list[int]] = {}
    for pos, _, term in tokens:
        positions.setdefault(term, []).append(pos)
    return Field(array("I", map(vocabulary.term, positions)),
                 array("I", map(len, positions.values())),
                 ",".join(encode(gaps(p)) for p in positions.values()), len(tokens))


def gaps(numbers: list[int]) -> list[int]:
    """The first number, then the difference of each to the one before."""
    return numbers[:1] + [b - a for a, b in pairwise(numbers)]


def keep_passages(sentences: list[str], tokens: list[Tokens], title: set[str],
                  budget: int = PASSAGE_CHARS) -> list[str]:
    """The sentences densest in the article's own recurring and title words, in text
    order, within `budget` characters: where its subject is said most plainly."""
    counts: dict[str, int] = {}
    for _, _, term in (t for part in tokens for t in part):
        counts[term] = counts.get(term, 0) + 1

    def weight(i: int) -> float:
        terms = {t for _, _, t in tokens[i]}
        return sum(counts[t] - 1 + 2 * (t in title) for t in terms) / (len(sentences[i]) + 60)
    kept, used = [], 0
    for i in sorted(range(len(sentences)), key=lambda i: (-weight(i), i)):
        if used + len(sentences[i]) <= budget:
            kept.append(i)
            used += len(sentences[i])
    if not kept and sentences:
        first = sentences[0]
        cut = first.rfind(" ", 0, budget)
        return [first[:cut if cut > 0 else budget] + "…"]
    return [sentences[i] for i in sorted(kept)]
