"""The .txt input format: a page dump, optionally headed by `Key: value` lines.

    URL: https://example.org/news/2024/a-story      (also: Source)
    Title: A story                                    (a hint: the dump's own title wins ties)
    Date: 2024-05-31                                  (also: Published; or 2024-05, 2024)
    Author: Jane Doe
    Site: Example News                                (also: Publisher)
    Lang: en                                          (also: Language)
    Tags: politics, economy
    <blank line>
    ...the page text, one block per line...

Headers count only when they are the file's first lines, use these keys (any case) and
end at a blank line; anything else is page text. Page dumps have no blank lines, so a
page whose first line happens to read "Title: ..." is not mistaken for a header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sitegen.dates import parse_date, precision
from sitegen.importer.authors import author_names
from sitegen.importer.dates import find_date
from sitegen.importer.page import Extracted, escape_text
from sitegen.importer.textdump import Block, Cleaned

_KEYS = {"url": "url", "source": "url", "title": "title", "date": "date", "published": "date",
         "author": "author", "site": "site", "publisher": "site", "lang": "lang",
         "language": "lang", "tags": "tags"}
_HEADER = re.compile(r"^([A-Za-z]+)\s*:\s*(.*?)\s*$")


@dataclass
class DumpFile:
    headers: dict[str, str] = field(default_factory=dict)
    page_text: str = ""

    @property
    def url(self) -> str:
        return self.headers.get("url", "")


def parse_dump(text: str) -> DumpFile:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    headers = {}
    for index, line in enumerate(lines):
        match = _HEADER.match(line)
        if match and match.group(1).lower() in _KEYS:
            headers[_KEYS[match.group(1).lower()]] = match.group(2)
            continue
        if headers and not line.strip():
            return DumpFile(headers, "\n".join(lines[index + 1:]))
        break
    return DumpFile({}, "\n".join(lines))


def to_extracted(cleaned: Cleaned, dump: DumpFile) -> Extracted:
    """The cleaned article as Markdown, headers taking precedence over what was found."""
    head = dump.headers
    tags = [t.strip() for t in head.get("tags", "").split(",") if t.strip()]
    publisher = head.get("site") or cleaned.publisher
    return Extracted(
        title=head.get("title") or cleaned.title, markdown=to_markdown(cleaned.blocks),
        text=cleaned.text, authors=author_names(head.get("author") or cleaned.author, publisher),
        date=_header_date(head.get("date", "")) or cleaned.date,
        publisher=publisher, source_url=dump.url,
        lang=(head.get("lang") or cleaned.lang).lower(), tags=tags)


def _header_date(value: str) -> date | str | None:
    """The day of a Date header, or the year or month it gives alone ("2014"), kept as
    written: an article may be known to the year only (see sitegen/dates.py)."""
    try:
        if precision(parse_date(value)) != "day":
            return value
        return date.fromisoformat(value[:10])
    except ValueError:
        return find_date(value)


def to_markdown(blocks: list[Block]) -> str:
    """Paragraphs, `##` sub-headings, `>` quotes and `-` list items, text escaped."""
    parts: list[str] = []
    for index, block in enumerate(blocks):
        text = escape_text(block.text)
        if block.kind == "li":
            joined = index > 0 and blocks[index - 1].kind == "li"
            text = f"- {text}"
            if joined:
                parts[-1] += "\n" + text
                continue
        elif block.kind == "h":
            text = f"## {text}"
        elif block.kind == "quote":
            text = f"> {text}"
        parts.append(text)
    return "\n\n".join(parts)
