"""Readable, stable URL slugs, in any script.

Slugs are ASCII so that URLs survive every host, shell and copy-paste. Cyrillic is
transliterated by the Ukrainian national system (which also covers Russian letters),
every other script by anyascii (Straße -> strasse, Αθήνα -> athina, 日本 -> riben),
rather than percent-encoded or dropped: dropped, every Greek or Chinese tag was one
"untitled" tag.
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "",
    "ю": "iu", "я": "ia", "ё": "io", "ы": "y", "э": "e", "ъ": "",
    "’": "", "'": "", "ʼ": "",
}
_NON_WORD = re.compile(r"[^a-z0-9]+")
# Signs that name another thing: C, C++ and C# are three tags, not one.
_SIGNS = re.compile(r"(?<=[\w+])\+|(?<=\w)#")
_SIGN_WORDS = {"+": " plus ", "#": " sharp "}


def transliterate(text: str) -> str:
    """Lower-case ASCII approximation of `text` (accents dropped, Cyrillic by the
    Ukrainian system, other scripts by anyascii, C++ and C# spelled out)."""
    text = text.lower()
    if "+" in text or "#" in text:
        text = _SIGNS.sub(lambda m: _SIGN_WORDS[m.group()], text)
    if text.isascii():  # most names and headings: nothing to transliterate
        return text
    return anyascii("".join(_CYRILLIC.get(ch, ch) for ch in text)).lower()


@lru_cache(maxsize=65536)  # tags and authors are slugified once per card otherwise
def slugify(text: str, max_length: int = 80) -> str:
    """`"Héllo, Київ!"` -> `"hello-kyiv"`; never empty (falls back to "untitled")."""
    slug = _NON_WORD.sub("-", transliterate(text)).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug or "untitled"


def unique_slug(slug: str, taken: set[str]) -> str:
    """`slug`, or `slug-2`, `slug-3`... whichever is free; records the choice in `taken`."""
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate
