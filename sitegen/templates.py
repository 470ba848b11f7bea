"""Jinja2 environment: the theme plus the site's own overrides, and template fingerprints.

A fingerprint hashes a template with everything it extends, includes or imports, so a
change to one template re-renders only the pages that use it. Partials are compiled into
the templates that include them (see `_Inliner`); errors are still reported in the
partial's own file and line (see `Templates.render`).
"""

from __future__ import annotations

import functools
import hashlib
import traceback
import types
from collections import ChainMap
from collections.abc import Iterator, MutableMapping
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta, nodes
from jinja2.filters import do_tojson
from jinja2.nodes import EvalContext
from jinja2.parser import Parser
from jinja2.runtime import Context, Macro
from jinja2.utils import htmlsafe_json_dumps, internalcode
from jinja2.visitor import NodeTransformer
from markupsafe import Markup, escape

from sitegen.dates import date_text, precision
from sitegen.errors import Problem

try:
    from markupsafe import _escape_inner  # markupsafe >= 3: the C part of `escape`
except ImportError:  # pragma: no cover - older markupsafe, whose `escape` is all C
    _escape_inner = None

DAY_FORMAT = "%-d %B %Y"
# A date known only to the year or month shows as that (see dates.py), in the default
# format; a format a template asks for is its own.
_PARTIAL_FORMATS = {"year": "%Y", "month": "%B %Y"}


def format_date(value: datetime | None, fmt: str = DAY_FORMAT) -> str:
    if not value:
        return ""
    if fmt == DAY_FORMAT:
        fmt = _PARTIAL_FORMATS.get(precision(value), fmt)
    return _strftime(value, fmt)


# Memoized: an article's date is shown on its page, its neighbours' and in every list
# it is in, and strftime is slow.
@lru_cache(maxsize=1 << 16)
def _strftime(value: datetime, fmt: str) -> str:
    return value.strftime(fmt)


def iso_date(value: datetime | None) -> str:
    """For <time datetime>, Open Graph and JSON-LD, which all take 2014 and 2014-05."""
    return _iso(value, precision(value)) if value else ""


@lru_cache(maxsize=1 << 16)  # a PartialDate equals its first moment: keyed on both
def _iso(value: datetime, _precision: str) -> str:
    return date_text(value)


# Languages written right to left, and the scripts that make a tag so (az-Arab, pa-Arab).
_RTL_LANGUAGES = frozenset("ar arc ckb dv fa he iw ks ps sd syr ug ur yi ji nqo".split())
_RTL_SCRIPTS = frozenset("arab hebr syrc thaa nkoo adlm rohg mand samr mend".split())


@lru_cache(maxsize=256)
def direction(lang: str) -> str:
    """"rtl" or "ltr": the `dir` that goes with a `lang` (the `direction` filter)."""
    parts = lang.lower().replace("_", "-").split("-")
    script = next((p for p in parts[1:] if len(p) == 4 and p.isalpha()), "")
    rtl = script in _RTL_SCRIPTS if script else parts[0] in _RTL_LANGUAGES
    return "rtl" if rtl else "ltr"


def _stamp(dirs: list[Path]) -> tuple[tuple[str, int, int], ...]:
    files = [p for d in dirs for p in sorted(d.rglob("*")) if p.is_file()]
    return tuple((str(p), (st := p.stat()).st_mtime_ns, st.st_size) for p in files)


_PLAIN_CALLABLES = (types.FunctionType, types.BuiltinFunctionType, functools._lru_cache_wrapper,
                    Macro)


class _Context(Context):
    """Jinja's context, cheaper to make and to call through. Every page render, and every
    `{% import ... with context %}` and include left uninlined, makes a context, and Jinja
    lists the template's globals, a ChainMap, with `set(globals)`, slow Python iteration;
    `union` of its maps is the same set. And
    Jinja routes every call in a template through `Context.call`, which looks for
    `pass_context` markers first: plain functions (the `url`, `asset` and `abs_url`
    helpers, a dozen calls a page and several per card) and macros have none."""

    def __init__(self, environment: jinja2.Environment, parent: dict[str, Any],
                 name: str | None, blocks: dict[str, Any],
                 globals: MutableMapping[str, Any] | None = None):
        super().__init__(environment, parent, name, blocks)
        if globals is not None:
            self.globals_keys = set().union(*globals.maps) if type(globals) is ChainMap \
                else set(globals)

    @internalcode
    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        if type(__obj) not in _PLAIN_CALLABLES or hasattr(__obj, "jinja_pass_arg"):
            return super().call(__obj, *args, **kwargs)
        if kwargs:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:  # as Context.call
            return __self.environment.undefined("value was undefined because a callable "
                                                "raised a StopIteration exception")


_new_str = str.__new__


def _escape(value: Any) -> Markup:
    """markupsafe's `escape` with the common cases made directly: about a million values a
    10,000-article build, where `escape` and `Markup.__new__`, both Python functions, were
    a tenth of the rendering time. Same result: text escaped, Markup kept, numbers as they are,
    anything else through `escape`."""
    kind = type(value)
    if kind is str:
        return _new_str(Markup, _escape_inner(value))
    if kind is Markup:
        return value
    if kind is int:  # a number's digits need no escaping
        return _new_str(Markup, str(value))
    return escape(value)


class _Template(jinja2.Template):
    """A Jinja template that escapes with `_escape` and hands its output over in one piece.
    Jinja passes every piece a template yields (each run of text, each `{{ … }}`) up
    through every block, import and uninlined include around it, one Python loop per
    level. Joined where they are made, each level passes one."""

    @classmethod
    def _from_namespace(cls, environment: jinja2.Environment, namespace: dict[str, Any],
                        globals: MutableMapping[str, Any]) -> jinja2.Template:
        # The compiled template's functions look `escape` up in this namespace.
        if _escape_inner is not None and namespace.get("escape") is escape:
            namespace["escape"] = _escape
        template = super()._from_namespace(environment, namespace, globals)
        render, concat = template.root_render_func, environment.concat

        @internalcode
        def root_render_func(context: Context) -> Iterator[str]:
            yield concat(render(context))
        template.root_render_func = root_render_func
        return template


class _Inliner(NodeTransformer):
    """Puts the body of each `{% include "name" %}` (a fixed name, with context) in the
    place of the tag, in a scope of its own, so that what it sets stays inside as with an
    include. A list page includes four partials per card, and each include makes a context
    and a render call: inlined, list pages render in half the time, articles in 0.9.
    Partials that extend or define blocks, or include themselves, stay includes."""

    def __init__(self, environment: jinja2.Environment, chain: frozenset[str | None]):
        self.environment, self.chain = environment, chain

    def visit_Include(self, node: nodes.Include) -> nodes.Node:
        name = node.template.value if isinstance(node.template, nodes.Const) else None
        if not isinstance(name, str) or name in self.chain or not node.with_context \
                or node.ignore_missing:
            return node
        try:
            source, filename, _ = self.environment.loader.get_source(self.environment, name)
        except jinja2.TemplateNotFound:
            return node  # Jinja's own error, when the page renders
        ast = Parser(self.environment, source, name, filename).parse()
        if any(ast.find_all((nodes.Extends, nodes.Block))):
            return node
        body = _Inliner(self.environment, self.chain | {name}).visit(ast).body
        return nodes.Scope(body, lineno=node.lineno).set_environment(self.environment)


class _Environment(jinja2.Environment):
    """No template file changes while an environment lives (see `_last` below), so a plain
    dict of loaded templates stands in front of Jinja's locking LRU cache: templates are
    looked up once per page, and imported macros once more, tens of thousands of times a
    build.
    `inline`: compile partials into the templates that include them (see `_Inliner`)."""

    context_class = _Context
    template_class = _Template

    def __init__(self, inline: bool = True, **options: Any):
        super().__init__(**options)
        self.inline = inline
        self._loaded: dict[str, jinja2.Template] = {}

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        ast = super()._parse(source, name, filename)
        return _Inliner(self, frozenset({name})).visit(ast) if self.inline else ast

    def _load_template(self, name: str,
                       globals: MutableMapping[str, Any] | None) -> jinja2.Template:
        template = None if globals else self._loaded.get(name)
        if template is None:
            template = super()._load_template(name, globals)
            if not globals:
                self._loaded[name] = template
        return template


@jinja2.pass_eval_context
def to_json(eval_ctx: EvalContext, value: Any, indent: int | None = None) -> Markup:
    """Jinja's `tojson`, memoized for text: JSON-LD repeats names, titles and languages,
    and JSON of a string does not depend on the `sort_keys` Jinja asks for (which makes
    json.dumps build a new encoder on every call)."""
    if type(value) is str and indent is None:
        return _json_text(value)
    return do_tojson(eval_ctx, value, indent)


_json_text = lru_cache(maxsize=1 << 16)(htmlsafe_json_dumps)


# Within one process (`sitegen serve`) the last environment, with its compiled templates,
# and its fingerprints are reused while no template file changed: parsing and compiling
# every template again was most of a one-article rebuild.
_last: tuple[tuple[tuple[str, int, int], ...], jinja2.Environment, dict[str, str]] | None = None


class Templates:
    """Loads templates from the site's templates/ first, then the theme's."""

    def __init__(self, source: Path, theme: Path):
        global _last
        self.dirs = [d for d in (source / "templates", theme / "templates") if d.is_dir()]
        self._plain: jinja2.Environment | None = None  # see `render`
        stamp = _stamp(self.dirs)
        if _last and _last[0] == stamp:  # no template changed since the last build
            self.env, self._fingerprints = _last[1], _last[2]
            return
        self.env = self._environment(inline=True)
        self._fingerprints: dict[str, str] = {}
        _last = (stamp, self.env, self._fingerprints)

    def _environment(self, inline: bool) -> jinja2.Environment:
        env = _Environment(
            inline, loader=jinja2.FileSystemLoader([str(d) for d in self.dirs]),
            autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
            lstrip_blocks=True, keep_trailing_newline=True,
            auto_reload=False)  # an environment never outlives its template files (above)
        env.filters["date"] = format_date
        env.filters["isodate"] = iso_date
        env.filters["tojson"] = to_json
        env.filters["direction"] = direction
        return env

    def render(self, name: str, /, *args: Any, **kwargs: Any) -> str:
        """Template `name` rendered with Jinja's `render` arguments; any failure raises a
        TemplateProblem that names the file and line at fault, a partial's own if that is
        where it happened."""
        try:
            return self.env.get_template(name).render(*args, **kwargs)
        except Exception as exc:  # any template failure is the template author's to fix
            problem = template_problem(exc)
        # The traceback of a compiled page names the page's template, even for a line of
        # an inlined partial: only a render without inlining can tell which file it was.
        # Errors are rare, so the second render costs nothing the rest of the time; its
        # environment is made once, as a broken template may fail on every page.
        if self._plain is None:
            self._plain = self._environment(inline=False)
        try:
            self._plain.get_template(name).render(*args, **kwargs)
        except Exception as exc:
            problem = template_problem(exc)
        raise TemplateProblem(problem)

    def source_of(self, name: str) -> tuple[str, Path]:
        for directory in self.dirs:
            path = directory / name
            if path.is_file():
                return path.read_text(encoding="utf-8"), path
        raise jinja2.TemplateNotFound(name)

    def fingerprint(self, name: str, _seen: frozenset[str] = frozenset()) -> str:
        """Hash of a template and, recursively, of every template it references."""
        if name in self._fingerprints:
            return self._fingerprints[name]
        text, path = self.source_of(name)
        digest = hashlib.sha1(f"{path}\0{text}".encode())
        try:
            ast = Parser(self.env, text, name, str(path)).parse()  # includes not inlined
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateProblem(template_problem(exc)) from None
        for ref in sorted(r for r in meta.find_referenced_templates(ast) if r):
            if ref in _seen:
                continue
            try:
                digest.update(self.fingerprint(ref, _seen | {name}).encode())
            except jinja2.TemplateNotFound:
                line = next((n for n, t in enumerate(text.splitlines(), 1) if ref in t), None)
                where = ", ".join(map(str, self.dirs))
                problem = Problem(path, line, f"no template named {ref!r} (looked in {where})")
                raise TemplateProblem(problem) from None
        self._fingerprints[name] = digest.hexdigest()
        return self._fingerprints[name]


class TemplateProblem(Exception):
    """A template failed to compile or render; carries the file and line for the user."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def template_problem(exc: Exception) -> Problem:
    """Point at the template line where `exc` happened (Jinja keeps it in the traceback)."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return Problem(exc.filename or exc.name or "template", exc.lineno, exc.message or str(exc))
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml", ".txt", ".j2")):
            return Problem(frame.filename, frame.lineno, f"{type(exc).__name__}: {exc}")
    return Problem("template", None, f"{type(exc).__name__}: {exc}")
