"""One build while serving, told to the terminal and, as an event, to every open page.

The event says what the build changed, so each page decides for itself: reload when its
own file or a file it loaded changed, swap stylesheets in place when only CSS changed,
show the problems (file and line) in an overlay when the build failed.
"""

from __future__ import annotations

import gc
import os
import secrets
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from sitegen.build import CACHE_DIR, BuildOptions, BuildResult, build_site
from sitegen.config import Config, load_config
from sitegen.errors import BuildError, ConfigError, Problem
from sitegen.serve.server import SNIPPET, Hub

MAX_LISTED = 1000  # beyond this many changed files an event just says "everything"


class Rebuilder:
    """Builds `source` into `output` with the live-reload client and publishes the result."""

    def __init__(self, source: Path, output: Path, drafts: bool, hub: Hub):
        self.source = source
        self.output = output
        self.drafts = drafts
        self.hub = hub
        self.config: Config | None = None  # of the last readable sitegen.toml
        # A page loaded before a restart reloads on reconnect only if the build changed.
        self._id_file = source / CACHE_DIR / "serve-build-id"
        self.build_id = _read(self._id_file)
        self._index_due = False  # the last build kept an old search index

    def run(self, changed: set[str] | None = None, search_index: bool = False) -> None:
        """Build what a save changed. The search index waits for the next quiet moment
        (`idle`): rewriting it while the reloaded page is being served would slow that."""
        started = time.perf_counter()
        gc.disable()  # garbage is collected when idle, not while the pages wait
        try:
            self.config = load_config(self.source)
            result = build_site(BuildOptions(source=self.source, output=self.output,
                                             drafts=self.drafts, inject_html=SNIPPET,
                                             search_index=search_index))
        except (BuildError, ConfigError) as exc:
            self._failed(_problems(exc, self.source))
        except Exception as exc:  # a bug in a build must not stop the server
            traceback.print_exc()
            self._failed([{"where": "sitegen", "message": f"{type(exc).__name__}: {exc}"}])
        else:
            self._index_due = not search_index
            self._built(result, changed or set(), time.perf_counter() - started)

    def idle(self) -> None:
        """Nothing changed for a while: bring the search index up to date, then collect
        the last build's garbage."""
        if self._index_due:
            self.run(search_index=True)
        if not gc.isenabled():
            gc.enable()
            gc.collect()

    def _base(self) -> str:
        return self.config.base_path if self.config else "/"

    def _failed(self, problems: list[dict[str, str]]) -> None:
        lines = "\n".join(f"  {p['where']}: {p['message']}" for p in problems)
        print(f"{_now()} build failed (shown in the browser too):\n{lines}",
              file=sys.stderr, flush=True)
        self.hub.publish({"type": "error", "build": self.build_id, "base": self._base(),
                          "problems": problems})

    def _built(self, result: BuildResult, changed: set[str], seconds: float) -> None:
        """Pages are told first: they reload while the terminal and the id file wait."""
        files = result.written + result.removed
        recovered = bool(self.hub.state["problems"])
        if files:
            self.build_id = secrets.token_hex(8)
        if files or recovered or self.hub.state["base"] != self._base():
            self.hub.publish(change_event(files, self.build_id, self._base()))
        if files:
            _write(self._id_file, self.build_id)
        if files or recovered:
            print(f"{_now()} built in {seconds * 1000:.0f} ms: {len(result.written)} of "
                  f"{result.total} files written, {len(result.removed)} removed"
                  f"{_trigger(changed, self.source)}", flush=True)


def change_event(files: list[str], build_id: str, base: str) -> dict[str, Any]:
    """Changed output files sorted into pages, stylesheets and other assets."""
    pages = sorted(f for f in files if f.endswith(".html"))
    css = sorted(f for f in files if f.endswith(".css"))
    assets = sorted(f for f in files if not f.endswith((".html", ".css")))
    return {"type": "change", "build": build_id, "base": base, "problems": [],
            "pages": pages if len(pages) <= MAX_LISTED else None,
            "assets": assets if len(assets) <= MAX_LISTED else None, "css": css}


def _problems(exc: BuildError | ConfigError, source: Path) -> list[dict[str, str]]:
    if isinstance(exc, BuildError):
        found = exc.problems
    else:  # its message starts with the file it is about
        where, _, message = str(exc).partition(": ")
        found = [Problem(where, None, message or str(exc))]
    return [{"where": _where(p, source), "message": p.message} for p in found]


def _where(problem: Problem, source: Path) -> str:
    path = Path(problem.path)
    if path.is_absolute() and path.is_relative_to(source):
        path = path.relative_to(source)
    return f"{path.as_posix()}:{problem.line}" if problem.line else path.as_posix()


def _trigger(changed: set[str], source: Path) -> str:
    names = sorted(os.path.relpath(p, source) for p in changed)
    if not names:
        return ""
    more = f" and {len(names) - 3} more" if len(names) > 3 else ""
    return f" (after {', '.join(names[:3])}{more})"


def _now() -> str:
    return time.strftime("%H:%M:%S")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
