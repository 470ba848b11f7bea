"""Markdown to HTML with markdown-it-py: one parse gives the HTML, the outline and the text.

Links to other `.md` files cannot be resolved here (that needs every article's URL), so
they are written as `sitegen-md:` placeholders that the renderer swaps for real links.
Relative links and images to other files (a photo beside the article) become
`sitegen-file:` placeholders: the page is not where its source is (trip.md is served at
trip/), and whether the file is there is the build's to know. That keeps a rendered body
a pure function of its own source, so it can be cached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import quote, unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_core.normalize import normalize
from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin
from pygments import highlight as pygments_highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from sitegen.files import is_markdown
from sitegen.slugs import slugify
from sitegen.urls import content_path

MD_LINK_SCHEME = "sitegen-md:"
MD_LINK_RE = re.compile(r'href="sitegen-md:([^"#]*)(#[^"]*)?"')
FILE_SCHEME = "sitegen-file:"
FILE_LINK_RE = re.compile(r'(href|src)="sitegen-file:([^"#?]*)([#?][^"]*)?"')
_APOSTROPHE = "\u2019"
# Between two letters or digits a quote can neither open nor close: it is an apostrophe.
# (It starts with the quote itself, so that the regex engine can jump from quote to quote.)
_IN_WORD_APOSTROPHE = re.compile(r"'(?<=[^\W_]')(?=[^\W_])")
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
    files: list[str] = field(default_factory=list)  # other files linked, from content/


def _highlight(code: str, lang: str, _attrs: str) -> str:
    try:
        lexer = get_lexer_by_name(lang) if lang else None
    except ClassNotFound:
        lexer = None
    return pygments_highlight(code, lexer, _FORMATTER) if lexer else ""


# Syntax a source without these marks cannot contain: parsed without its rules, the
# usual article (no footnote, table or strikethrough) gives the same HTML 5-10% sooner.
_OPTIONAL = (("footnote", ("[^", "^[")), ("table", ("|",)), ("strikethrough", ("~~",)))
_ALL = frozenset(name for name, _ in _OPTIONAL)


def _syntax(source: str) -> frozenset[str]:
    """The optional syntax whose marks `source` has."""
    return frozenset(name for name, marks in _OPTIONAL if any(m in source for m in marks))


@cache
def _parser(lang: str, allow_html: bool, highlight: bool,
            syntax: frozenset[str] = _ALL) -> MarkdownIt:
    options = {
        "typographer": True,
        "html": allow_html,
        "quotes": _QUOTES.get(lang, "“”‘’"),
        "highlight": _highlight if highlight else None,
    }
    md = MarkdownIt("commonmark", options).enable(
        [rule for rule in ("table", "strikethrough") if rule in syntax])
    md.enable(["replacements", "smartquotes"])
    md.core.ruler.at("normalize", _normalize)
    md.core.ruler.at("smartquotes", _smartquotes)
    if "footnote" in syntax:
        md.use(footnote_plugin)
    md.use(anchors_plugin, min_level=2, max_level=4, slug_func=slugify,
           permalink=True, permalinkSymbol="#", permalinkBefore=False)
    return md


def _normalize(state: StateCore) -> None:
    """markdown-it's rule that turns CR LF and NUL into LF and U+FFFD, skipped when there
    are none (it copies the whole text twice)."""
    if "\r" in state.src or "\0" in state.src:
        normalize(state)


def _smartquotes(state: StateCore) -> None:
    """markdown-it's smartquotes rule with the same output in a fraction of the time.

    Whether a quote can open or close depends only on the characters around it in the
    source (a quote already replaced is punctuation either way), so each quote is judged
    once from its neighbours and all replacements are applied at the end. This relies on
    every quote character being one character long, as in `_QUOTES`.
    """
    for token in state.tokens:
        if token.type == "inline" and token.children and \
                ("'" in token.content or '"' in token.content):
            _quote_inline(token.children, state.md.options.quotes)


def _quote_inline(tokens: list[Token], quotes: str) -> None:
    stack: list[tuple[int, int, bool, int]] = []  # open quotes: token, position, single, level
    edits: dict[int, dict[int, str]] = {}  # token -> {position: replacement}
    for i, token in enumerate(tokens):
        while stack and stack[-1][3] > token.level:
            stack.pop()
        if token.type != "text":
            continue
        # Most quotes are apostrophes inside words: one regex settles them all.
        text = token.content = _IN_WORD_APOSTROPHE.sub(_APOSTROPHE, token.content)
        for pos in _quote_positions(text):
            single = text[pos] == "'"
            last = text[pos - 1] if pos else _edge_char(tokens, range(i - 1, -1, -1), -1)
            after = text[pos + 1] if pos + 1 < len(text) else \
                _edge_char(tokens, range(i + 1, len(tokens)), 0)
            can_open, can_close = _quote_sides(last, after, single)
            opener = _opener(stack, single, token.level) if can_close else None
            if opener is not None:
                at, start = stack[opener][:2]
                edits.setdefault(i, {})[pos] = quotes[3] if single else quotes[1]
                edits.setdefault(at, {})[start] = quotes[2] if single else quotes[0]
                del stack[opener:]
            elif can_open:
                stack.append((i, pos, single, token.level))
            elif single:  # closing nothing: an apostrophe
                edits.setdefault(i, {})[pos] = _APOSTROPHE
    for i, changes in edits.items():
        text, parts, done = tokens[i].content, [], 0
        for pos in sorted(changes):
            parts += (text[done:pos], changes[pos])
            done = pos + 1
        tokens[i].content = "".join(parts) + text[done:]


def _quote_positions(text: str) -> list[int]:
    """Where `text` has a straight quote (str.find is many times faster than a regex)."""
    found = []
    for mark in "'\"":
        pos = text.find(mark)
        while pos >= 0:
            found.append(pos)
            pos = text.find(mark, pos + 1)
    return sorted(found)


def _opener(stack: list[tuple[int, int, bool, int]], single: bool, level: int) -> int | None:
    """Index in `stack` of the open quote that a closing quote at `level` pairs with."""
    for j in range(len(stack) - 1, -1, -1):
        if stack[j][3] < level:
            return None
        if stack[j][2] == single and stack[j][3] == level:
            return j
    return None


def _edge_char(tokens: list[Token], indices: range, end: int) -> str:
    """The character next to a quote at a token's edge, across tokens up to a line break."""
    for j in indices:
        if tokens[j].type in ("softbreak", "hardbreak"):
            break
        if tokens[j].content:
            return tokens[j].content[end]
    return " "


@cache
def _quote_sides(last: str, after: str, single: bool) -> tuple[bool, bool]:
    """(can open, can close) for a quote between `last` and `after`, as markdown-it decides."""
    last_punct = isMdAsciiPunct(ord(last)) or isPunctChar(last)
    after_punct = isMdAsciiPunct(ord(after)) or isPunctChar(after)
    last_space, after_space = isWhiteSpace(ord(last)), isWhiteSpace(ord(after))
    if not single and after == '"' and "0" <= last <= "9":
        return False, False  # 1"" : the first quote is an inch mark
    can_open = not after_space and not (after_punct and not (last_space or last_punct))
    can_close = not last_space and not (last_punct and not (after_space or after_punct))
    if can_open and can_close:  # inside a run of punctuation, not inside a word
        return last_punct, after_punct
    return can_open, can_close


def render_markdown(source: str, rel_path: str, lang: str = "en", *,
                    allow_html: bool = False, highlight: bool = True,
                    line_offset: int = 0) -> Rendered:
    """Render `source` (the body of the file at `rel_path` in content/).

    `line_offset` is the number of file lines before the body, so that problems found
    here report the line in the file, not in the body.
    """
    md = _parser(lang, allow_html, highlight, _syntax(source))
    tokens = md.parse(source)
    links = _rewrite_md_links(tokens, rel_path, line_offset)
    files = _rewrite_file_links(tokens, rel_path)
    toc = _outline(tokens)
    _label_anchors(tokens, toc)
    return Rendered(html=md.renderer.render(tokens, md.options, {}),
                    text=_plain_text(tokens), toc=toc, links=links, files=files)


def _is_md_link(href: str) -> bool:
    path = href.split("#", 1)[0]
    return bool(path) and "://" not in href and not href.startswith(("/", "mailto:")) \
        and is_markdown(path)


def _rewrite_file_links(tokens: list[Token], rel_path: str) -> list[str]:
    """Relative links and images to files other than Markdown as placeholders of their
    path in the content folder; those that climb out of it are left as written. Images
    load lazily: a long article's pictures wait until the reader gets near them."""
    found: list[str] = []
    for block in tokens:
        for tok in block.children or ():
            attr = {"link_open": "href", "image": "src"}.get(tok.type)
            if attr == "src":
                tok.attrSet("loading", "lazy")
            ref = tok.attrGet(attr) if attr else None
            if not ref or _is_md_link(ref) or urlsplit(ref).scheme or ref.startswith(("/", "#")):
                continue
            cut = min((i for i in (ref.find("#"), ref.find("?")) if i >= 0), default=len(ref))
            target = content_path(rel_path, unquote(ref[:cut]))
            if cut and not target.startswith("../") and target != "..":
                found.append(target)
                tok.attrSet(attr, FILE_SCHEME + quote(target) + ref[cut:])
    return sorted(set(found))


def _rewrite_md_links(tokens: list[Token], rel_path: str, line_offset: int) -> list[MdLink]:
    found: list[MdLink] = []
    for block in tokens:
        for tok in block.children or ():
            href = tok.attrGet("href") if tok.type == "link_open" else None
            if not href or not _is_md_link(href):
                continue
            path, _, frag = href.partition("#")
            target = content_path(rel_path, unquote(path))
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
