"""Dates as front matter gives them: a day or a moment, or only a year or a month.

Archives and scraped sets often know no more than the year an article appeared (`date:
2014`) or its month (`date: 2014-05`). Such a date is kept as a `PartialDate`: it sorts,
compares and fills feeds as the first moment of its period, and shows as written
("2014", "May 2014"), so that no page states a day nobody knows.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from typing import Any

_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2}))?")


class PartialDate(datetime):
    """The start of a year or a month that is all that is known of a date."""

    precision: str  # "year" or "month"

    def __new__(cls, year: int, month: int | None = None) -> PartialDate:
        made = super().__new__(cls, year, month or 1, 1, tzinfo=UTC)
        made.precision = "month" if month else "year"
        return made

    def __reduce_ex__(self, protocol: Any) -> tuple:  # datetime's would drop the precision
        return PartialDate, (self.year, self.month if self.precision == "month" else None)

    def __repr__(self) -> str:
        return f"PartialDate({date_text(self)!r})"


def parse_date(value: Any) -> datetime:
    """YAML dates and datetimes, ISO strings and bare years as an aware datetime (naive
    means UTC); a year (2014, "2014") or a month ("2014-05") as a PartialDate."""
    if isinstance(value, str):  # the usual case, and how the article cache keeps dates
        text = value.strip()
        if len(text) <= 7:
            return _partial(text)
        result = datetime.fromisoformat(text.replace("Z", "+00:00"))
    elif isinstance(value, datetime):
        result = value
    elif isinstance(value, date):
        result = datetime.combine(value, time())
    elif isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return PartialDate(value)
    else:
        raise ValueError(f"{value!r} is not a date")
    return result if result.tzinfo else result.replace(tzinfo=UTC)


def _partial(text: str) -> PartialDate:
    found = _PARTIAL.fullmatch(text)
    if not found:
        raise ValueError(f"{text!r} is not a date")
    month = int(found[2] or 0)
    if found[2] and not 1 <= month <= 12:
        raise ValueError(f"{text!r} has no month {month}")
    return PartialDate(int(found[1]), month or None)


def precision(value: datetime) -> str:
    """"year", "month", or "day" for any other date."""
    return getattr(value, "precision", "day")


def date_text(value: datetime) -> str:
    """ISO 8601 at the date's own precision: 2014, 2014-05, or the full moment."""
    kind = precision(value)
    if kind == "year":
        return f"{value.year:04d}"
    return f"{value.year:04d}-{value.month:02d}" if kind == "month" else value.isoformat()


def day_text(value: datetime) -> str:
    """The calendar date, as far as it is known: 2014, 2014-05 or 2014-05-31."""
    return date_text(value) if precision(value) != "day" else value.date().isoformat()
