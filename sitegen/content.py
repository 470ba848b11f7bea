"""Load content/**/*.md: YAML front matter and Markdown body into `Article`s.

Loading never stops at the first bad file: every problem is collected with its file and
line, so one build run reports them all.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from sitegen.config import Config, language_tag
from sitegen.dates import parse_date
from sitegen.errors import Problem
from sitegen.markdown import render_markdown
from sitegen.model import Article
from sitegen.slugs import slugify


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when available
    """Safe loader that leaves dates as text, so a bad date is reported with its key."""


_Loader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}

_FENCE = re.compile(r"^---[ \t]*\r?\n(.*?)(?:\r?\n)?^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)",
                    re.DOTALL | re.MULTILINE)
_WORD = re.compile(r"\w+")
# Counting words: text that is ASCII but for these (none of them a word character) is
# counted by splitting bytes, several times faster than the regex and the same count.
_NON_WORD_MARKS = "’‘“”–—…£€"
_NON_WORD_TO_SPACE = bytes(c if c < 128 and (chr(c).isalnum() or chr(c) == "_") else 32
                           for c in range(256))
# One line of the usual front matter: `key: value`, `key:` or `- item` under `key:`.
_SIMPLE_LINE = re.compile(r"(?:([A-Za-z_][\w-]*):(?: +(.*))?|(- |  - )(.*))")
_PLAIN_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"
# What YAML reads a plain scalar as, by its first character, when not as text.
_IMPLICIT = {first: tuple(regex for _tag, regex in resolvers)
             for first, resolvers in _Loader.yaml_implicit_resolvers.items()}
_SAFE_URL = re.compile(r"https?://|/|\.{0,2}/?[\w-]+(?:[./]|$)", re.IGNORECASE)
KNOWN_KEYS = {"title", "date", "updated", "author", "authors", "tags", "summary", "lang",
              "source_url", "publisher", "image", "draft", "slug", "related"}


@dataclass
class Loaded:
    """The result of loading one file: an article, or the problems that stopped it."""

    article: Article | None
    problems: list[Problem] = field(default_factory=list)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter YAML or None, body, number of file lines before the body)."""
    text = text.removeprefix("\ufeff")
    match = _FENCE.match(text)
    if not match:
        return None, text, 0
    return match.group(1), text[match.end():], text[:match.end()].count("\n")


def parse_front_matter(yaml_text: str, path: Path) -> tuple[dict[str, Any], list[Problem]]:
    try:
        data = _simple_yaml(yaml_text)
        if data is None:
            data = yaml.load(yaml_text, Loader=_Loader)  # noqa: S506 - CSafeLoader/SafeLoader
    except yaml.YAMLError as exc:
        # The context mark is where the broken construct starts (an unclosed "[" say);
        # the problem mark is where the parser gave up, often the end of the block.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1  # +1 for 0-based, +1 for the opening ---
        reason = getattr(exc, "problem", None) or str(exc)
        if getattr(exc, "context", None):
            reason += f" ({exc.context})"
        return {}, [Problem(path, line, f"bad YAML front matter: {reason}")]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [Problem(path, 2, "front matter must be a mapping of keys to values")]
    return data, []


def _simple_yaml(text: str) -> dict[str, Any] | None:
    """The usual front matter read without a YAML parser, exactly as YAML reads it: lines of
    `key: value` and `key:` followed by `- item` lines, every value one line of plain or
    single-quoted text. None for anything else, which then goes to the YAML parser."""
    data: dict[str, Any] = {}
    key, dash = None, None  # the last `key:` without a value, and how its items start
    for line in text.split("\n"):
        match = _SIMPLE_LINE.fullmatch(line)
        if not match or not line.isprintable():
            return None
        name, raw, prefix, item = match.groups()
        if name is not None:
            if name in data or not _is_text_key(name):
                return None
            key, dash = (name, None) if raw is None or not raw.strip() else (None, None)
            data[name] = None if key else _yaml_text(raw)
            if not key and data[name] is None:
                return None
        elif key is None or dash not in (None, prefix) or _yaml_text(item) is None:
            return None
        else:
            dash = prefix
            data[key] = (data[key] or []) + [_yaml_text(item)]
    return data


def _yaml_text(raw: str) -> str | None:
    """The text YAML reads from a one-line plain or single-quoted scalar; None when YAML
    would read something else (a number, a date, null...) or needs its own parser."""
    raw = raw.rstrip(" ")
    if raw[:1] == "'":
        inner = raw[1:-1]
        if len(raw) < 2 or raw[-1] != "'" or "'" in inner.replace("''", ""):
            return None
        return inner.replace("''", "'")
    if not raw or raw[0] in _PLAIN_INDICATORS or ": " in raw or " #" in raw \
            or raw.endswith(":"):
        return None
    if any(regex.match(raw) for regex in _IMPLICIT.get(raw[0], ())):
        return None
    return raw


@cache
def _is_text_key(name: str) -> bool:
    """Whether YAML reads the key `name` as that text (not `yes` as True, say)."""
    return _yaml_text(name) == name


def _key_line(yaml_text: str, key: str) -> int:
    """File line of `key:` in the front matter (1 when it is not found)."""
    for number, line in enumerate(yaml_text.splitlines(), start=2):
        if line.startswith(f"{key}:"):
            return number
    return 1


def _string_list(value: Any) -> list[str] | None:
    if value is None:
        return []
    if isinstance(value, str | int | float):
        return [str(value).strip()] if str(value).strip() else []
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return [str(v).strip() for v in value if str(v).strip()]
    return None


def _one_per_page(names: list[str]) -> list[str]:
    """Names that share a tag or author page ("Foo Bar", "foo-bar") once, as first
    written: an article lists each of its pages once, in its page, feed and search."""
    kept: dict[str, str] = {}
    for name in names:
        kept.setdefault(slugify(name), name)
    return list(kept.values())


# Control characters other than tab and line breaks: invisible in a page and not
# allowed in XML (one in a scraped title made the Atom feed unreadable). Vertical tabs
# and form feeds part words: they become spaces, the rest go.
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _control_to_space(found: re.Match) -> str:
    return " " if found.group() in "\x0b\x0c" else ""


def load_article(path: Path, rel_path: str, config: Config) -> Loaded:
    """Read and render one file; never raises for bad content."""
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Loaded(None, [Problem(path, None, f"not UTF-8 text ({exc.reason})")])
    except OSError as exc:
        return Loaded(None, [Problem(path, None, f"cannot read: {exc.strerror}")])
    if CONTROLS.search(text):
        text = CONTROLS.sub(_control_to_space, text)
    fm_text, body, offset = split_front_matter(text)
    if fm_text is None:
        return Loaded(None, [Problem(path, 1, "missing front matter: the file must start "
                                              "with a '---' line, then 'title: ...', then '---'")])
    data, problems = parse_front_matter(fm_text, path)
    if problems:
        return Loaded(None, problems)
    fields, problems = _fields(data, fm_text, path, config)
    if problems:
        return Loaded(None, problems)
    rendered = render_markdown(body, rel_path, fields["lang"],
                               allow_html=config.markdown.allow_html,
                               highlight=config.markdown.highlight, line_offset=offset)
    article = Article(path=path, rel_path=rel_path, body_line=offset + 1, **fields,
                      html=rendered.html, text=rendered.text, toc=rendered.toc,
                      links=rendered.links, files=rendered.files,
                      word_count=count_words(rendered.text),
                      content_hash=hashlib.sha1(raw).hexdigest())
    if not article.summary:
        article.summary = summarize(rendered.text)
    return Loaded(article)


def _fields(data: dict[str, Any], fm_text: str, path: Path,
            config: Config) -> tuple[dict[str, Any], list[Problem]]:
    """Validate front matter values; returns Article keyword arguments."""
    problems: list[Problem] = []

    def bad(key: str, message: str) -> None:
        problems.append(Problem(path, _key_line(fm_text, key), message))

    title = data.get("title")
    if not isinstance(title, str | int | float) or not str(title).strip():
        bad("title", "missing title: add 'title: ...' to the front matter")
    out: dict[str, Any] = {"title": str(title).strip() if title is not None else ""}
    for key in ("date", "updated"):
        if data.get(key) is not None:
            try:
                out[key] = parse_date(data[key])
            except ValueError:
                bad(key, f"bad {key} {data[key]!r}: use an ISO date such as 2024-05-31 "
                         "or 2024-05-31T14:30:00+02:00, or a year or month: 2014, 2014-05")
    for key, target in (("author", "authors"), ("authors", "authors"), ("tags", "tags")):
        if key in data:
            value = data[key]
            if key == "tags" and isinstance(value, str):  # tags: python, web (as Pelican)
                value = value.split(",")
            values = _string_list(value)
            if values is None:
                bad(key, f"'{key}' must be a name or a list of names")
            else:
                out[target] = _one_per_page(values)
    for key in ("summary", "lang", "source_url", "publisher", "image", "slug"):
        value = data.get(key)
        if value is not None and not isinstance(value, str | int | float):
            bad(key, f"'{key}' must be text")
        elif value is not None:
            out[key] = str(value).strip()
    tag = language_tag(out.get("lang") or "")
    if out.get("lang") and tag is None:
        bad("lang", f"'lang' must be a language tag such as en or pt-BR, not {out['lang']!r}")
    out["lang"] = tag or config.language
    for key in ("source_url", "image"):  # links from untrusted content: no javascript: etc.
        if out.get(key) and not _SAFE_URL.match(out[key]):
            bad(key, f"'{key}' must be an http(s) URL or a path, not {out[key]!r}")
    if "draft" in data and not isinstance(data["draft"], bool):
        bad("draft", "'draft' must be true or false")
    out["draft"] = data.get("draft") is True
    related = data.get("related", True)
    pins = _string_list(related) if not isinstance(related, bool) else related
    if pins is None:
        bad("related", "'related' must be false or a list of article slugs")
    out["related"] = pins if pins is not None else True
    out["extra"] = {k: v for k, v in data.items() if k not in KNOWN_KEYS}
    return out, problems


def count_words(text: str) -> int:
    """Runs of word characters (`\\w+`) in `text`."""
    if not text.isascii():
        for mark in _NON_WORD_MARKS:
            text = text.replace(mark, " ")
        if not text.isascii():
            return len(_WORD.findall(text))
    return len(text.encode().translate(_NON_WORD_TO_SPACE).split())


def summarize(text: str, limit: int = 220) -> str:
    """The first paragraph, cut at a word boundary near `limit` characters."""
    first = next((p for p in text.split("\n\n") if len(p) > 40), text.split("\n\n")[0])
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0].rstrip(",;:–—-") + "…"
