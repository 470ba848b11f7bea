"""One piece of work in a forked process while the build goes on.

The search export is serial Python, and the stages beside it (related lists, page
planning) leave a core idle for seconds at a time on a large site: running it alongside
puts that core to work. Small sites do it in place, where forking costs more than it saves.
A plain process and a pipe, not a pool: a pool's threads would make every later fork of
the build (its own worker pools) a fork of a threaded process.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

from sitegen.memory import libc

T = TypeVar("T")


def _run(work: Callable[[], Any], out: Connection, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _end_with(parent)
    try:
        result = (True, work())
    except BaseException as exc:  # noqa: BLE001 - handed to the parent, raised there
        result = (False, exc)
    with contextlib.suppress(OSError):  # the parent stopped waiting: its build failed
        out.send(result)


PR_SET_PDEATHSIG = 1  # from Linux's prctl.h


def _end_with(parent: int) -> None:
    """On Linux, have this process killed when `parent`, which started it, ends. A failed
    build stops its background process with SIGKILL, and a process that one started (the
    search export's) would otherwise work on, alone, to the end of its task."""
    prctl = getattr(libc(), "prctl", None)
    if prctl and prctl(PR_SET_PDEATHSIG, signal.SIGKILL) == 0 and os.getppid() != parent:
        os._exit(1)  # the parent ended before the request was made


class Background(Generic[T]):
    """`work()` started now, in a child process if `fork`; `result()` waits for it."""

    def __init__(self, work: Callable[[], T], fork: bool) -> None:
        self._work: Callable[[], T] = work
        self._process = None
        if fork:
            context = multiprocessing.get_context("fork")
            self._inbox, outbox = context.Pipe(duplex=False)
            # Not a daemon, which could not start a process of its own (the search export
            # does); the `with` block that holds it stops it, and it ends with this one.
            self._process = context.Process(target=_run, args=(work, outbox, os.getpid()))
            self._process.start()
            outbox.close()

    def result(self) -> T:
        if self._process is None:
            return self._work()
        try:
            ok, value = self._inbox.recv()
        finally:
            self._stop()
        if not ok:
            raise value
        return value

    def _stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join()
            self._inbox.close()
            self._process = None

    def __enter__(self) -> Background[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop()  # the build failed before it needed the result: drop it
