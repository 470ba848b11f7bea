"""Ranking parameters shared by the browser index and the whoosh index.

The browser reproduces whoosh's BM25F term by term: the same idf, the same average
field length, and the field lengths quantized the way whoosh stores them (one byte).
Change a number here and both sides move together.
"""

from __future__ import annotations

from math import log

from whoosh.util.numeric import byte_to_length, length_to_byte

K1 = 1.2
B = 0.75
FIELDS = ("title", "body")
BOOSTS = {"title": 2.5, "body": 1.0}  # a word in the title counts 2.5 times one in the body

PREFIX_MIN = 3  # the word being typed expands to longer words once it has 3 letters...
PREFIX_TERMS = 5  # ...to this many of the commonest terms that begin with it...
PREFIX_FACTOR = 0.7  # ...each scoring a little below an exact match
STEM_CUT = 4  # an unknown word may drop up to 4 final letters to meet a known stem
STEM_MIN = 3


def stored_length(length: int) -> int:
    """A field length as whoosh stores it (rounded to one of 256 steps)."""
    return byte_to_length(length_to_byte(length))


def idf(doc_count: int, doc_frequency: int) -> float:
    return log(doc_count / (doc_frequency + 1)) + 1


def bm25(idf_value: float, tf: float, length: float, avg_length: float) -> float:
    """whoosh.scoring.bm25, written the same way so floats come out the same."""
    return idf_value * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * length / avg_length)))
