"""trafilatura's XML article body as Markdown, every piece checked to read as its text.

trafilatura selects the main text best when it is asked for plain text: asked to keep
formatting and links, it sees a slightly different page and picks slightly different
blocks. So the page is extracted twice. The plain body decides *what* is kept; the rich
body (bold, italics, links) lends its markup to each plain block whose text it repeats.
Every paragraph, heading, list item and table cell is then rendered, parsed back with the
Markdown features sitegen renders, and kept only if a reader would see exactly its text;
otherwise it falls back to escaped plain text. So no markup trick of a page, and no corner
of Markdown's emphasis rules, can hide, add or garble a word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from difflib import SequenceMatcher
from html import unescape
from urllib.parse import quote, urlsplit

from lxml.etree import _Element
from markdown_it import MarkdownIt
from markdown_it.token import Token

from sitegen.importer.page import escape_inline, escape_line_starts, escape_text

_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])  # what sitegen renders
_BLOCKS = frozenset({"p", "head", "list", "quote", "code", "table", "div"})
_WRAP = {"#b": "**", "#i": "*", "#u": "", "#sub": "", "#sup": "", "": "", "del": "~~"}
_EDGE_BREAKS = re.compile(r"^(?:\\\n|\s)+|(?:\\\n|\s)+$")
_SPACE = re.compile(r"\s+")
_HEADING = re.compile(r"h[1-6]")
_SAFE_URL = ":/?#[]@!$&'*+,;=%~-._"
_SCHEMES = ("http", "https", "mailto", "")


def body_markdown(plain: _Element, rich: _Element | None = None) -> str:
    """The Markdown of `plain`'s blocks, with `rich`'s markup where its blocks match."""
    pieces = [_checked([_text_part(plain.text)])]
    for element in aligned_blocks(plain, rich):
        pieces += [_block(element), _checked([_text_part(element.tail)])]
    return unicodedata.normalize("NFC", "\n\n".join(p for p in pieces if p))


def aligned_blocks(plain: _Element, rich: _Element | None) -> list[_Element]:
    """`plain`'s top-level blocks, each replaced by the block of `rich` with the same text."""
    ours, theirs = list(plain), list(rich) if rich is not None else []
    matcher = SequenceMatcher(None, [block_key(e) for e in ours], [block_key(e) for e in theirs],
                              autojunk=False)
    blocks = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        blocks.extend(theirs[j1:j2] if tag == "equal" else ours[i1:i2])
    return blocks


def block_key(element: _Element) -> str:
    """A block's words and the loose text after it, to tell whether two blocks say the same."""
    words = "".join(element.itertext()) + (element.tail or "")
    return _squash(unicodedata.normalize("NFC", words))


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _clean(text: str | None) -> str:
    """Text as trafilatura's plain output has it: entities decoded, invisible characters gone."""
    text = unescape(text) if text else ""
    if text.isprintable():
        return text
    return "".join(c for c in text if c.isprintable() or c.isspace())


# --- blocks ----------------------------------------------------------------------------

def _block(element: _Element) -> str:
    if element.tag == "head":
        rend = element.get("rend", "")
        level = int(rend[1]) if _HEADING.fullmatch(rend) else 2
        heading = _inline(element)
        return f"{'#' * level} {heading}" if heading else ""
    if element.tag == "list":
        return "\n".join(_list_lines(element))
    if element.tag == "quote":
        inner = _container(element)
        return "\n".join(f"> {line}".rstrip() for line in inner.split("\n")) if inner else ""
    if element.tag == "code":
        return _fenced("".join(_code_text(element)))
    if element.tag == "table":
        return _table(element)
    return _container(element)


def _container(element: _Element) -> str:
    """A block that may hold other blocks: its loose inline runs become paragraphs."""
    pieces, parts = [], [_text_part(element.text)]
    for child in element:
        if child.tag in _BLOCKS:
            pieces += [_checked(parts), _block(child)]
            parts = []
        else:
            parts.append(_child_part(child))
        parts.append(_text_part(child.tail))
    pieces.append(_checked(parts))
    return "\n\n".join(p for p in pieces if p)


def _list_lines(element: _Element, indent: str = "") -> Iterator[str]:
    ordered = element.get("rend") == "ol"
    for number, item in enumerate(element.iterchildren("item"), 1):
        marker = f"{number}." if ordered else "-"
        yield f"{indent}{marker} {_inline(item, skip='list')}".rstrip()
        for sub in item.iterchildren("list"):
            yield from _list_lines(sub, indent + " " * (len(marker) + 1))


def _table(element: _Element) -> str:
    rows = [[_inline(cell) for cell in row.iterchildren("cell")]
            for row in element.iterchildren("row")]
    rows = [row for row in rows if row]
    if not rows:
        return _inline(element)
    width = max(len(row) for row in rows)
    lines = [f"| {' | '.join(row + [''] * (width - len(row)))} |" for row in rows]
    return "\n".join([lines[0], f"|{'---|' * width}", *lines[1:]])


def _code_text(element: _Element) -> Iterator[str]:
    yield _clean(element.text)
    for child in element:
        yield "\n" if child.tag == "lb" else "".join(_code_text(child))
        yield _clean(child.tail)


def _longest_backticks(text: str) -> int:
    return max((len(run) for run in re.findall(r"`+", text)), default=0)


def _fenced(code: str) -> str:
    code = code.strip("\n")
    if not code.strip():
        return ""
    fence = "`" * max(3, _longest_backticks(code) + 1)
    return f"{fence}\n{code}\n{fence}"


# --- inline content ---------------------------------------------------------------------

def _inline(element: _Element, skip: str = "") -> str:
    """An element's inline content as checked Markdown on one line."""
    parts = [_text_part(element.text)]
    for child in element:
        if child.tag != skip:
            parts.append(_child_part(child))
        parts.append(_text_part(child.tail))
    return _checked(parts, one_line=True)


def _checked(parts: list[tuple[str, str]], one_line: bool = False) -> str:
    """The parts' Markdown if it parses as one paragraph showing exactly their text.

    Otherwise the text, escaped: a reader never loses, gains or sees garbled words.
    """
    markdown, text = "".join(m for m, _ in parts), _squash("".join(t for _, t in parts))
    if one_line:
        markdown = markdown.replace("\\\n", " ").replace("\n", " ")
    markdown = escape_line_starts(_EDGE_BREAKS.sub("", markdown))
    if not text:
        return ""
    tokens = _MD.parse(markdown)
    shape = [t.type for t in tokens]
    if shape == ["paragraph_open", "inline", "paragraph_close"] and _visible(tokens[1]) == text:
        return markdown
    return escape_text(text)


def _visible(inline: Token) -> str:
    return _squash("".join(
        c.content if c.type in ("text", "code_inline") else " " if c.type.endswith("break") else ""
        for c in inline.children or []))


def _text_part(text: str | None) -> tuple[str, str]:
    text = _clean(text)
    return escape_inline(text), text


def _child_part(child: _Element) -> tuple[str, str]:
    if child.tag == "lb":
        return "\\\n", "\n"
    if child.tag == "graphic":
        return "", ""
    parts = [_text_part(child.text)]
    for grandchild in child:
        parts += [_child_part(grandchild), _text_part(grandchild.tail)]
    markdown, text = "".join(m for m, _ in parts), "".join(t for _, t in parts)
    if child.tag == "ref":
        return _link(markdown, text, child.get("target", "")), text
    if child.tag == "code" or child.get("rend") == "#t":
        return _code_span(text), text
    marker = _WRAP.get(child.get("rend", "") if child.tag == "hi" else child.tag)
    if marker is None:  # a stray block inside a line: keep its words apart from the rest
        return f" {markdown} ", f" {text} "
    return _wrap(markdown, marker), text


def _wrap(markdown: str, marker: str) -> str:
    return _enclose(markdown, marker, marker) if marker and markdown.strip() else markdown


def _enclose(markdown: str, before: str, after: str) -> str:
    """`markdown` between `before` and `after`, its outer spaces outside (CommonMark needs it)."""
    core = markdown.strip()
    lead, trail = markdown[:markdown.index(core)], markdown[markdown.index(core) + len(core):]
    return f"{lead}{before}{core}{after}{trail}"


def _code_span(text: str) -> str:
    text = _squash(text)
    if not text:
        return ""
    ticks = "`" * (_longest_backticks(text) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _link(markdown: str, text: str, target: str) -> str:
    """A link, when its target is a web, mail or relative address; else just its text."""
    core = markdown.strip()
    if not core or not text.strip() or _scheme(target) not in _SCHEMES or "](" in core:
        return markdown
    return _enclose(markdown, "[", f"]({quote(target, safe=_SAFE_URL)})")


def _scheme(target: str) -> str | None:
    try:
        return urlsplit(target).scheme.lower() if target else None
    except ValueError:  # not a URL at all
        return None
