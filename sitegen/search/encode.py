"""Lists of small numbers as compact strings, for the browser index.

Each number is written in base 32, most significant digit first; every digit but the
last comes from the upper half of a 64-letter alphabet. Postings and positions are
mostly one or two letters a number this way, and the strings need no escaping in JSON.
"""

from __future__ import annotations

import numpy as np

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
_LAST = ALPHABET[:32]
_MORE = ALPHABET[32:]
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}


def encode_number(n: int) -> str:
    digits = _LAST[n & 31]
    n >>= 5
    while n:
        digits = _MORE[n & 31] + digits
        n >>= 5
    return digits


SMALL = [encode_number(n) for n in range(1 << 15)]  # most numbers: a table look-up


def number(n: int) -> str:
    """`encode_number`, through the table when it can."""
    return SMALL[n] if n < len(SMALL) else encode_number(n)


_SMALL = np.array(SMALL, dtype=object)


def encode_each(numbers: np.ndarray) -> np.ndarray:
    """Each of many numbers encoded on its own, as an array of strings."""
    codes = _SMALL[np.minimum(numbers, len(SMALL) - 1)]
    big = np.flatnonzero(numbers >= len(SMALL))
    codes[big] = [encode_number(int(n)) for n in numbers[big]]
    return codes


def encode(numbers: list[int]) -> str:
    small = SMALL
    return "".join([small[n] if n < 32768 else encode_number(n) for n in numbers])


def decode(text: str) -> list[int]:
    """The inverse of `encode` (the browser has its own; this one is for tests)."""
    out, n = [], 0
    for ch in text:
        value = _VALUE[ch]
        if value >= 32:
            n = (n << 5) | (value - 32)
        else:
            out.append((n << 5) | value)
            n = 0
    return out
