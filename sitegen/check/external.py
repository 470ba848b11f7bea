"""`sitegen check --external`: ask each outside URL once, politely and with a time limit.

Only an answer that says the page is gone (404, 410) is a problem. A time-out, a refused
connection or any other error status is a warning: the network, a rate limit or a bot
filter says nothing certain about the link, and a flaky host must not fail a build.
"""

from __future__ import annotations

import http.client
import threading
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from sitegen import __version__
from sitegen.errors import Problem

TIMEOUT = 10.0  # seconds per request
CONCURRENCY = 8  # requests at once in all
PER_HOST = 2  # requests at once to one host
GONE = (404, 410)


@dataclass(frozen=True)
class Answer:
    status: int | None  # None: no HTTP answer at all
    error: str = ""


def probe(url: str, timeout: float = TIMEOUT) -> Answer:
    """HEAD, then GET when HEAD fails (many servers refuse or mishandle HEAD)."""
    answer = Answer(None, "not checked")
    for method in ("HEAD", "GET"):
        request = Request(url, method=method,
                          headers={"User-Agent": f"sitegen-check/{__version__}"})
        try:
            with urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only
                return Answer(response.status)
        except HTTPError as exc:
            answer = Answer(exc.code)
        except (URLError, OSError, http.client.HTTPException, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError):
                return Answer(None, "timed out")  # a GET would only time out again
            answer = Answer(None, str(reason))
    return answer


def check_external(places: dict[str, list[tuple[str, int]]], timeout: float = TIMEOUT,
                   concurrency: int = CONCURRENCY) -> tuple[list[Problem], list[Problem]]:
    """(problems, warnings) for the outside URLs, each reported where it first appears."""
    hosts: dict[str, threading.Semaphore] = defaultdict(lambda: threading.Semaphore(PER_HOST))
    for url in places:
        hosts[urlsplit(url).netloc.lower()]  # create every semaphore before the threads start

    def ask(url: str) -> Answer:
        with hosts[urlsplit(url).netloc.lower()]:
            return probe(url, timeout)

    urls = sorted(places)
    with ThreadPoolExecutor(max_workers=max(1, min(concurrency, len(urls)))) as pool:
        answers = dict(zip(urls, pool.map(ask, urls), strict=True))
    problems, warnings = [], []
    for url, answer in answers.items():
        path, line = places[url][0]
        more = f" (and {len(places[url]) - 1} more places)" if len(places[url]) > 1 else ""
        if answer.status in GONE:
            problems.append(Problem(path, line, f"broken outside link (HTTP {answer.status}): "
                                                f"{url}{more}"))
        elif answer.status is None:
            warnings.append(Problem(path, line, f"could not check {url}: {answer.error}{more}"))
        elif answer.status >= 400:
            warnings.append(Problem(path, line, f"{url} answered HTTP {answer.status}{more}"))
    return sorted(problems, key=_place), sorted(warnings, key=_place)


def _place(problem: Problem) -> tuple[str, int]:
    return str(problem.path), problem.line or 0
