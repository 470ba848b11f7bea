"""What an extractor hands to the writer: one article as Markdown, with its metadata."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~])")
# "1." / "1)" (its dot escaped), "-", "+", "#", or a run of "=" or "-" (setext, rule)
_LINE_START = re.compile(r"^([ \t]*)(\d+(?=[.)])|(?=[#=+-]))([.)]|[#=+-]+)(?=\s|$)", re.MULTILINE)


@dataclass
class Extracted:
    """One article: a Markdown body plus the metadata found on the page."""

    title: str
    markdown: str
    text: str  # plain text of the body, for duplicate detection
    authors: list[str] = field(default_factory=list)
    date: date | str | None = None  # a day, or a year or month alone as written ("2014")
    publisher: str = ""
    source_url: str = ""
    lang: str = ""
    tags: list[str] = field(default_factory=list)


def escape_text(text: str) -> str:
    """Plain text as Markdown that renders as exactly that text (no markup, no HTML)."""
    return escape_line_starts(escape_inline(text))


def escape_inline(text: str) -> str:
    """Text inside a line of Markdown: the characters that start inline markup escaped."""
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def escape_line_starts(markdown: str) -> str:
    """`markdown` with no line starting a list, a heading or a rule by accident."""
    return _LINE_START.sub(r"\1\2\\\3", markdown)
