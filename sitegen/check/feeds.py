"""Atom feeds and sitemaps: parsed with line numbers, checked for their required elements."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from xml.parsers import expat

from sitegen.dates import parse_date

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITEMAP_MAX_URLS = 50_000  # the most one sitemap file may list (sitemaps.org)


@dataclass
class Node:
    """An XML element with the line it starts on (ElementTree does not keep lines)."""

    tag: str  # "{namespace}name", as ElementTree writes it
    attrs: dict[str, str]
    line: int
    children: list[Node] = field(default_factory=list)
    text: str = ""

    def all(self, tag: str) -> list[Node]:
        return [c for c in self.children if c.tag == tag]

    def descendants(self, tag: str) -> list[Node]:
        found = []
        for child in self.children:
            found += ([child] if child.tag == tag else []) + child.descendants(tag)
        return found


def parse_xml(data: bytes) -> Node:
    """The root element; raises expat.ExpatError (with .lineno) if not well-formed."""
    parser = expat.ParserCreate(namespace_separator="}")
    stack = [Node("", {}, 0)]

    def start(name: str, attrs: dict[str, str]) -> None:
        node = Node("{" + name if "}" in name else name, attrs, parser.CurrentLineNumber)
        stack[-1].children.append(node)
        stack.append(node)

    def text(data: str) -> None:
        stack[-1].text += data

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda _name: stack.pop()
    parser.CharacterDataHandler = text
    parser.Parse(data, True)
    return stack[0].children[0]


def feed_urls(root: Node) -> list[tuple[int, str]] | None:
    """(line, URL) of every link in a feed or sitemap; None for other XML."""
    if root.tag == ATOM + "feed":
        return [(n.line, n.attrs.get("href", "")) for n in root.descendants(ATOM + "link")]
    if root.tag in (SITEMAP + "urlset", SITEMAP + "sitemapindex"):
        return [(n.line, n.text.strip()) for n in root.descendants(SITEMAP + "loc")]
    return None


def xml_problems(root: Node) -> list[tuple[int, str]]:
    if root.tag == ATOM + "feed":
        return atom_problems(root)
    if root.tag in (SITEMAP + "urlset", SITEMAP + "sitemapindex"):
        return sitemap_problems(root)
    return []


def atom_problems(feed: Node) -> list[tuple[int, str]]:
    """RFC 4287's required elements: id, title and updated on the feed and every entry,
    an author on the feed or on every entry, and a link or content on every entry."""
    found = _exactly_one(feed, ("id", "title", "updated"), "feed")
    entries = feed.all(ATOM + "entry")
    for entry in entries:
        found += _exactly_one(entry, ("id", "title", "updated"), "entry")
        alternates = [n for n in entry.all(ATOM + "link")
                      if n.attrs.get("rel", "alternate") == "alternate"]
        if not alternates and not entry.all(ATOM + "content"):
            found.append((entry.line, 'entry has neither <link rel="alternate"> nor <content>'))
    if not feed.all(ATOM + "author") and any(not e.all(ATOM + "author") for e in entries):
        found.append((feed.line, "feed has no <author> and some entries have none "
                                 "(set author in sitegen.toml)"))
    for node in feed.descendants(ATOM + "updated") + feed.descendants(ATOM + "published"):
        if not is_datetime(node.text.strip(), zoned=True):
            found.append((node.line, f"not an RFC 3339 date-time: {node.text.strip()!r}"))
    return found


def _exactly_one(node: Node, names: tuple[str, ...], what: str) -> list[tuple[int, str]]:
    counts = {name: len(node.all(ATOM + name)) for name in names}
    return [(node.line, f"{what} has {count or 'no'} <{name}> (needs exactly one)")
            for name, count in counts.items() if count != 1]


def sitemap_problems(root: Node) -> list[tuple[int, str]]:
    """Every <url> (or <sitemap>) has one <loc> and valid <lastmod>s; at most 50,000."""
    item = "url" if root.tag.endswith("urlset") else "sitemap"
    items = root.all(SITEMAP + item)
    found = [(root.line, f"{len(items)} URLs; a sitemap may list at most {SITEMAP_MAX_URLS}")
             ] if len(items) > SITEMAP_MAX_URLS else []
    for node in items:
        if len(node.all(SITEMAP + "loc")) != 1:
            found.append((node.line, f"<{item}> needs exactly one <loc>"))
        for lastmod in node.all(SITEMAP + "lastmod"):
            if not is_datetime(lastmod.text.strip(), zoned=False):
                found.append((lastmod.line, f"bad <lastmod> date: {lastmod.text.strip()!r}"))
    return found


def is_datetime(text: str, zoned: bool) -> bool:
    """An RFC 3339 date-time with its zone (`zoned`, as Atom wants), else also a plain
    date, month or year (W3C Datetime, as sitemaps allow: 2024-05-31, 2024-05, 2024)."""
    try:
        if not zoned and "T" not in text:
            parse_date(text)
            return True
        value = datetime.fromisoformat(text)
    except ValueError:
        return False
    return "T" in text and value.tzinfo is not None
