"""Find a calendar date in a short line of page text ("Nov 19, 2019", "19.11.2019", ...).

Dates on pages come in many spellings and languages; these are the common ones. A date
that does not exist (31 February) is no date.
"""

from __future__ import annotations

import re
from datetime import date

from sitegen.analysis import fold
from sitegen.importer.lexicon import MONTHS

_YEAR = r"(?P<y>(?:19|20)\d\d)"
_NUMERIC = (
    re.compile(rf"\b{_YEAR}-(?P<m>\d\d?)-(?P<d>\d\d?)\b"),
    re.compile(rf"\b{_YEAR}/(?P<m>\d\d?)/(?P<d>\d\d?)\b"),
    re.compile(rf"\b(?P<d>\d\d?)\.\s?(?P<m>\d\d?)\.\s?{_YEAR}\b"),
    re.compile(rf"\b(?P<d>\d\d?)/(?P<m>\d\d?)/{_YEAR}\b"),
)
_WORD = r"(?P<name>[^\W\d_]{3,12})\.?"
_NAMED = (
    re.compile(rf"\b(?P<d>\d\d?)(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?{_WORD},?\s+(?:de\s+)?{_YEAR}\b"),
    re.compile(rf"\b{_WORD}\s+(?P<d>\d\d?)(?:st|nd|rd|th)?,?\s+{_YEAR}\b"),
)


def find_date(text: str) -> date | None:
    """The first date written in `text`, or None."""
    for pattern in _NUMERIC:
        for match in pattern.finditer(text):
            found = _make(match.group("y"), match.group("m"), match.group("d"))
            if found:
                return found
    for pattern in _NAMED:
        for match in pattern.finditer(text):
            month = MONTHS.get(fold(match.group("name")))
            found = month and _make(match.group("y"), str(month), match.group("d"))
            if found:
                return found
    return None


def _make(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None
