"""HTML pages through trafilatura: main text as Markdown, plus the page's own metadata.

trafilatura is a well-kept extraction library that beats anything we would write here;
this module only maps its result onto `Extracted`.
"""

from __future__ import annotations

from datetime import date

import trafilatura
from trafilatura.xml import xmltotxt

from sitegen.importer.lang import detect_language
from sitegen.importer.page import Extracted, tidy_markdown


def extract_html(html: str, url: str = "") -> Extracted | None:
    """The article of an HTML page, or None when trafilatura finds no main text."""
    doc = trafilatura.bare_extraction(
        html, url=url or None, with_metadata=True, include_comments=False,
        include_tables=True, include_formatting=True, include_links=True,
        output_format="markdown")
    if doc is None or doc.body is None:
        return None
    title = (doc.title or "").strip()
    markdown = _without_title(tidy_markdown(xmltotxt(doc.body, include_formatting=True)), title)
    text = xmltotxt(doc.body, include_formatting=False)
    if not markdown or not text.strip():
        return None
    return Extracted(
        title=title, markdown=markdown, text=text,
        author=(doc.author or "").strip(), date=_iso_date(doc.date),
        publisher=(doc.sitename or "").strip(), source_url=doc.url or url,
        lang=detect_language(text), tags=_tags(doc.tags, doc.categories))


def _without_title(markdown: str, title: str) -> str:
    """The body without a first heading that only repeats the title (the page's <h1>)."""
    first, _, rest = markdown.strip().partition("\n")
    if title and first.lstrip("#").strip() == title and first.startswith("#"):
        return rest.strip()
    return markdown.strip()


def _iso_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _tags(*groups: list[str] | None) -> list[str]:
    """The page's own keywords and categories, first spelling of each kept, in order."""
    seen: dict[str, str] = {}
    for group in groups:
        for tag in (t.strip() for item in group or [] for t in item.split(",")):
            if tag and tag.lower() not in seen:
                seen[tag.lower()] = tag
    return list(seen.values())
