"""Work beside the build: the same result in a child process as in place."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitegen import pipeline
from sitegen.background import Background
from sitegen.build import BuildOptions, build_site


def test_work_runs_in_a_child_and_hands_back_its_result():
    parent = os.getpid()
    with Background(lambda: (os.getpid(), {"search/a.js": b"x" * 200_000}), fork=True) as job:
        pid, files = job.result()
    assert pid != parent and files == {"search/a.js": b"x" * 200_000}


def test_an_error_in_the_child_is_raised_in_the_parent():
    def fail():
        raise ValueError("bad index")

    with Background(fail, fork=True) as job, pytest.raises(ValueError, match="bad index"):
        job.result()


PARENT = """
import os, sys, time
from sitegen.background import Background
with Background(lambda: time.sleep(60), fork=True) as job:
    print(job._process.pid, flush=True)
    time.sleep(60)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_a_background_process_ends_when_the_process_that_started_it_is_killed():
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    assert _running(child)
    parent.kill()  # as a failed build's own background process is stopped
    parent.wait()
    deadline = time.monotonic() + 10
    while _running(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(child)


def _running(pid: int) -> bool:
    """Whether `pid` is alive (a zombie nobody has reaped yet is not)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def test_without_fork_the_work_runs_in_place_when_asked_for():
    calls = []
    job = Background(lambda: calls.append(os.getpid()) or len(calls), fork=False)
    assert calls == []
    assert job.result() == 1 and calls == [os.getpid()]


def test_a_build_working_beside_its_planning_writes_the_same_site(site, tmp_path,
                                                                    monkeypatch):
    build_site(BuildOptions(source=site, output=tmp_path / "in-place", jobs=2))
    monkeypatch.setattr(pipeline, "BACKGROUND_MIN", 1)
    build_site(BuildOptions(source=site, output=tmp_path / "forked", jobs=2))
    files = {p.relative_to(tmp_path / "in-place"): p.read_bytes()
             for p in (tmp_path / "in-place").rglob("*") if p.is_file()}
    assert any(str(name).startswith("search/") for name in files)
    assert files == {p.relative_to(tmp_path / "forked"): p.read_bytes()
                     for p in (tmp_path / "forked").rglob("*") if p.is_file()}
