"""Site paths and the links between them.

A *site path* is where a page lives relative to the site root, without a leading slash:
"" (home), "my-slug/", "tags/python/", "404.html". Links between pages are relative by
default, which makes one output work under any sub-path and straight from disk.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from functools import cache, lru_cache
from urllib.parse import quote

_SAFE = "/#?=&%.-_~"


def quote_path(path: str) -> str:
    """`path` as it may stand in an href: spaces and other unsafe characters escaped."""
    return quote(path, safe=_SAFE)


def content_path(source: str, address: str) -> str:
    """What a relative `address` written in the content file `source` names, as a path in
    the content folder: ("trips/alps.md", "../img/a.png") -> "img/a.png". It starts with
    "../" when the address climbs out of the folder."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), address))


def output_file(path: str) -> str:
    """The file that serves a site path: "a/" -> "a/index.html", "atom.xml" -> itself."""
    return path + "index.html" if path.endswith("/") or path == "" else path


def relative_url(from_path: str, to_path: str) -> str:
    """Link from the page at `from_path` to `to_path`, e.g. ("a/b/", "c/") -> "../../c/"."""
    return links_from(from_path)(to_path)


def links_from(from_path: str) -> Callable[[str], str]:
    """`relative_url` from one page. Each link is worked out once per folder depth: every
    page links to home, the archive, the assets..., and every list page to its articles."""
    from_dir = from_path if from_path.endswith("/") or not from_path else \
        posixpath.dirname(from_path) + "/"
    return _links_at_depth(from_dir.count("/") if from_dir != "/" else 0)


@cache
def _links_at_depth(depth: int) -> Callable[[str], str]:
    up = "../" * depth

    @lru_cache(maxsize=1 << 16)
    def link(to_path: str) -> str:
        return quote_path(up + to_path) or "./"
    return link


def absolute_url(base_url: str, path: str) -> str:
    """`path` under `base_url`; just "/" + path when the site has no base_url."""
    if not base_url:
        return "/" + quote_path(path)
    return base_url.rstrip("/") + "/" + quote_path(path)


def permalink(pattern: str, slug: str, year: str, month: str, day: str, lang: str) -> str:
    """A site path from the permalink pattern; always ends with "/" (pretty URLs)."""
    path = pattern.format(slug=slug, year=year, month=month, day=day, lang=lang).strip("/")
    return posixpath.normpath(path) + "/"
