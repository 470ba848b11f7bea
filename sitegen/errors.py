"""Errors that point at the file and line a user has to fix."""

from __future__ import annotations

import signal
from dataclasses import dataclass
from pathlib import Path

# Pool(initializer, initargs) for worker processes: Ctrl-C is the parent's to handle, so
# workers ignore it instead of each printing a traceback.
IGNORE_SIGINT = (signal.signal, (signal.SIGINT, signal.SIG_IGN))


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as we can."""

    path: Path | str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.message}"


class SitegenError(Exception):
    """Base class: anything the CLI reports as a clean message, not a traceback."""


class BuildError(SitegenError):
    """A build found problems; it carries all of them so one run reports every one."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (str(p.path), p.line or 0, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


class ConfigError(SitegenError):
    """sitegen.toml is unreadable or a key has a bad value."""
