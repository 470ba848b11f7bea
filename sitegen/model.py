"""The site model: plain dataclasses that every later stage reads and none rewrites."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sitegen.markdown import Heading, MdLink


@dataclass(eq=False)  # identity, not field-by-field comparison of whole texts
class Article:
    """One Markdown file of content/, parsed and rendered; `url` is set by the site model."""

    path: Path  # the source file
    rel_path: str  # posix path relative to the content folder
    title: str
    body_line: int  # file line where the Markdown body starts
    date: datetime | None = None  # always timezone-aware
    updated: datetime | None = None
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    summary: str = ""
    lang: str = "en"
    source_url: str = ""
    publisher: str = ""
    image: str = ""
    draft: bool = False
    slug: str = ""
    related: list[str] | bool = True  # True: computed; False: hidden; list: pinned slugs first
    extra: dict[str, Any] = field(default_factory=dict)  # unknown front matter keys
    html: str = ""  # body HTML; links to .md files are placeholders (see markdown.py)
    text: str = ""  # plain text of the body, for search, related posts and counts
    toc: list[Heading] = field(default_factory=list)
    links: list[MdLink] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # other files of content/ linked
    word_count: int = 0
    content_hash: str = ""  # of the whole source file
    url: str = ""  # site-relative, e.g. "my-article/"

    @property
    def reading_time(self) -> int:
        """Minutes, at 230 words a minute, never less than one."""
        return max(1, round(self.word_count / 230))

    @property
    def id(self) -> str:
        return self.rel_path


@dataclass
class Term:
    """A tag or an author: a name with a page listing its articles, newest first."""

    name: str
    slug: str
    url: str
    articles: list[Article] = field(default_factory=list)


@dataclass
class Site:
    """Everything the renderer needs; built once per build from the loaded articles."""

    articles: list[Article]  # published, newest first
    tags: list[Term]
    authors: list[Term]
    by_path: dict[str, Article]  # rel_path -> article, for resolving .md links
    by_slug: dict[str, Article]
    related: dict[str, list[RelatedLink]] = field(default_factory=dict)  # by article id
    files: set[str] = field(default_factory=set)  # other files of content/, copied as they are


@dataclass(frozen=True)
class RelatedLink:
    """One entry of an article's related list, as templates see it."""

    article: Article
    score: float
    pinned: bool = False
