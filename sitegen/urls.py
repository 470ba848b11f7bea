"""Site paths and the links between them.

A *site path* is where a page lives relative to the site root, without a leading slash:
"" (home), "my-slug/", "tags/python/", "404.html". Links between pages are relative by
default, which makes one output work under any sub-path and straight from disk.
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote


def output_file(path: str) -> str:
    """The file that serves a site path: "a/" -> "a/index.html", "atom.xml" -> itself."""
    return path + "index.html" if path.endswith("/") or path == "" else path


def relative_url(from_path: str, to_path: str) -> str:
    """Link from the page at `from_path` to `to_path`, e.g. ("a/b/", "c/") -> "../../c/"."""
    from_dir = from_path if from_path.endswith("/") or not from_path else \
        posixpath.dirname(from_path) + "/"
    depth = from_dir.count("/") if from_dir != "/" else 0
    return quote("../" * depth + to_path, safe="/#?=&%.-_~") or "./"


def absolute_url(base_url: str, path: str) -> str:
    """`path` under `base_url`; just "/" + path when the site has no base_url."""
    if not base_url:
        return "/" + quote(path, safe="/#?=&%.-_~")
    return base_url.rstrip("/") + "/" + quote(path, safe="/#?=&%.-_~")


def permalink(pattern: str, slug: str, year: str, month: str, day: str, lang: str) -> str:
    """A site path from the permalink pattern; always ends with "/" (pretty URLs)."""
    path = pattern.format(slug=slug, year=year, month=month, day=day, lang=lang).strip("/")
    return posixpath.normpath(path) + "/"
