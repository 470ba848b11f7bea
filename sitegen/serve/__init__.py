"""`sitegen serve`: build, serve, watch, rebuild on save and tell every open page.

Serve builds go to their own folder (.sitegen-cache/serve/), never to public/, because
their pages carry the live-reload script that `sitegen build` output must never contain.
"""

from __future__ import annotations

import signal
import sys
import threading
import webbrowser
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from sitegen.build import CACHE_DIR, site_folder
from sitegen.config import Config
from sitegen.errors import ConfigError
from sitegen.serve.rebuild import Rebuilder
from sitegen.serve.server import ServeError, Site, open_server
from sitegen.serve.watch import Root, Watcher
from sitegen.theme import find_theme

__all__ = ["ServeOptions", "ServeError", "serve"]


@dataclass
class ServeOptions:
    source: Path = Path(".")
    port: int = 8000  # 0 picks a free port
    bind: str = "127.0.0.1"
    open_browser: bool = False
    drafts: bool = False
    poll: bool = False  # watchdog's PollingObserver, for network folders and containers


def serve(options: ServeOptions) -> int:
    """Run until Ctrl-C; returns the exit status, 0 for a clean stop.

    SIGTERM keeps its default (the process ends at once, leaving nothing to clean up):
    a Python handler would be inherited by the build's forked workers, and a worker
    told to stop just after its fork can lose the signal and hang the build.
    """
    with ctrl_c_stops():
        return _serve(options)


def _serve(options: ServeOptions) -> int:
    source = site_folder(options.source)
    site = Site(source / CACHE_DIR / "serve")
    server = open_server(options.bind, options.port, site)
    watcher = Watcher(options.poll)
    rebuilder = Rebuilder(source, site.output, options.drafts, site.hub)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    try:
        _start_watching(watcher, source)
        print(f"Building {source} ...", flush=True)
        rebuilder.run()
        watcher.watch(watch_roots(source, rebuilder.config))
        serving.start()
        print(f"Serving {source.name or source} at {server.url()} "
              f"(Ctrl-C to stop)", flush=True)
        if options.open_browser:
            threading.Thread(target=webbrowser.open, args=(server.url(),),
                             daemon=True).start()
        _rebuild_on_change(watcher, rebuilder, source)
    except KeyboardInterrupt:  # raised as Stopped (see ctrl_c_stops)
        print("Stopped.", flush=True)
    finally:
        watcher.stop()
        site.hub.close()
        if serving.is_alive():
            server.shutdown()
        server.server_close()
    return 0


class Stopped(KeyboardInterrupt):
    """Ctrl-C while serving."""


@contextmanager
def ctrl_c_stops() -> Iterator[None]:
    """Ctrl-C raises Stopped, not a plain KeyboardInterrupt. CPython 3.11 remembers a
    KeyboardInterrupt that stops text run by exec (dataclasses make their methods so,
    which happens when Ctrl-C lands while a module loads) and, at exit, kills the
    process with SIGINT even though it was handled: a clean stop ended with status -2.
    It checks the exception's exact type, so a subclass leaves the exit status alone."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread gets signals
        return
    previous = signal.signal(signal.SIGINT, _raise_stopped)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _raise_stopped(_signum: int, _frame: object) -> None:
    raise Stopped


def _start_watching(watcher: Watcher, source: Path) -> None:
    try:
        watcher.watch(watch_roots(source, None))
        watcher.start()
    except OSError as exc:  # e.g. the inotify watch limit
        raise ServeError(f"cannot watch {source}: {exc}; try --poll") from None


def _rebuild_on_change(watcher: Watcher, rebuilder: Rebuilder, source: Path) -> None:
    while True:
        changed = watcher.next_batch(timeout=1.0)
        if not changed:
            rebuilder.idle()
            continue
        rebuilder.run(changed)
        try:
            watcher.watch(watch_roots(source, rebuilder.config))
        except OSError as exc:
            print(f"warning: cannot watch a folder: {exc}", file=sys.stderr, flush=True)


def watch_roots(source: Path, config: Config | None) -> list[Root]:
    """sitegen.toml (the site folder itself, not its subfolders), content, the site's
    templates and static files, and the theme in use."""
    config = config or Config()
    folders = [source / config.content_dir, source / "templates", source / "static"]
    with suppress(ConfigError):  # a missing theme is the build's to report
        folders.append(find_theme(source, config.theme))
    return [(source, False)] + [(folder, True) for folder in folders]
