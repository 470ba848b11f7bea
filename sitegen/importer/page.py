"""What an extractor hands to the writer: one article as Markdown, with its metadata."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~])")
_LINE_START = re.compile(r"^(\s*)([#=+-]|\d+[.)])(?=\s|$)")
_CODE_SPAN = re.compile(r"(`+)(?:.*?)\1")
_FENCE = re.compile(r"^\s*(```|~~~)")
_ANGLE = re.compile(r"\\?<")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")


@dataclass
class Extracted:
    """One article: a Markdown body plus the metadata found on the page."""

    title: str
    markdown: str
    text: str  # plain text of the body, for duplicate detection
    author: str = ""
    date: date | None = None
    publisher: str = ""
    source_url: str = ""
    lang: str = ""
    tags: list[str] = field(default_factory=list)


def escape_text(text: str) -> str:
    """Plain text as Markdown that renders as exactly that text (no markup, no HTML)."""
    return _LINE_START.sub(r"\1\\\2", _INLINE_SPECIAL.sub(r"\\\1", text))


def tidy_markdown(markdown: str) -> str:
    """Extracted Markdown made safe and plain outside code.

    Every `<` is written `&lt;` (pages may not carry HTML in), and indentation left over
    from the page's source is dropped, so that it does not turn prose into code blocks.
    """
    out, fenced = [], False
    for line in markdown.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            line = line if _LIST_ITEM.match(line) else line.strip()
            pieces, last = [], 0
            for match in _CODE_SPAN.finditer(line):
                pieces += [_ANGLE.sub("&lt;", line[last:match.start()]), match.group(0)]
                last = match.end()
            line = "".join(pieces) + _ANGLE.sub("&lt;", line[last:])
        out.append(line)
    return "\n".join(out)
