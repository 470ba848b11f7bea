"""Tell article lines from boilerplate in a page dump (one block per line).

Each line gets a score from its own features: its length, whether it ends like a sentence,
its share of stop words (running prose is full of them; menus, teasers and labels are
not), known boilerplate phrasing, and evidence from outside the line (it repeats within
the page, or recurs across pages of the same site). The article is then the run of lines
with the highest total score (a maximum-sum segment): long prose lines pull it in, runs
of short menu items and boilerplate push it out, so a stray short line inside the article
is bridged while a footer after it is not.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from sitegen.analysis import tokenize
from sitegen.importer.lexicon import (
    CONTINUE,
    CREDIT,
    ELSEWHERE,
    FURNITURE,
    SECTION_LABEL,
    stop_list,
)

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_SENTENCE_END = re.compile(r"[.!?…:;。！？][\"'”’»)\]]*$")
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+")
_DIGITS = re.compile(r"\d+")

LONG = 10  # words: shorter lines are labels, menu items, headings or captions
TITLE_CASE = 0.75  # share of capitalised long words that makes a line a headline
REPEAT = 20  # words: a longer line shown twice is the article's lead, kept once
TEASER = 4  # words: an unpunctuated line this long may be the title of another page
MIN_STOP_RATIO = 0.12  # below this a long line is a list of names or keywords, not prose
ELSEWHERE_WORDS = 20  # words: a longer line opening with "Read more" is prose
CREDIT_WORDS = 8  # words: the most a picture credit at the end of a caption runs to
GAP_WEIGHT = 3.0  # how much more boilerplate costs in the tail of an article
PROMO = 30  # words: a shorter line naming the site is self-promotion ("Get X by email")


@dataclass
class Line:
    """One line of the dump with the features the scorer reads."""

    text: str
    size: float  # words; a CJK character counts as half a word
    stop_ratio: float | None  # None when we have no stop list for the language
    sentence: bool  # ends the way sentences end
    title_case: bool = False  # most long words capitalised: a headline, not a sentence
    boilerplate: bool = False  # known phrasing, or repeated on the page or the site
    barrier: bool = False  # a label that opens a boilerplate block ("Related articles")
    teaser: bool = False  # one of a run of headline-like lines, set by score_lines
    score: float = 0.0  # set by score_lines: > 0 article-like, < 0 boilerplate-like

    @property
    def prose(self) -> bool:
        return self.stop_ratio is None or self.stop_ratio >= MIN_STOP_RATIO


def line_key(text: str) -> str:
    """What makes two lines "the same" for repetition counts: folded words only."""
    return " ".join(tokenize(text))


def recurrence_key(key: str) -> str:
    """A short line's key with its numbers blanked: "12 comments" recurs as "3 comments".

    Long lines must recur word for word: articles on one site can differ only in numbers.
    """
    return _DIGITS.sub("0", key) if key.count(" ") < REPEAT else key


def measure(texts: list[str], lang: str, recurring: frozenset[str],
            keep: frozenset[int] = frozenset(), site: str = "") -> list[Line]:
    """Features of every line; `keep` lists lines exempt from the repetition test (titles)."""
    stops = stop_list(lang)
    nouns_capitalised = lang in ("de", "lb")
    keys = [line_key(t) for t in texts]
    counts = Counter(keys)
    first = {key: index for index, key in reversed(list(enumerate(keys)))}
    lines = []
    for index, (text, key) in enumerate(zip(texts, keys, strict=True)):
        words = key.split()
        size = len(words) + len(_CJK.findall(text)) / 2
        ratio = sum(w in stops for w in words) / len(words) if stops and words else None
        line = Line(text, size, ratio, bool(_SENTENCE_END.search(text)),
                    not nouns_capitalised and _title_case(text))
        repeated = index not in keep and (recurrence_key(key) in recurring or (
            counts[key] > 1 and (size < REPEAT or index != first[key])))
        line.barrier = bool(SECTION_LABEL.match(text)) and size <= 6
        promo = bool(site) and f" {site} " in f" {key} " and size < PROMO
        line.boilerplate = (line.barrier or repeated or promo or not _LETTER.search(text)
                            or _furniture(line, stops))
        lines.append(line)
    _mark_excerpts(lines)
    return lines


def _furniture(line: Line, stops: frozenset[str] | None) -> bool:
    """Known page furniture: menus and prompts, links elsewhere, captions ending in a credit."""
    if FURNITURE.search(line.text) and not _is_prose(line):
        return True
    return points_elsewhere(line.text, line.size) or is_credited_caption(line.text, stops)


def points_elsewhere(text: str, size: float) -> bool:
    """ "Read also: <title of another page>", "Continue reading »": a link, not the article."""
    return size <= ELSEWHERE_WORDS and bool(ELSEWHERE.match(text))


def is_credited_caption(text: str, stops: frozenset[str] | None) -> bool:
    """A caption ending in its picture's credit, "... Photo: Jane Doe"."""
    credit = CREDIT.search(text)
    if credit is None:
        return False
    words = line_key(credit.group("credit")).split()
    return 0 < len(words) <= CREDIT_WORDS and sum(w in (stops or ()) for w in words) <= 1


def _mark_excerpts(lines: list[Line]) -> None:
    """A line followed by a "Read more" link is the excerpt of another page."""
    for line, following in pairwise(lines):
        if following.size <= ELSEWHERE_WORDS and CONTINUE.match(following.text):
            line.boilerplate = True


def _title_case(text: str) -> bool:
    long_words = [w for w in _WORD.findall(text) if len(w) > 3]
    capitals = sum(w[0].isupper() for w in long_words)
    return len(long_words) >= 3 and capitals >= TITLE_CASE * len(long_words)


def _is_prose(line: Line) -> bool:
    return line.sentence and line.size >= 6 and line.prose


def score(line: Line) -> float:
    """Positive for article-like lines, negative for boilerplate-like ones."""
    if line.barrier:
        return -25.0
    if line.boilerplate:
        return -3.0 - line.size / 2
    if line.size >= LONG:
        if line.prose and line.sentence:
            return line.size
        return line.size * (0.5 if line.prose and not line.title_case else -0.3)
    return 0.5 if _is_prose(line) else -1.0


def score_lines(lines: list[Line]) -> list[float]:
    """Set and return each line's `score`; runs of headline-like lines score as teasers.

    Article paragraphs end like sentences; two or more unpunctuated lines in a row are
    the titles of other pages.
    """
    run: list[Line] = []
    for line in [*lines, None]:
        if line is not None:
            line.score = score(line)
        if line is not None and not line.sentence and line.size >= TEASER and not line.boilerplate:
            run.append(line)
            continue
        if len(run) >= 2:
            for teaser in run:
                teaser.teaser, teaser.score = True, -1.0 - teaser.size * 0.3
        run = []
    return [line.score for line in lines]


def best_span(scores: list[float], first: int = 0,
              last_start: int | None = None) -> tuple[float, int, int]:
    """(total, start, end) of the maximum-sum run of `scores[first:]` (Kadane's algorithm).

    With `last_start`, the run must start at or before that line: a run "soon after the
    headline".
    """
    last_start = len(scores) if last_start is None else last_start
    best, span = 0.0, (first, first)
    total, start = 0.0, first
    for index in range(first, len(scores)):
        if total <= 0 and index <= last_start:
            total, start = 0.0, index
        total += scores[index]
        if total > best:
            best, span = total, (start, index + 1)
    return best, *span


def article_end(scores: list[float], start: int, end: int) -> int:
    """Where the article in `scores[start:end]` really ends.

    Past the article's heaviest stretch of positive lines, what follows a gap of
    boilerplate is more often an author box, a newsletter prompt or a comment than more
    article, so the run is extended only as far as the gaps, weighted `GAP_WEIGHT` times,
    are outweighed by the lines gained.
    """
    core_end, heaviest, mass = start, 0.0, 0.0
    for index in range(start, end):
        mass = mass + scores[index] if scores[index] > 0 else 0.0
        if mass > heaviest:
            core_end, heaviest = index + 1, mass
    best, best_end, total = 0.0, core_end, 0.0
    for index in range(core_end, end):
        total += scores[index] if scores[index] > 0 else GAP_WEIGHT * scores[index]
        if total > best:
            best, best_end = total, index + 1
    return best_end
