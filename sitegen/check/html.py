"""Scan one built HTML page: its anchors, the URLs it uses, and what is wrong inside it."""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

# Element -> attributes holding a URL the page loads (an asset) or a reader follows (a link).
ASSET_ATTRS = {"img": ("src", "srcset"), "source": ("src", "srcset"), "script": ("src",),
               "video": ("src", "poster"), "audio": ("src",), "track": ("src",),
               "iframe": ("src",), "embed": ("src",), "object": ("data",), "input": ("src",)}
LINK_ATTRS = {"a": ("href",), "area": ("href",), "form": ("action",)}
PAGE_RELS = {"canonical", "alternate", "prev", "next"}  # <link> to a page, not an asset
ORIGIN_RELS = {"preconnect", "dns-prefetch"}  # <link> to a host, not to a file
PARALLEL_MIN_PAGES = 200  # below this, forking workers costs more than it saves


@dataclass(frozen=True)
class Ref:
    """A URL in a page: its line and whether the page loads it or a reader follows it."""

    url: str
    line: int
    asset: bool


@dataclass
class PageScan:
    ids: set[str] = field(default_factory=set)  # anchor targets: id and <a name>
    refs: list[Ref] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, message)


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = PageScan()
        self.id_lines: dict[str, int] = {}
        self.title: str | None = None  # text of the page's <title>; None when there is none
        self.in_title = False
        self.svg_depth = 0  # an SVG's <title> is not the page's

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values = {name: value or "" for name, value in attrs}
        self._anchor(tag, values, line)
        if tag == "svg":
            self.svg_depth += 1
        elif tag == "title" and not self.svg_depth:
            self.in_title, self.title = True, self.title or ""
        elif tag == "img" and "alt" not in values:
            self.scan.problems.append(
                (line, 'image without alt text (alt="" marks a decorative one)'))
        self._refs(tag, values, line)

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self.svg_depth = max(0, self.svg_depth - 1)
        elif tag == "title":
            self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title = (self.title or "") + data

    def _anchor(self, tag: str, values: dict[str, str], line: int) -> None:
        ident = values.get("id")
        if ident is not None:
            if ident in self.id_lines:
                self.scan.problems.append(
                    (line, f"duplicate id {ident!r} (first at line {self.id_lines[ident]})"))
            self.id_lines.setdefault(ident, line)
            self.scan.ids.add(ident)
        if tag == "a" and values.get("name"):
            self.scan.ids.add(values["name"])

    def _refs(self, tag: str, values: dict[str, str], line: int) -> None:
        if tag == "link":
            rels = set(values.get("rel", "").lower().split())
            if "href" in values and not rels & ORIGIN_RELS:
                self.scan.refs.append(Ref(values["href"], line, not rels & PAGE_RELS))
            return
        for asset, table in ((True, ASSET_ATTRS), (False, LINK_ATTRS)):
            for attr in table.get(tag, ()):
                if attr in values:
                    urls = srcset_urls(values[attr]) if attr == "srcset" else [values[attr]]
                    self.scan.refs += [Ref(url, line, asset) for url in urls]


def scan_page(text: str) -> PageScan:
    parser = _Scanner()
    parser.feed(text)
    parser.close()
    if not (parser.title or "").strip():
        parser.scan.problems.append(
            (1, "page has no <title>" if parser.title is None else "page has an empty <title>"))
    return parser.scan


def srcset_urls(value: str) -> list[str]:
    """The URLs of a srcset ("a.jpg 1x, b.jpg 2x"), without their descriptors."""
    return [c.split()[0] for c in value.split(",") if c.strip()]


def _scan_file(path: str) -> PageScan:
    return scan_page(Path(path).read_text(encoding="utf-8", errors="replace"))


def scan_files(root: Path, rels: list[str]) -> dict[str, PageScan]:
    """Scan the pages `rels` under `root`, on every core when there are many (html.parser
    reads a few MB/s, and a large site is hundreds of MB)."""
    paths = [str(root / rel) for rel in rels]
    jobs = os.cpu_count() or 1
    if jobs > 1 and len(paths) >= PARALLEL_MIN_PAGES:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            return dict(zip(rels, pool.map(_scan_file, paths, chunksize=32), strict=True))
    return {rel: _scan_file(path) for rel, path in zip(rels, paths, strict=True)}
