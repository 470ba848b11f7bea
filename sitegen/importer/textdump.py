"""sitegen's own cleaner for plain-text page dumps: boilerplate out, article and metadata in.

A dump has one block per line: the page's <title> first, then menus, the headline, a
byline, the article's paragraphs, and footers. `clean_dump` finds the title (dropping the
site name), turns byline and date lines into metadata, keeps the article's paragraphs,
quotes and sub-headings in order, and drops the rest (see lines.py for how).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from sitegen.importer.dates import find_date
from sitegen.importer.lang import detect_language
from sitegen.importer.lexicon import BYLINE
from sitegen.importer.lines import (
    LONG,
    Line,
    article_end,
    best_span,
    line_key,
    measure,
    recurrence_key,
    score_lines,
)
from sitegen.slugs import slugify

_TITLE_SEPARATOR = re.compile(r"\s+(?:[|·»/\\]|[-–—]{1,2}|::)\s+")
_BULLET = re.compile(r"^[•▪◦‣∙*·-]\s+")
_QUOTED = re.compile(r"^[\"“„«»‘'].{20,}[\"”“»«’']$")
_NAME = re.compile(r"^(?:[A-ZÀ-ÖØ-ÞА-ЯІЇЄҐ][\w'’.-]+\s+){1,3}[A-ZÀ-ÖØ-ÞА-ЯІЇЄҐ][\w'’-]+$")
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")  # soft hyphens, zero-width spaces
_WRAPPED_END = re.compile(r"[^.!?…:;。！？\"'”’»)\]]$")
_WRAPPED_START = re.compile(r"^[a-zà-öø-ÿа-яіїєґ]")
_WRAPPED = 6  # words: a line this long that runs on into a lower-case line was hard-wrapped
_WAYBACK = re.compile(r"^https?://web\.archive\.org/web/[^/]+/(?P<url>.+)$")
_BELOW_HEADLINE = 0.3  # share of the best run's score a run below the headline needs
_HEADLINE_WINDOW = 15  # lines: an article starts this close below its headline
_META_WINDOW = 8  # lines around the article start searched for byline and date


@dataclass
class Block:
    """One block of the article: "p" (paragraph), "h" (sub-heading), "quote" or "li"."""

    kind: str
    text: str


@dataclass
class Cleaned:
    """The article found in a dump, with the metadata found around it."""

    title: str
    blocks: list[Block]
    publisher: str = ""
    author: str = ""
    date: date | None = None
    lang: str = "en"

    @property
    def text(self) -> str:
        return "\n".join(block.text for block in self.blocks)


def site_of(url: str) -> str:
    """The site a page belongs to: its host without "www.", archive wrappers removed."""
    wayback = _WAYBACK.match(url or "")
    host = urlsplit(wayback.group("url") if wayback else url or "").hostname or ""
    return host.removeprefix("www.")


@dataclass
class SiteEvidence:
    """Lines that recur across many pages of one site in a batch: its menus and footers."""

    recurring_by_site: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def from_pages(cls, pages: Iterable[tuple[str, str]]) -> SiteEvidence:
        """`pages` are (site, page text); identical pages count once, so copies prove nothing."""
        seen: dict[str, set[str]] = defaultdict(set)
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for site, text in pages:
            if site and text not in seen[site]:
                seen[site].add(text)
                counts[site].update({recurrence_key(line_key(t)) for t in reflow(text)} - {""})
        result = {}
        for site, counter in counts.items():
            needed = max(2, math.ceil(len(seen[site]) / 10))
            result[site] = frozenset(k for k, n in counter.items() if n >= needed)
        return cls(result)

    def recurring(self, site: str) -> frozenset[str]:
        return self.recurring_by_site.get(site, frozenset())


def clean_dump(page_text: str, url: str = "", evidence: SiteEvidence | None = None,
               title_hint: str = "", site: str | None = None) -> Cleaned:
    """The article of one page dump; `blocks` is empty when the page has none.

    `evidence` is looked up under `site`, by default the site of `url`.
    """
    texts = reflow(page_text)
    lang = detect_language("\n".join(t for t in texts if len(t.split()) >= LONG)
                           or "\n".join(texts))
    site = site_of(url) if site is None else site
    recurring = evidence.recurring(site) if evidence else frozenset()
    title, publisher, heads = find_title(texts, url, title_hint)
    site = line_key(publisher) if len(line_key(publisher)) >= 4 else ""
    lines = measure(texts, lang, recurring, keep=frozenset(heads) | {0}, site=site)
    start, end = _article_span(lines, heads)
    if start == end and recurring:  # near-copies in the batch can hide the article itself
        lines = measure(texts, lang, frozenset(), keep=frozenset(heads) | {0}, site=site)
        start, end = _article_span(lines, heads)
    author, when, meta_lines = _byline(texts, start, end, heads)
    keep = [i for i in range(start, end) if i not in meta_lines and i not in heads]
    blocks = _blocks([lines[i] for i in keep])
    if blocks:
        lang = detect_language("\n".join(b.text for b in blocks))
    return Cleaned(title or _fallback_title(blocks), blocks, publisher, author, when, lang)


def reflow(page_text: str) -> list[str]:
    """The dump's non-empty lines, whitespace collapsed and hard-wrapped paragraphs rejoined.

    Some pages wrap their paragraphs in the HTML source, and the dump keeps those breaks:
    a long line that stops mid-sentence and runs on in lower case is one paragraph.
    """
    texts: list[str] = []
    for raw in page_text.splitlines():
        text = " ".join(_INVISIBLE.sub("", raw).split())
        if not text:
            continue
        if (texts and _WRAPPED_START.match(text) and _WRAPPED_END.search(texts[-1])
                and len(texts[-1].split()) >= _WRAPPED):
            texts[-1] = f"{texts[-1]} {text}"
        else:
            texts.append(text)
    return texts


def _article_span(lines: list[Line], heads: list[int]) -> tuple[int, int]:
    """The best run of lines, or the best run below a headline when that is nearly as good.

    Teasers above the headline can join the best run; starting below the headline
    leaves them out. A headline repeated in a teaser further down offers a poor run.
    The run's tail is then held to a stricter standard (see `article_end`).
    """
    scores = score_lines(lines)
    best, start, end = best_span(scores)
    below = max((best_span(scores, h + 1, h + _HEADLINE_WINDOW) for h in heads),
                default=(0.0, start, end))
    start, end = below[1:] if below[0] >= best * _BELOW_HEADLINE else (start, end)
    return start, article_end(scores, start, end)


def find_title(texts: list[str], url: str, hint: str = "") -> tuple[str, str, list[int]]:
    """(title, site name, lines that repeat the headline) from the <title>-like first line."""
    candidate = hint or (texts[0] if texts and len(texts[0].split()) <= 30 else "")
    if not candidate:
        return "", "", []
    keys = [line_key(t) for t in texts]
    parts = [p for p in _TITLE_SEPARATOR.split(candidate) if p.strip()]
    host = site_of(url).replace(".", "").replace("-", "")
    named = [p for p in parts if len(p.split()) >= 2 and not _names_host(p, host)]
    for title in [candidate, *sorted(named, key=len, reverse=True)]:
        heads = [i for i, key in enumerate(keys) if i and key and key == line_key(title)]
        if heads:
            return title, _site_name(candidate, title), heads
    if len(parts) > 1:
        site = next((p for p in (parts[-1], parts[0]) if _names_host(p, host)), None)
        site = site or (parts[-1] if len(parts[-1].split()) <= 4 else "")
        title = candidate.replace(site, "").strip(" |·»/\\-–—:") if site else candidate
        return title, site, []
    return candidate, "", []


def _names_host(part: str, host: str) -> bool:
    squashed = slugify(part).replace("-", "")
    return bool(host) and len(squashed) >= 3 and squashed in host


def _site_name(candidate: str, title: str) -> str:
    rest = candidate.replace(title, "", 1).strip(" |·»/\\-–—:")
    return rest if len(rest.split()) <= 6 else ""


def _fallback_title(blocks: list[Block]) -> str:
    words = blocks[0].text.split() if blocks else []
    return " ".join(words[:10]) + ("…" if len(words) > 10 else "")


def _byline(texts: list[str], start: int, end: int,
            heads: list[int]) -> tuple[str, date | None, set[int]]:
    """Author and date from short lines near the article start; those lines leave the body."""
    author, when, used = "", None, set()
    first = max([h + 1 for h in heads if h < start] + [start - _META_WINDOW, 0])
    for index in range(first, min(end, start + 3)):
        text = texts[index]
        if len(text.split()) > 14:
            continue
        name = _author_in(text)
        found = find_date(text)
        if name and not author:
            author = name
            used.add(index)
        if found and when is None:
            when = found
            used.add(index)
    return author, when, {i for i in used if i >= start}


def _author_in(text: str) -> str:
    match = BYLINE.match(text)
    if match:
        return match.group("name").strip()
    head = re.split(r"\s[-–—|•·]\s|,", text, maxsplit=1)[0].strip()
    return head if find_date(text) and _NAME.match(head) else ""


def _blocks(lines: list[Line]) -> list[Block]:
    """Article blocks in order: short lines survive only as headings above prose."""
    blocks = []
    for index, line in enumerate(lines):
        if line.boilerplate:
            continue
        following = next((n for n in lines[index + 1:] if not n.boilerplate), None)
        if _BULLET.match(line.text):
            blocks.append(Block("li", _BULLET.sub("", line.text)))
        elif line.size >= LONG or (line.sentence and line.prose and line.size >= 4):
            kind = "quote" if _QUOTED.match(line.text) else "p"
            blocks.append(Block(kind, line.text))
        elif following and following.size >= LONG and line.score > -2 and line.size >= 2:
            blocks.append(Block("h", line.text))
    return blocks
