"""What an import did, file by file, and how it is shown: a progress bar, then a summary."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TextIO

STATUSES = ("imported", "updated", "unchanged", "skipped", "duplicate", "failed")
PROGRESS_MIN = 20  # files: smaller batches finish before a bar would help


@dataclass(frozen=True)
class FileResult:
    """The outcome for one input file; `detail` says why for skips, duplicates, failures."""

    source: str
    status: str
    detail: str = ""
    output: str = ""


@dataclass
class ImportReport:
    results: list[FileResult] = field(default_factory=list)

    def add(self, source: str, status: str, detail: str = "", output: str = "") -> FileResult:
        result = FileResult(source, status, detail, output)
        self.results.append(result)
        return result

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def exit_code(self) -> int:
        return 1 if self.count("failed") else 0

    def summary(self) -> str:
        """One line per file that needs a look (skipped, duplicate, failed), then the totals."""
        lines = [f"{r.status}: {r.source}: {r.detail}" for r in self.results
                 if r.status in ("skipped", "duplicate", "failed")]
        totals = ", ".join(f"{self.count(s)} {s}" for s in STATUSES)
        return "\n".join([*lines, f"import: {totals}"])


class Progress:
    """A one-line bar on a terminal's stderr for large batches; silent otherwise."""

    def __init__(self, total: int, stream: TextIO | None = None, width: int = 30) -> None:
        self.stream = stream or sys.stderr
        self.total, self.done, self.width = total, 0, width
        self.shown = total >= PROGRESS_MIN and self.stream.isatty()

    def step(self) -> None:
        self.done += 1
        if self.shown:
            filled = self.width * self.done // self.total
            bar = "#" * filled + "." * (self.width - filled)
            self.stream.write(f"\rimporting [{bar}] {self.done}/{self.total}")
            self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * (self.width + 30) + "\r")
            self.stream.flush()
