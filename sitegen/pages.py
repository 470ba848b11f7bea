"""The page plan: every page of the site with its template, its view and its key.

The key hashes everything the page's output depends on (view, template fingerprint, site
settings), so the build can skip pages whose key did not change since the last build.
While serving, one edit changes few pages: cards, article pages and list pages made from
the same inputs as in the last build are reused, keys and all, instead of made again.
"""

from __future__ import annotations

import calendar
import hashlib
import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from sitegen.config import Config
from sitegen.dates import precision
from sitegen.errors import Problem
from sitegen.model import Article, RelatedLink, Site
from sitegen.templates import Templates
from sitegen.urls import output_file
from sitegen.views import (
    Card,
    PageLink,
    Pagination,
    article_view,
    card,
    link_urls,
    related_views,
    shown_score,
    term_view,
)


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
    keyed_with: tuple[str, str] = ("", "")  # the template fingerprint and settings of `key`
    make_context: Callable[[], dict[str, Any]] | None = None  # makes `context` when needed

    def view(self) -> dict[str, Any]:
        """What the template reads. Article pages make it only when they are rendered (in
        the render workers, in parallel), so a plan of thousands of pages is quick."""
        if self.make_context is not None:
            self.context, self.make_context = self.make_context(), None
        return self.context


def paginate(items: list[Any], size: int,
             base: str) -> Iterator[tuple[list[Any], Pagination | None]]:
    """Slices of `items` with their pagination; page 1 lives at `base`, page n at base/page/n/."""
    total = max(1, -(-len(items) // size))

    def path(n: int) -> str:
        return base if n == 1 else f"{base}page/{n}/"
    for number in range(1, total + 1):
        shown = sorted({1, total, *range(max(1, number - 2), min(total, number + 2) + 1)})
        pagination = None if total == 1 else Pagination(
            number, total, path(number - 1) if number > 1 else None,
            path(number + 1) if number < total else None,
            tuple(PageLink(n, path(n)) for n in shown))
        yield items[(number - 1) * size: number * size], pagination


def plan_pages(site: Site, config: Config) -> list[Page]:
    made = _cards(site.articles, config.author)  # each card is in many lists
    cards = {key: entry[0] for key, entry in made.items()}
    digests = {id(entry[0]): entry[1] for entry in made.values()}

    def cards_of(articles: list[Article]) -> list[Card]:
        return [cards[a.id] for a in articles]
    shown = {id(a): (a.id, made[a.id][1]) for a in site.articles}
    pages = list(_article_pages(site, config, cards, shown))
    pages += _listing(cards_of(site.articles), config.pagination.home, "", "home", config.title,
                      "list.html", digests)
    for section, kind, terms, size in (("tags", "tag", site.tags, config.pagination.tag),
                                       ("authors", "author", site.authors,
                                        config.pagination.author)):
        views = [term_view(t) for t in terms]
        pages.append(Page(f"{section}/", kind + "s", section.capitalize(), {"terms": views},
                          template=f"{section}.html"))
        for term, view in zip(terms, views, strict=True):
            feed = view.feed if kind == "tag" else "atom.xml"
            pages += _listing(cards_of(term.articles), size, term.url, kind, term.name,
                              f"{kind}.html", digests, {"term": view}, feed=feed)
    pages += _archive_pages(site, config, cards_of, digests)
    pages.append(Page("search/", "search", "Search", template="search.html"))
    pages.append(Page("404.html", "404", "Page not found", template="404.html"))
    _forget_unplanned(site, pages)
    return pages


def taken_urls(site: Site, pages: list[Page]) -> list[Problem]:
    """Articles whose page another page of the site would overwrite: `slug: tags` (the
    tags index), `slug: search`, or a file of static/ at the same place."""
    others = {output_file(p.path): p.kind for p in pages if p.kind != "article"}
    return [Problem(a.path, 1, f"its URL /{a.url} is where the site's {others[f]} page "
                               "goes; set another 'slug:'")
            for a in site.articles if (f := output_file(a.url)) in others]


def assign_keys(pages: list[Page], config: Config, templates: Templates, extra: str = "") -> None:
    """Give every page the hash of all its output depends on (`extra`: build options)."""
    site_key = repr((config, extra))
    site_digest = hashlib.sha1(site_key.encode()).digest()
    for page in pages:
        finger = templates.fingerprint(page.template) if page.template else ""
        if page.key and page.keyed_with == (finger, site_key):
            continue  # a page reused from the last plan (see _article_pages, _listing)
        data = page.context if page.key_data is None else page.key_data
        # pickle, not repr: it is exact for these frozen records and many times faster.
        page.key = hashlib.sha1(pickle.dumps((page.path, page.kind, page.title, page.lang,
                                              page.feed, finger, site_digest, data),
                                             protocol=5)).hexdigest()
        page.keyed_with = (finger, site_key)


def _ref(article: Article | None) -> tuple[str, str, str] | None:
    return (article.id, article.content_hash, article.url) if article else None


# This process's last plan, so that while serving an edit re-plans only what it changed.
# Article pages by article id, with the inputs they were made from:
_LAST: dict[str, tuple[tuple, Page]] = {}
# Cards by article id, with the article object (a new one whenever its file is parsed
# again) and the URL and default author they were made with, and the card's digest:
_CARDS: dict[str, tuple[Article, str, str, Card, bytes]] = {}
# List pages by path, with what they were made from (their cards compared by identity):
_LISTS: dict[str, tuple[tuple, list[Card], Page]] = {}


def _forget_unplanned(site: Site, pages: list[Page]) -> None:
    """Drop the pages kept for articles and lists that this plan no longer has."""
    for kept, planned in ((_LAST, {a.id for a in site.articles}),
                          (_LISTS, {p.path for p in pages})):
        for gone in kept.keys() - planned:
            del kept[gone]


def _cards(articles: list[Article], default_author: str) -> dict[str, tuple[Card, bytes]]:
    """Every article's card and its digest, the last plan's where its article is the same
    object. The digest is all that other pages show of an article (lists, neighbours and
    related links show its card or less): an edit that leaves it alone re-renders none."""
    global _CARDS
    made = {}
    for article in articles:
        last = _CARDS.get(article.id)
        if last and last[0] is article and last[1] == article.url and last[2] == default_author:
            made[article.id] = last
        else:
            made[article.id] = (article, article.url, default_author,
                                card(article, default_author), _card_digest(article,
                                                                            default_author))
    _CARDS = made
    return {key: entry[3:] for key, entry in made.items()}


def _card_digest(article: Article, default_author: str) -> bytes:
    """The hash of what `card()` makes its card from: as exact as hashing the card, and a
    plain tuple pickles several times faster than the card's records."""
    return hashlib.sha1(pickle.dumps((
        article.title, article.url, article.date, article.authors, article.tags,
        article.summary, article.reading_time, article.lang, default_author),
        protocol=5)).digest()


def _article_pages(site: Site, config: Config, cards: dict[str, Card],
                   shown: dict[int, tuple[str, bytes]]) -> Iterator[Page]:
    """`shown`: by article object, its id and card digest."""
    arts, token = site.articles, repr(config)
    around = [None, *(shown[id(a)] for a in arts), None]  # arts[i]'s is around[i + 1]
    for i, article in enumerate(arts):
        related = site.related.get(article.id, [])
        urls = link_urls(article, site)
        # Everything the page shows follows from these: its source (and where its image
        # is), its neighbours' cards, its related articles' and the URLs its links point at.
        inputs = (token, _ref(article), article.image, around[i], around[i + 2],
                  tuple([(shown.get(id(r.article)) or _ref(r.article), shown_score(r.score),
                          r.pinned) for r in related]), tuple(urls.items()))
        last = _LAST.get(article.id)
        if last and last[0] == inputs:
            yield last[1]
            continue
        newer, older = arts[i - 1] if i else None, arts[i + 1] if i + 1 < len(arts) else None
        page = Page(article.url, "article", article.title, template="article.html",
                    key_data=inputs, lang=article.lang, description=article.summary,
                    make_context=partial(_article_context, article, urls, cards[article.id],
                                         cards[newer.id] if newer else None,
                                         cards[older.id] if older else None, related,
                                         config.markdown.toc_min_headings))
        _LAST[article.id] = (inputs, page)
        yield page


def _article_context(article: Article, urls: dict[str, str], base: Card, newer: Card | None,
                     older: Card | None, related: list[RelatedLink],
                     toc_min: int) -> dict[str, Any]:
    """An article page's view: made of these alone (no Site), so that the pages a serve
    process keeps from plan to plan do not keep old sites alive."""
    return {"article": article_view(article, urls, base, toc_min), "newer": newer,
            "older": older, "related": related_views(related),
            "show_related": article.related is not False}


def _listing(cards: list[Card], size: int, base: str, kind: str, title: str,
             template: str, digests: dict[int, bytes], extra: dict[str, Any] | None = None,
             feed: str = "atom.xml") -> list[Page]:
    """The pages of one list. `digests`: card digests by card object, which key the pages
    (the cards themselves are many times slower to hash)."""
    pages = []
    for chunk, pagination in paginate(cards, size, base):
        path = base if not pagination or pagination.number == 1 else \
            f"{base}page/{pagination.number}/"
        shown = title if not pagination or pagination.number == 1 else \
            f"{title} (page {pagination.number})"
        made_of = (kind, shown, template, feed, extra, pagination)
        last = _LISTS.get(path)
        if last and last[0] == made_of and len(last[1]) == len(chunk) and \
                all(a is b for a, b in zip(last[1], chunk, strict=True)):
            pages.append(last[2])
            continue
        context = {**(extra or {}), "articles": chunk, "pagination": pagination}
        pages.append(Page(path, kind, shown, context, template=template, feed=feed,
                          key_data=(extra, pagination, [digests[id(c)] for c in chunk])))
        _LISTS[path] = (made_of, chunk, pages[-1])
    return pages


def _archive_pages(site: Site, config: Config,
                   cards_of: Callable[[list[Article]], list[Card]],
                   digests: dict[int, bytes]) -> list[Page]:
    dated = [a for a in site.articles if a.date]
    years: dict[int, dict[int, list[Article]]] = {}
    for article in dated:  # month 0: known only to the year, in no month's page
        month = 0 if precision(article.date) == "year" else article.date.month
        years.setdefault(article.date.year, {}).setdefault(month, []).append(article)
    tree = [{"year": y, "url": f"archive/{y}/", "count": sum(map(len, months.values())),
             "months": [{"month": m, "name": calendar.month_name[m],
                         "url": f"archive/{y}/{m:02d}/", "count": len(items)}
                        for m, items in months.items() if m]}
            for y, months in years.items()]
    common = {"years": tree}
    pages = [Page("archive/", "archive", "Archive",
                  {**common, "period": None, "articles": [], "pagination": None},
                  template="archive.html")]
    for year in tree:
        months = years[year["year"]]
        items = [a for m in months.values() for a in m]
        pages += _listing(cards_of(items), config.pagination.archive, year["url"], "archive",
                          str(year["year"]), "archive.html", digests,
                          {**common, "period": {"title": str(year["year"]), "url": year["url"]}})
        for month in year["months"]:
            title = f"{month['name']} {year['year']}"
            pages += _listing(cards_of(months[month["month"]]), config.pagination.archive,
                              month["url"], "archive", title, "archive.html", digests,
                              {**common, "period": {"title": title, "url": month["url"]}})
    return pages
