"""What templates see: small frozen records made from the model (see docs/THEMING.md).

Templates never touch the model directly, so a page's output depends only on its view,
and a view's repr is a faithful key for "did this page change?".
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import unquote

from markupsafe import Markup

from sitegen.markdown import FILE_LINK_RE, FILE_SCHEME, MD_LINK_RE, MD_LINK_SCHEME
from sitegen.model import Article, RelatedLink, Site, Term
from sitegen.site import term_url
from sitegen.urls import quote_path, relative_url


@dataclass(frozen=True)
class Link:
    name: str
    url: str


@dataclass(frozen=True)
class Card:
    """An article as it appears in a list."""

    title: str
    url: str
    date: datetime | None
    authors: tuple[Link, ...]
    tags: tuple[Link, ...]
    summary: str
    reading_time: int
    lang: str


@dataclass(frozen=True)
class TocEntry:
    level: int
    id: str
    title: str


@dataclass(frozen=True)
class ArticleView(Card):
    updated: datetime | None = None
    source_url: str = ""
    publisher: str = ""
    image: str = ""
    html: str = ""
    toc: tuple[TocEntry, ...] = ()
    show_toc: bool = False
    word_count: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RelatedView:
    title: str
    url: str
    date: datetime | None
    summary: str
    score: float


@dataclass(frozen=True)
class TermView:
    name: str
    url: str
    count: int
    feed: str


@dataclass(frozen=True)
class PageLink:
    number: int
    url: str


@dataclass(frozen=True)
class Pagination:
    number: int
    total: int
    prev: str | None
    next: str | None
    pages: tuple[PageLink, ...]


def _links(names: list[str], section: str) -> tuple[Link, ...]:
    return tuple(Link(n, term_url(section, n)) for n in names)


def card(article: Article, default_author: str = "") -> Card:
    authors = article.authors or ([default_author] if default_author else [])
    return Card(article.title, article.url, article.date, _links(authors, "authors"),
                _links(article.tags, "tags"), article.summary, article.reading_time, article.lang)


def link_urls(article: Article, site: Site) -> dict[str, str]:
    """The site path of each content file the article links to, by its path: an
    article's URL, or the file itself, copied to the same place (see `resolve_links`)."""
    urls = {x.target: site.by_path[x.target].url for x in article.links}
    urls.update((f, f) for f in article.files if f in site.files)
    return urls


def resolve_links(article: Article, urls: dict[str, str]) -> str:
    """Swap the placeholders for links relative to the article's page. A file that is not
    in content/ keeps the address as written: it may be meant for a folder next to the
    site. `urls`: see link_urls."""
    html = article.html
    if MD_LINK_SCHEME in html:
        html = MD_LINK_RE.sub(lambda m: f'href="{relative_url(article.url, urls[unquote(m[1])])}'
                                        f'{m[2] or ""}"', html)
    if FILE_SCHEME in html:
        here = posixpath.dirname(article.rel_path)

        def file(match: re.Match) -> str:
            target = unquote(match[2])
            address = relative_url(article.url, urls[target]) if target in urls else \
                quote_path(posixpath.relpath(target, here or "."))
            return f'{match[1]}="{address}{match[3] or ""}"'
        html = FILE_LINK_RE.sub(file, html)
    return html


def article_view(article: Article, urls: dict[str, str], base: Card,
                 toc_min: int) -> ArticleView:
    return ArticleView(**base.__dict__, updated=article.updated, source_url=article.source_url,
                       publisher=article.publisher, image=article.image,
                       html=Markup(resolve_links(article, urls)),
                       toc=tuple(TocEntry(h.level, h.id, h.title) for h in article.toc),
                       show_toc=len(article.toc) >= toc_min, word_count=article.word_count,
                       extra=article.extra)


def shown_score(score: float) -> float:
    """Scores drift in late decimals whenever any article changes (IDF moves); pages show
    two decimals, so only a visible change re-renders a page."""
    return round(score, 2)


def related_views(links: list[RelatedLink]) -> tuple[RelatedView, ...]:
    return tuple(RelatedView(r.article.title, r.article.url, r.article.date, r.article.summary,
                             shown_score(r.score)) for r in links)


def term_view(term: Term) -> TermView:
    return TermView(term.name, term.url, len(term.articles), term.url + "atom.xml")
