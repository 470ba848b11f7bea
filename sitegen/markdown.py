"""Markdown to HTML with markdown-it-py: one parse gives the HTML, the outline and the text.

Links to other `.md` files cannot be resolved here (that needs every article's URL), so
they are written as `sitegen-md:` placeholders that the renderer swaps for real links.
That keeps a rendered body a pure function of its own source, so it can be cached.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import quote, unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin
from pygments import highlight as pygments_highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from sitegen.slugs import slugify

MD_LINK_SCHEME = "sitegen-md:"
MD_LINK_RE = re.compile(r'href="sitegen-md:([^"#]*)(#[^"]*)?"')
_QUOTES = {"uk": "«»„“", "ru": "«»„“", "de": "„“‚‘", "fr": "«»‹›"}
_FORMATTER = HtmlFormatter(nowrap=True)


@dataclass
class Heading:
    level: int
    id: str
    title: str


@dataclass
class MdLink:
    """A link to another Markdown file: `target` is relative to the content folder."""

    target: str
    fragment: str
    line: int


@dataclass
class Rendered:
    html: str
    text: str  # readable text, blocks separated by blank lines (no code)
    toc: list[Heading] = field(default_factory=list)
    links: list[MdLink] = field(default_factory=list)


def _highlight(code: str, lang: str, _attrs: str) -> str:
    try:
        lexer = get_lexer_by_name(lang) if lang else None
    except ClassNotFound:
        lexer = None
    return pygments_highlight(code, lexer, _FORMATTER) if lexer else ""


@cache
def _parser(lang: str, allow_html: bool, highlight: bool) -> MarkdownIt:
    options = {
        "typographer": True,
        "html": allow_html,
        "quotes": _QUOTES.get(lang, "“”‘’"),
        "highlight": _highlight if highlight else None,
    }
    md = MarkdownIt("commonmark", options).enable(["table", "strikethrough"])
    md.enable(["replacements", "smartquotes"])
    md.use(footnote_plugin)
    md.use(anchors_plugin, min_level=2, max_level=4, slug_func=slugify,
           permalink=True, permalinkSymbol="#", permalinkBefore=False)
    return md


def render_markdown(source: str, rel_path: str, lang: str = "en", *,
                    allow_html: bool = False, highlight: bool = True,
                    line_offset: int = 0) -> Rendered:
    """Render `source` (the body of the file at `rel_path` in content/).

    `line_offset` is the number of file lines before the body, so that problems found
    here report the line in the file, not in the body.
    """
    md = _parser(lang, allow_html, highlight)
    tokens = md.parse(source)
    links = _rewrite_md_links(tokens, rel_path, line_offset)
    toc = _outline(tokens)
    _label_anchors(tokens, toc)
    return Rendered(html=md.renderer.render(tokens, md.options, {}),
                    text=_plain_text(tokens), toc=toc, links=links)


def _is_md_link(href: str) -> bool:
    path = href.split("#", 1)[0]
    return bool(path) and "://" not in href and not href.startswith(("/", "mailto:")) \
        and path.lower().endswith(".md")


def _rewrite_md_links(tokens: list[Token], rel_path: str, line_offset: int) -> list[MdLink]:
    found: list[MdLink] = []
    base = posixpath.dirname(rel_path)
    for block in tokens:
        for tok in block.children or ():
            href = tok.attrGet("href") if tok.type == "link_open" else None
            if not href or not _is_md_link(href):
                continue
            path, _, frag = href.partition("#")
            target = posixpath.normpath(posixpath.join(base, unquote(path)))
            line = line_offset + (block.map[0] + 1 if block.map else 1)
            found.append(MdLink(target=target, fragment=frag, line=line))
            tok.attrSet("href", MD_LINK_SCHEME + quote(target) + (f"#{frag}" if frag else ""))
    return found


def _outline(tokens: list[Token]) -> list[Heading]:
    outline = []
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.attrGet("id"):
            title = "".join(c.content for c in tokens[i + 1].children or ()
                            if c.type in ("text", "code_inline")).strip()
            outline.append(Heading(level=int(tok.tag[1]), id=str(tok.attrGet("id")), title=title))
    return outline


def _label_anchors(tokens: list[Token], toc: list[Heading]) -> None:
    """Give the "#" permalinks after headings an accessible name."""
    titles = {f"#{h.id}": h.title for h in toc}
    for block in tokens:
        for tok in block.children or ():
            href = tok.attrGet("href") if tok.type == "link_open" else None
            if href in titles and tok.attrGet("class") == "header-anchor":
                tok.attrSet("aria-label", f"Link to this section: {titles[href]}")


def _plain_text(tokens: list[Token]) -> str:
    parts = []
    for tok in tokens:
        if tok.type == "inline":
            words = "".join(c.content for c in tok.children or ()
                            if c.type in ("text", "code_inline", "softbreak"))
            parts.append(words.replace("\n", " ").strip())
    return "\n\n".join(p for p in parts if p)
