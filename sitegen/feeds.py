"""Atom feeds, sitemap.xml and robots.txt: formats that need absolute URLs and exact XML,
so they are written in code rather than templates."""

from __future__ import annotations

from datetime import UTC, datetime
from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr

from sitegen.check.feeds import SITEMAP_MAX_URLS
from sitegen.config import Config
from sitegen.content import CONTROLS
from sitegen.model import Article
from sitegen.pages import Page
from sitegen.urls import absolute_url
from sitegen.views import link_urls, resolve_links

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def escape(text: str) -> str:
    """Text for XML: escaped, and without the control characters XML does not allow
    (content loses them when loaded, but a front matter or config escape can make one)."""
    return _escape(CONTROLS.sub("", text))


def _stamp(article: Article) -> datetime:
    return article.updated or article.date or _EPOCH


def atom_feed(config: Config, articles: list[Article], path: str, title: str,
              html_of: dict[str, str]) -> bytes:
    """An Atom 1.0 feed of the newest entries; `updated` comes from the entries, not the clock."""
    entries = articles[: config.feed.entries]
    updated = max((_stamp(a) for a in entries), default=_EPOCH)
    home = absolute_url(config.base_url, "")
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(config.language)}>',
             f"  <title>{escape(title)}</title>",
             f"  <id>{escape(absolute_url(config.base_url, path))}</id>",
             f'  <link rel="self" href={quoteattr(absolute_url(config.base_url, path))}/>',
             f'  <link rel="alternate" type="text/html" href={quoteattr(home)}/>',
             f"  <updated>{updated.isoformat()}</updated>"]
    # RFC 4287 wants an author on the feed unless every entry has one: fall back to the site.
    lines.append(f"  <author><name>{escape(config.author or config.title)}</name></author>")
    lines += [_entry(config, a, html_of.get(a.id, "")) for a in entries]
    lines.append("</feed>\n")
    return "\n".join(lines).encode()


def _entry(config: Config, article: Article, html: str) -> str:
    url = absolute_url(config.base_url, article.url)
    parts = ["  <entry>", f"    <title>{escape(article.title)}</title>",
             f'    <link rel="alternate" type="text/html" href={quoteattr(url)}/>',
             f"    <id>{escape(url)}</id>",
             f"    <updated>{_stamp(article).isoformat()}</updated>"]
    if article.date:
        parts.append(f"    <published>{article.date.isoformat()}</published>")
    parts += [f"    <author><name>{escape(name)}</name></author>" for name in article.authors]
    parts += [f"    <category term={quoteattr(tag)}/>" for tag in article.tags]
    parts.append(f"    <summary>{escape(article.summary)}</summary>")
    if html:
        parts.append(f'    <content type="html" xml:base={quoteattr(url)}>{escape(html)}</content>')
    parts.append("  </entry>")
    return "\n".join(parts)


def sitemap(config: Config, pages: list[Page], dates: dict[str, datetime]) -> bytes:
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for page in pages:
        lines.append(f"  <url><loc>{escape(absolute_url(config.base_url, page.path))}</loc>")
        if page.path in dates:  # a day, even of a date known only to the year: crawlers
            lines.append(f"    <lastmod>{dates[page.path].date().isoformat()}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>\n")
    return "\n".join(lines).encode()


def sitemap_index(config: Config, names: list[str]) -> bytes:
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <sitemap><loc>{escape(absolute_url(config.base_url, name))}</loc></sitemap>"
              for name in names]
    lines.append("</sitemapindex>\n")
    return "\n".join(lines).encode()


def sitemap_pages(config: Config, listed: list[Page], dates: dict[str, datetime]) -> list[Page]:
    """sitemap.xml; on a site of more pages than one sitemap may list, an index of
    sitemap-1.xml, sitemap-2.xml... (robots.txt names sitemap.xml either way)."""
    def page(name: str, part: list[Page]) -> Page:
        return Page(name, "sitemap", "", key_data=[(p.path, dates.get(p.path)) for p in part],
                    produce=lambda: sitemap(config, part, dates))
    if len(listed) <= SITEMAP_MAX_URLS:
        return [page("sitemap.xml", listed)]
    parts = [listed[i:i + SITEMAP_MAX_URLS] for i in range(0, len(listed), SITEMAP_MAX_URLS)]
    names = [f"sitemap-{n}.xml" for n in range(1, len(parts) + 1)]
    return [Page("sitemap.xml", "sitemap", "", key_data=names,
                 produce=lambda: sitemap_index(config, names)),
            *(page(name, part) for name, part in zip(names, parts, strict=True))]


def robots(config: Config) -> bytes:
    return f"User-agent: *\nAllow: /\nSitemap: {absolute_url(config.base_url, 'sitemap.xml')}\n" \
        .encode()


def feed_pages(site, config: Config, html_pages: list[Page]) -> list[Page]:
    """Pages for the feeds, the sitemap and robots.txt, keyed on exactly what they show."""
    def feed_html(articles: list[Article]) -> dict[str, str]:
        shown = articles[: config.feed.entries] if config.feed.full_content else []
        return {a.id: resolve_links(a, link_urls(a, site)) for a in shown}

    def feed_key(articles: list[Article]):
        shown = articles[: config.feed.entries]
        return [(a.url, a.title, a.content_hash, a.summary) for a in shown]

    out = [Page("atom.xml", "feed", config.title, key_data=feed_key(site.articles),
                produce=lambda: atom_feed(config, site.articles, "atom.xml", config.title,
                                          feed_html(site.articles)))]
    for term in site.tags:
        path, title = term.url + "atom.xml", f"{config.title}: {term.name}"
        out.append(Page(path, "feed", title, key_data=feed_key(term.articles),
                        produce=lambda t=term, p=path, ti=title: atom_feed(
                            config, t.articles, p, ti, feed_html(t.articles))))
    listed = [p for p in html_pages if p.kind != "404"]
    dates = {a.url: _stamp(a) for a in site.articles}
    out += sitemap_pages(config, listed, dates)
    out.append(Page("robots.txt", "robots", "", key_data=config.base_url,
                    produce=lambda: robots(config)))
    return out
