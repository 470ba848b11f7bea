"""From loaded articles to the site model: URLs, order, tags, authors, and the checks
that need every article at once (duplicate slugs, links and pins to missing articles)."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

from sitegen.config import Config
from sitegen.dates import precision
from sitegen.errors import Problem
from sitegen.model import Article, Site, Term
from sitegen.slugs import slugify
from sitegen.urls import content_path, permalink

_NO_DATE = datetime.min.replace(tzinfo=UTC)


def default_slug(article: Article) -> str:
    """Front matter `slug`, else the file name (stable when the title is edited)."""
    if article.slug:
        return slugify(article.slug)
    parts = article.rel_path.rsplit("/", 2)
    stem = parts[-1].rsplit(".", 1)[0]
    return slugify(parts[-2] if stem == "index" and len(parts) > 1 else stem)


def _date_parts(d: datetime | None) -> tuple[str, str, str]:
    """{year}, {month} and {day} of a permalink: "00" for what the date does not say."""
    if d is None:
        return "undated", "00", "00"
    known = precision(d)
    return (f"{d.year:04d}", "00" if known == "year" else f"{d.month:02d}",
            f"{d.day:02d}" if known == "day" else "00")


def term_url(section: str, name: str) -> str:
    """Site path of a tag's or author's page: names that slugify alike share it."""
    return f"{section}/{slugify(name)}/"


def newest_first(articles: list[Article]) -> list[Article]:
    """Newest first; undated articles last; ties broken by path so order is stable."""
    by_path = sorted(articles, key=lambda a: a.rel_path)
    return sorted(by_path, key=lambda a: a.date or _NO_DATE, reverse=True)


def build_site_model(articles: list[Article], config: Config,
                     drafts: bool = False) -> tuple[Site, list[Problem]]:
    """Assign URLs and group articles; returns the problems instead of stopping at one."""
    problems: list[Problem] = []
    published = [a for a in articles if drafts or not a.draft]
    by_slug: dict[str, Article] = {}
    by_url: dict[str, Article] = {}
    for article in sorted(published, key=lambda a: a.rel_path):
        article.slug = default_slug(article)
        article.url = permalink(config.permalink, article.slug, *_date_parts(article.date),
                                article.lang)
        other = by_slug.get(article.slug) or by_url.get(article.url)
        if other:  # one problem: a slug taken is, but for odd permalinks, a URL taken
            what = f"slug {article.slug!r}" if other.slug == article.slug else \
                f"URL {article.url!r}"
            problems.append(Problem(article.path, 1, f"duplicate {what}: {other.rel_path} "
                                    "has it too; set 'slug:' in one"))
        by_slug.setdefault(article.slug, article)
        by_url.setdefault(article.url, article)
    by_path = {a.rel_path: a for a in published}
    drafts_by_path = {a.rel_path for a in articles if a.draft}
    for article in published:
        problems.extend(_link_problems(article, by_path, drafts_by_path))
        if isinstance(article.related, list):
            problems.extend(Problem(article.path, None, f"related: no article has the slug {s!r}")
                            for s in article.related if s not in by_slug)
    ordered = newest_first(published)
    site = Site(articles=ordered, tags=_terms(ordered, lambda a: a.tags, "tags"),
                authors=_terms(ordered, lambda a: a.authors or
                               ([config.author] if config.author else []), "authors"),
                by_path=by_path, by_slug=by_slug)
    return site, problems


def place_images(site: Site) -> None:
    """A relative `image:` names a file beside the article, as a Markdown image does, when
    the content folder has one there (see Site.files); otherwise it is site-relative."""
    for article in site.articles:
        image = article.image
        if image and "://" not in image and not image.startswith("/"):
            beside = content_path(article.rel_path, image)
            article.image = beside if beside in site.files else image


def used_files(site: Site) -> set[str]:
    """The files of content/ that published articles show or link to: only these are
    copied, so that notes or raw pages kept beside the articles are not published."""
    return {f for a in site.articles for f in (*a.files, a.image) if f in site.files}


def _link_problems(article: Article, by_path: dict[str, Article],
                   drafts: set[str]) -> list[Problem]:
    found = []
    for link in article.links:
        if link.target in by_path:
            continue
        why = "is a draft" if link.target in drafts else "does not exist"
        found.append(Problem(article.path, link.line,
                             f"link to a missing article: {link.target} {why}"))
    return found


def _terms(articles: list[Article], names, section: str) -> list[Term]:
    """Tags or authors; names that slugify alike are one term (the first spelling wins)."""
    terms: dict[str, Term] = {}
    members: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        for name in names(article):  # one name a page: see content._one_per_page
            slug = slugify(name)
            terms.setdefault(slug, Term(name=name, slug=slug, url=term_url(section, name)))
            members[slug].append(article)
    for slug, term in terms.items():
        term.articles = members[slug]
    return sorted(terms.values(), key=lambda t: (t.name.casefold(), t.slug))
