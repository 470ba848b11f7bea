"""Shared by the serve tests and benchmarks/serve.py: a site with the minimal templates,
`sitegen serve` in a subprocess, and headless Chromium."""

from __future__ import annotations

import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def add_minimal_theme(site: Path) -> Path:
    """Give `site` its own templates/ and static/ (they override the theme's)."""
    for folder in ("templates", "static"):
        shutil.copytree(HERE / folder, site / folder, dirs_exist_ok=True)
    return site


def small_site(root: Path) -> Path:
    """Articles "one", "two", "three" (newest first, tag "t") under the sub-path /sub/."""
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "sitegen.toml").write_text('title = "Serve test"\n'
                                       'base_url = "https://example.org/sub/"\n')
    for name, day in (("one", 3), ("two", 2), ("three", 1)):
        (root / "content" / f"{name}.md").write_text(
            f"---\ntitle: Article {name}\ndate: 2024-05-0{day}\ntags: [t]\n---\n"
            f"Text of {name}.\n", encoding="utf-8")
    return add_minimal_theme(root)


def launch_chromium(playwright):  # type: ignore[no-untyped-def]
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


class ServeProcess:
    """`python -m sitegen serve --port 0` in a subprocess, its output read line by line."""

    def __init__(self, source: Path, *args: str, port: int = 0, timeout: float = 120,
                 wait: bool = True):
        self.source = source
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sitegen", "serve", "--source", str(source),
             "--port", str(port), *args],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
        self.lines: list[str] = []
        self._new: queue.SimpleQueue[str] = queue.SimpleQueue()
        threading.Thread(target=self._read, daemon=True).start()
        self.url = self.origin = ""  # e.g. http://127.0.0.1:4321/sub/ and its origin
        if wait:
            self.url = self.wait_for(r"at (http://\S+) \(Ctrl-C", timeout).group(1)
            self.origin = "/".join(self.url.split("/")[:3])

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line)
            self._new.put(line)
        self._new.put("")

    def wait_for(self, pattern: str, timeout: float = 20) -> re.Match[str]:
        """The first line, among those not yet waited for, matching `pattern`."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._new.get(timeout=left)
            except queue.Empty:
                break
            if not line:
                break  # the process ended
            if match := re.search(pattern, line):
                return match
        raise AssertionError(f"no line matching {pattern!r} in:\n{''.join(self.lines)}")

    def stop(self, sig: int = signal.SIGINT) -> int:
        """Stop as Ctrl-C does; returns the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode
