"""Exact and near-duplicate articles, in a batch and against what content/ already holds.

Two texts are compared by their sets of four-word shingles: the same article with a
different stray line, caption or footer still shares nearly all of them.
"""

from __future__ import annotations

import hashlib
import zlib
from collections import Counter, defaultdict

from sitegen.analysis import tokenize

SHINGLE = 4  # words
NEAR = 0.8  # share of the smaller text's shingles found in the other
SIZE_RATIO = 0.5  # a text less than half the other's size is an excerpt, not a copy


def exact_key(text: str) -> str:
    """Equal for texts with the same words in the same order (case, spacing, markup aside)."""
    return hashlib.sha256(" ".join(tokenize(text)).encode()).hexdigest()


def shingles(text: str) -> set[int]:
    words = tokenize(text)
    return {zlib.crc32(" ".join(words[i:i + SHINGLE]).encode())
            for i in range(max(1, len(words) - SHINGLE + 1))}


class DuplicateIndex:
    """Texts seen so far, each under a name to report ("content/a.md", "dumps/b.txt")."""

    def __init__(self) -> None:
        self._exact: dict[str, str] = {}
        self._postings: dict[int, list[str]] = defaultdict(list)
        self._sizes: dict[str, int] = {}

    def add(self, name: str, text: str) -> None:
        self._exact.setdefault(exact_key(text), name)
        found = shingles(text)
        self._sizes[name] = len(found)
        for shingle in found:
            self._postings[shingle].append(name)

    def find(self, text: str) -> str | None:
        """The name of a text that `text` duplicates, or None."""
        if (name := self._exact.get(exact_key(text))) is not None:
            return name
        found = shingles(text)
        shared = Counter(name for s in found for name in self._postings.get(s, ()))
        for name, common in sorted(shared.items(), key=lambda item: (-item[1], item[0])):
            small, large = sorted((len(found), self._sizes[name]))
            if common >= NEAR * small and small >= SIZE_RATIO * large:
                return name
        return None
