"""What search keeps of one article: each field's terms with their positions, the word
forms behind the terms, and its sentences with their terms, to pick excerpts from.

Made by the shared analyzer and cached per article version (store.py), so a build
analyzes only the articles that changed. Terms and word forms are numbers into a
`Vocabulary` kept with the cache: numbers unpickle far faster than strings.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from itertools import pairwise

from sitegen.analysis import index_sentences
from sitegen.model import Article
from sitegen.search.encode import SMALL, encode

SENTENCE_MAX = 240  # characters; longer sentences are cut at spaces
PASSAGE_CHARS = 240  # kept per article for the browser's excerpts
# A sentence ends at a blank line, or at . ! ? … (perhaps closing a quote) and a space.
_ENDS = [mark + close + " " for mark in ".!?…" for close in ["", *"\"'”’»)]"]]



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


def split_sentences(text: str) -> list[str]:
    """Sentences of `text` with spaces collapsed, none longer than SENTENCE_MAX. Cuts
    fall only on spaces, so the words, and their positions, are those of the whole text."""
    flat = "\0".join(" ".join(block.split()) for block in text.replace("\0", " ").split("\n\n"))
    for end in _ENDS:
        if end in flat:
            flat = flat.replace(end, end[:-1] + "\0")
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


def analyze_article(article: Article, vocabulary: Vocabulary) -> Document:
    """One pass over the article's words (the cold build's hot loop: keep it lean)."""
    sentences = split_sentences(article.text)
    title = index_sentences([article.title], article.lang)[0]
    words = {word: term for _, word, term in title}
    positions: dict[str, list[int]] = {}
    sentence_terms, ends = array("I"), array("I")
    for tokens in index_sentences(sentences, article.lang):
        here = {}
        for pos, word, term in tokens:
            words[word] = term
            here[term] = None
            if term in positions:
                positions[term].append(pos)
            else:
                positions[term] = [pos]
        sentence_terms.extend(map(vocabulary.term, here))
        ends.append(len(sentence_terms))
    title_positions: dict[str, list[int]] = {}
    for pos, _, term in title:
        title_positions.setdefault(term, []).append(pos)
    return Document(_field(title_positions, len(title), vocabulary),
                    _field(positions, sum(map(len, positions.values())), vocabulary),
                    array("I", map(vocabulary.form, words.items())), "\n".join(sentences),
                    sentence_terms, ends)


def _field(positions: dict[str, list[int]], length: int, vocabulary: Vocabulary) -> Field:
    small = SMALL  # most terms occur once in an article: one look-up
    return Field(array("I", map(vocabulary.term, positions)),
                 array("I", map(len, positions.values())),
                 ",".join([small[p[0]] if len(p) == 1 and p[0] < len(small) else encode(gaps(p))
                           for p in positions.values()]), length)


def gaps(numbers: list[int]) -> list[int]:
    """The first number, then the difference of each to the one before."""
    return numbers[:1] + [b - a for a, b in pairwise(numbers)]
