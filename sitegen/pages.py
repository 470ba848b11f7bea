"""The page plan: every page of the site with its template, its view and its key.

The key hashes everything the page's output depends on (view, template fingerprint, site
settings), so the build can skip pages whose key did not change since the last build.
"""

from __future__ import annotations

import calendar
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sitegen.config import Config
from sitegen.model import Article, Site
from sitegen.templates import Templates
from sitegen.views import PageLink, Pagination, article_view, card, related_views, term_view


@dataclass
class Page:
    path: str  # site path, e.g. "my-slug/", "atom.xml"
    kind: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)
    template: str | None = None  # None: `produce` makes the bytes (feeds, sitemap, ...)
    produce: Callable[[], bytes] | None = None
    key_data: Any = None  # what the output depends on besides the template; None = context
    lang: str = ""
    description: str = ""
    feed: str = "atom.xml"
    key: str = ""


def paginate(items: list[Any], size: int,
             base: str) -> Iterator[tuple[list[Any], Pagination | None]]:
    """Slices of `items` with their pagination; page 1 lives at `base`, page n at base/page/n/."""
    total = max(1, -(-len(items) // size))
    paths = [base] + [f"{base}page/{n}/" for n in range(2, total + 1)]
    for number in range(1, total + 1):
        pagination = None if total == 1 else Pagination(
            number, total, paths[number - 2] if number > 1 else None,
            paths[number] if number < total else None,
            tuple(PageLink(n, paths[n - 1]) for n in range(1, total + 1)))
        yield items[(number - 1) * size: number * size], pagination


def plan_pages(site: Site, config: Config, templates: Templates) -> list[Page]:
    pages = list(_article_pages(site, config))
    pages += _listing(site.articles, config.pagination.home, "", "home", config.title,
                      "list.html", config)
    for section, kind, terms, size in (("tags", "tag", site.tags, config.pagination.tag),
                                       ("authors", "author", site.authors,
                                        config.pagination.author)):
        views = [term_view(t) for t in terms]
        pages.append(Page(f"{section}/", kind + "s", section.capitalize(), {"terms": views},
                          template=f"{section}.html"))
        for term, view in zip(terms, views, strict=True):
            extra = {"term": view}
            pages += _listing(term.articles, size, term.url, kind, term.name, f"{kind}.html",
                              config, extra, feed=view.feed if kind == "tag" else "atom.xml")
    pages += _archive_pages(site, config)
    pages.append(Page("search/", "search", "Search", template="search.html"))
    pages.append(Page("404.html", "404", "Page not found", template="404.html"))
    return pages


def assign_keys(pages: list[Page], config: Config, templates: Templates, extra: str = "") -> None:
    """Give every page the hash of all its output depends on (`extra`: build options)."""
    site_key = repr((config, extra))
    for page in pages:
        finger = templates.fingerprint(page.template) if page.template else ""
        data = page.context if page.key_data is None else page.key_data
        page.key = hashlib.sha1(repr((page.path, page.kind, page.title, page.lang, page.feed,
                                      finger, site_key, data)).encode()).hexdigest()


def _article_pages(site: Site, config: Config) -> Iterator[Page]:
    arts = site.articles
    for i, article in enumerate(arts):
        newer = arts[i - 1] if i > 0 else None
        older = arts[i + 1] if i + 1 < len(arts) else None
        view = article_view(article, site, config.author, config.markdown.toc_min_headings)
        context = {
            "article": view,
            "newer": card(newer, config.author) if newer else None,
            "older": card(older, config.author) if older else None,
            "related": related_views(site.related.get(article.id, [])),
            "show_related": article.related is not False,
        }
        yield Page(article.url, "article", article.title, context, template="article.html",
                   lang=article.lang, description=article.summary)


def _listing(articles: list[Article], size: int, base: str, kind: str, title: str,
             template: str, config: Config, extra: dict[str, Any] | None = None,
             feed: str = "atom.xml") -> list[Page]:
    cards = [card(a, config.author) for a in articles]
    pages = []
    for chunk, pagination in paginate(cards, size, base):
        path = pagination.pages[pagination.number - 1].url if pagination else base
        shown = title if not pagination or pagination.number == 1 else \
            f"{title} (page {pagination.number})"
        context = {**(extra or {}), "articles": chunk, "pagination": pagination}
        pages.append(Page(path, kind, shown, context, template=template, feed=feed))
    return pages


def _archive_pages(site: Site, config: Config) -> list[Page]:
    dated = [a for a in site.articles if a.date]
    years: dict[int, dict[int, list[Article]]] = {}
    for article in dated:
        years.setdefault(article.date.year, {}).setdefault(article.date.month, []).append(article)
    tree = [{"year": y, "url": f"archive/{y}/", "count": sum(map(len, months.values())),
             "months": [{"month": m, "name": calendar.month_name[m],
                         "url": f"archive/{y}/{m:02d}/", "count": len(items)}
                        for m, items in months.items()]}
            for y, months in years.items()]
    common = {"years": tree}
    pages = [Page("archive/", "archive", "Archive",
                  {**common, "period": None, "articles": [], "pagination": None},
                  template="archive.html")]
    for year in tree:
        months = years[year["year"]]
        items = [a for m in months.values() for a in m]
        pages += _listing(items, config.pagination.archive, year["url"], "archive",
                          str(year["year"]), "archive.html", config,
                          {**common, "period": {"title": str(year["year"]), "url": year["url"]}})
        for month in year["months"]:
            title = f"{month['name']} {year['year']}"
            pages += _listing(months[month["month"]], config.pagination.archive, month["url"],
                              "archive", title, "archive.html", config,
                              {**common, "period": {"title": title, "url": month["url"]}})
    return pages
