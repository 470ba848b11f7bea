"""Where a URL found in a built file points: a path in the site, an outside URL, or nowhere.

Relative links resolve against the file's folder, root-relative ones against the path of
base_url, and absolute ones under base_url (canonical links, feeds, sitemap) count as
the site's own, so they are checked against the output folder too.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True)
class Target:
    """All fields empty: nothing to check (mailto:, tel:, data: ...)."""

    path: str | None = None  # site path, e.g. "tags/python/", "atom.xml", "" (home)
    fragment: str = ""
    external: str = ""  # an http(s) URL elsewhere, without its fragment
    error: str = ""  # why the URL can never work


def resolve(url: str, page: str, base_url: str) -> Target:
    """Resolve `url` as written in the output file `page` (e.g. "alpha/index.html")."""
    url = url.strip().replace("\t", "").replace("\n", "").replace("\r", "")  # as browsers do
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "javascript":
        return Target(error="javascript: link (use a real URL or a button)")
    if scheme == "sitegen-md":
        return Target(error="link to a Markdown file that is not an article")
    if scheme not in ("", "http", "https"):
        return Target()
    if scheme or parts.netloc:
        path = _under_base(parts.netloc, parts.path, base_url)
        if path is None:
            whole = url.split("#", 1)[0]
            return Target(external=whole if scheme else "https:" + whole)
    elif parts.path.startswith("/"):
        base_path = base_path_of(base_url)
        if not (parts.path + "/").startswith(base_path):
            return Target(error=f"link outside the site's base path {base_path}")
        path = parts.path[len(base_path):]
    else:
        path = posixpath.join(posixpath.dirname(page), parts.path) if parts.path else page
    path = unquote(path)
    norm = posixpath.normpath(path) if path else "."
    if norm == ".." or norm.startswith("../"):
        return Target(error="link to a file outside the site")
    norm = "" if norm == "." else norm
    return Target(norm + "/" if norm and path.endswith("/") else norm, parts.fragment)


def base_path_of(base_url: str) -> str:
    """"/sub/" for https://example.org/sub/; "/" when there is no base_url."""
    path = urlsplit(base_url).path if base_url else "/"
    return path if path.endswith("/") else path + "/"


def _under_base(netloc: str, path: str, base_url: str) -> str | None:
    """The rest of an absolute URL's path when it is under `base_url`, else None."""
    if not base_url or netloc.lower() != urlsplit(base_url).netloc.lower():
        return None
    base_path = base_path_of(base_url)
    return path[len(base_path):] if (path + "/").startswith(base_path) else None
