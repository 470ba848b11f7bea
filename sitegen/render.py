"""Render one planned page to bytes: a template with its view and the link helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from sitegen.config import Config
from sitegen.pages import Page
from sitegen.templates import Templates
from sitegen.urls import absolute_url, links_from


@dataclass(frozen=True)
class SiteView:
    title: str
    description: str
    language: str
    author: str
    base_url: str
    extra: dict[str, Any]
    search: bool = True  # whether the site has a search index (pages load search.js)
    feed: str = "atom.xml"


@dataclass(frozen=True)
class PageView:
    kind: str
    path: str
    title: str
    description: str
    canonical: str
    lang: str
    feed: str


def site_view(config: Config) -> SiteView:
    return SiteView(config.title, config.description, config.language, config.author,
                    config.base_url, config.extra, config.search.enabled)


@cache
def absolute_links(base_url: str) -> Callable[[str], str]:
    """`abs_url` of a site with a base_url, memoized like `url`: every article page links
    its own address twice and each author's page (Open Graph, JSON-LD), and quoting is slow."""
    @lru_cache(maxsize=1 << 16)
    def abs_url(path: str) -> str:
        return absolute_url(base_url, path)
    return abs_url


def render_page(page: Page, templates: Templates, config: Config, inject_html: str = "") -> bytes:
    """The page's bytes; template errors raise a TemplateProblem naming file and line."""
    if page.produce is not None:
        return page.produce()
    # The 404 page is served at any depth, so its links are rooted at the site's path.
    if page.kind == "404" and config.base_url:
        def link(path: str) -> str:
            return config.base_path + path
    else:
        link = links_from(page.path)
    view = PageView(page.kind, page.path, page.title, page.description or config.description,
                    absolute_url(config.base_url, page.path) if config.base_url else "",
                    page.lang or config.language, page.feed)
    html = templates.render(page.template, page.view(), site=site_view(config), page=view,
                            url=link, asset=link, abs_url=absolute_links(config.base_url)
                            if config.base_url else link)
    if inject_html:
        head, sep, tail = html.rpartition("</body>")
        html = head + inject_html + sep + tail if sep else html + inject_html
    return html.encode()
