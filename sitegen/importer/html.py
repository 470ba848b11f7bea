"""HTML pages through trafilatura: main text as Markdown, plus the page's own metadata.

trafilatura is a well-kept extraction library that beats anything we would write here.
Its main text is chosen with the settings of its plain `extract()`, the ones it is
benchmarked with; a second pass only lends formatting and links (see xmlmarkdown.py).
"""

from __future__ import annotations

from datetime import date

import trafilatura
from lxml.etree import _Element

from sitegen.importer.authors import author_names
from sitegen.importer.lang import detect_language
from sitegen.importer.lexicon import stop_list
from sitegen.importer.lines import is_credited_caption, points_elsewhere
from sitegen.importer.page import Extracted
from sitegen.importer.xmlmarkdown import block_key, body_markdown

_CHOICE = {"include_comments": False, "include_tables": True}  # as the benchmarks run it


def extract_html(html: str, url: str = "") -> Extracted | None:
    """The article of an HTML page, or None when trafilatura finds no main text."""
    doc = trafilatura.bare_extraction(html, url=url or None, with_metadata=True,
                                      include_formatting=False, include_links=False, **_CHOICE)
    if doc is None or doc.body is None:
        return None
    rich = trafilatura.bare_extraction(html, url=url or None, include_formatting=True,
                                       include_links=True, **_CHOICE)
    title, text = (doc.title or "").strip(), doc.text or ""
    lang = detect_language(text)
    body = _drop_title(_drop_pointers(doc.body, stop_list(lang)), title)
    markdown = body_markdown(body, rich.body if rich else None)
    if not markdown or not text.strip():
        return None
    return Extracted(
        title=title, markdown=markdown, text=text,
        authors=author_names(doc.author or "", doc.sitename or ""), date=_iso_date(doc.date),
        publisher=(doc.sitename or "").strip(), source_url=doc.url or url,
        lang=lang, tags=_tags(doc.tags, doc.categories))


def _drop_pointers(body: _Element, stops: frozenset[str] | None) -> _Element:
    """`body` without paragraphs that lead to other pages or only credit a picture.

    trafilatura keeps "Read also: <title>" lines and photo credits set in the text; the
    text-dump cleaner knows them as boilerplate (see lines.py).
    """
    for block in list(body):
        text = block_key(block)
        if block.tag == "p" and not (block.tail or "").strip() and (
                points_elsewhere(text, len(text.split())) or is_credited_caption(text, stops)):
            body.remove(block)
    return body


def _drop_title(body: _Element, title: str) -> _Element:
    """`body` without a first heading that only repeats the title: pages show the title."""
    first = body[0] if len(body) else None
    if first is not None and first.tag == "head" and block_key(first) == " ".join(title.split()):
        body.remove(first)
    return body


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
