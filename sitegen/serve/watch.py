"""Watch the site's inputs with watchdog and hand over changes in batches.

Editors save in bursts (temporary file, rename, attribute change). A burst whose every
file is known to be complete (closed after writing, or renamed into place: an atomic
save) is built at once, after a grace short enough not to be felt; any other burst
(a write still open, a deletion, the polling observer's plain "modified") waits until
the folders have been quiet for a moment. Editor scratch files never start a build.
"""

from __future__ import annotations

import os
import queue
import time
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

QUIET = 0.05  # seconds without events that end a burst
GRACE = 0.005  # ...when every changed file is complete; more events in it extend the burst
LONGEST = 1.0  # a burst that never goes quiet is still built after this long
TEMP_SUFFIXES = (".swp", ".swo", ".swx", "~", ".tmp", "___jb_tmp___", "___jb_old___",
                 ".crswap", ".kate-swp")
IGNORED_EVENTS = ("opened", "closed_no_write")

Root = tuple[Path, bool]  # a folder and whether its subfolders are watched too


def is_noise(rel: str) -> bool:
    """Editor scratch files (vim's 4913 and .swp, emacs' .#x, JetBrains' ___jb_tmp___)
    and anything in a hidden folder such as .git or .sitegen-cache."""
    parts = rel.replace(os.sep, "/").split("/")
    name = parts[-1]
    return (name == "4913" or name.startswith("#") or name.endswith(TEMP_SUFFIXES)
            or any(p.startswith(".") for p in parts))


Change = tuple[str, bool]  # a path and whether its file is complete


class _Handler(FileSystemEventHandler):
    def __init__(self, root: Path, changes: queue.SimpleQueue[Change]):
        self.root = str(root)
        self.changes = changes

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in IGNORED_EVENTS or (event.is_directory and
                                                  event.event_type == "modified"):
            return
        # A rename counts for both names: an atomic save renames a temporary file onto
        # the article (only the target matters), a renamed article leaves its old name.
        # A file closed after writing is complete, and so is a renamed file's new name;
        # its old name is not (vim's first step of a save renames the article away).
        file = not event.is_directory
        for path, complete in ((event.src_path, file and event.event_type == "closed"),
                               (getattr(event, "dest_path", ""), file)):
            path = os.fsdecode(path)
            if path and not is_noise(os.path.relpath(path, self.root)):
                self.changes.put((path, complete))


class Watcher:
    """A watchdog observer over a changing set of folders, read in batches (see above)."""

    def __init__(self, poll: bool = False, quiet: float = QUIET):
        self.quiet = quiet
        self._observer: BaseObserver = PollingObserver(timeout=0.5) if poll else Observer()
        self._changes: queue.SimpleQueue[Change] = queue.SimpleQueue()
        self._watches: dict[Root, ObservedWatch] = {}

    def watch(self, roots: list[Root]) -> None:
        """Watch exactly `roots` (the existing ones); called again after every build,
        since sitegen.toml may name another theme or content folder."""
        wanted = {(path, recursive) for path, recursive in roots if path.is_dir()}
        for root in set(self._watches) - wanted:
            self._observer.unschedule(self._watches.pop(root))
        for path, recursive in sorted(wanted - set(self._watches)):
            try:
                self._watches[(path, recursive)] = self._observer.schedule(
                    _Handler(path, self._changes), str(path), recursive=recursive)
            except FileNotFoundError:  # vanished in between; the next build looks again
                continue

    def start(self) -> None:
        self._observer.start()

    def stop(self) -> None:
        if self._observer.is_alive():
            self._observer.stop()
            self._observer.join(timeout=5)

    def next_batch(self, timeout: float) -> set[str]:
        """Paths changed in the next burst of events; empty if none came within `timeout`."""
        try:
            batch = dict([self._changes.get(timeout=timeout)])  # path -> complete
        except queue.Empty:
            return set()
        deadline = time.monotonic() + LONGEST
        while (left := deadline - time.monotonic()) > 0:
            wait = GRACE if all(batch.values()) else self.quiet
            try:
                path, complete = self._changes.get(timeout=min(wait, left))
            except queue.Empty:
                break
            batch[path] = complete  # the last event of a path tells its state
        return set(batch)
