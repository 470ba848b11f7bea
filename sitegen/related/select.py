"""The final lists: text score blended with tags and dates, duplicates kept apart, pins first.

score = (1 - tag_weight - date_weight) * text + tag_weight * Jaccard(tags)
        + date_weight * 1 / (1 + days apart / DATE_SCALE_DAYS)
An article never lists its own near-duplicates, nor two near-duplicates of each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from sitegen.config import RelatedConfig
from sitegen.model import Article, RelatedLink
from sitegen.related import vectors as vec
from sitegen.related.index import Index

DATE_SCALE_DAYS = 30.0  # a month apart halves the date bonus


@dataclass
class Group:
    """An index with its articles in row order."""

    index: Index
    articles: list[Article]
    rows: dict[str, int] = field(init=False)  # article id -> row

    def __post_init__(self) -> None:
        self.rows = {a.id: row for row, a in enumerate(self.articles)}


def related_lists(groups: list[Group], config: RelatedConfig,
                  by_slug: dict[str, Article]) -> dict[str, list[RelatedLink]]:
    """Every article's list, best first, at most config.count entries."""
    out: dict[str, list[RelatedLink]] = {}
    group_of = {a.id: g for g in groups for a in g.articles}
    for group in groups:
        cols, scores = (m.tolist() for m in _ranked(group, config))  # lists: read per item
        dup_of = _duplicate_sets(group.index)
        for x, article in enumerate(group.articles):
            if article.related is False:
                out[article.id] = []
                continue
            pins = article.related if isinstance(article.related, list) else []
            pinned = _pinned(article, pins, by_slug, group_of, config)
            blocked = {x}.union(dup_of.get(x, ()))
            for link in pinned:
                row = group.rows.get(link.article.id)
                if row is not None:
                    blocked.add(row)
                    blocked.update(dup_of.get(row, ()))
            out[article.id] = pinned + _automatic(group, cols[x], scores[x], blocked, dup_of,
                                                  config.count - len(pinned))
    return out


def _automatic(group: Group, cols: list[int], scores: list[float], blocked: set[int],
               dup_of: dict[int, set[int]], wanted: int) -> list[RelatedLink]:
    links: list[RelatedLink] = []
    if wanted <= 0:
        return links
    for y, score in zip(cols, scores, strict=True):
        if y < 0:
            break
        if y in blocked:
            continue
        links.append(RelatedLink(group.articles[y], score))
        if len(links) >= wanted:
            break
        blocked.add(y)
        if y in dup_of:
            blocked.update(dup_of[y])
    return links


def _pinned(article: Article, pins: list[str], by_slug: dict[str, Article],
            group_of: dict[str, Group], config: RelatedConfig) -> list[RelatedLink]:
    """Pinned articles in order; unknown slugs, the article itself and repeats skipped."""
    links: list[RelatedLink] = []
    seen = {article.id}
    for slug in pins:
        target = by_slug.get(slug)
        if target is None or target.id in seen or len(links) >= config.count:
            continue
        seen.add(target.id)
        links.append(RelatedLink(target, _pair_score(article, target, group_of, config), True))
    return links


def _pair_score(a: Article, b: Article, group_of: dict[str, Group],
                config: RelatedConfig) -> float:
    text = 0.0
    group = group_of[a.id]
    if group is group_of.get(b.id):
        pair = vec.pair_dots(group.index.expanded, np.array([group.rows[a.id]]),
                             np.array([[group.rows[b.id]]]))
        text = float(pair[0, 0])
    tags = _jaccard(_tag_matrix([a, b]), np.array([0]), np.array([1]))
    dates = _closeness(_days([a, b]), np.array([0]), np.array([1]))
    return float(_blend(np.array([text]), tags, dates, config)[0])


def _ranked(group: Group, config: RelatedConfig) -> tuple[np.ndarray, np.ndarray]:
    """Candidates of each row re-scored and sorted: best first, ties by lower column."""
    n, k = group.index.scores.shape
    cols = group.index.found.cols[:, :k]
    x = np.repeat(np.arange(n), k)
    y = cols.ravel()
    valid = y >= 0
    y = np.where(valid, y, 0)
    tags = _jaccard(_tag_matrix(group.articles), x, y)
    dates = _closeness(_days(group.articles), x, y)
    scores = _blend(group.index.scores.ravel(), tags, dates, config)
    scores = np.where(valid, scores, -np.inf).reshape(n, k)
    order = np.lexsort((np.where(cols >= 0, cols, n), -scores), axis=-1)
    return (np.take_along_axis(np.where(np.isfinite(scores), cols, -1), order, axis=-1),
            np.take_along_axis(scores, order, axis=-1))


def _blend(text: np.ndarray, tags: np.ndarray, dates: np.ndarray,
           config: RelatedConfig) -> np.ndarray:
    text_weight = max(0.0, 1.0 - config.tag_weight - config.date_weight)
    return text_weight * text + config.tag_weight * tags + config.date_weight * dates


def _tag_matrix(articles: list[Article]) -> sp.csr_matrix:
    names: dict[str, int] = {}
    rows, cols = [], []
    for row, article in enumerate(articles):
        for tag in {t.casefold() for t in article.tags}:
            rows.append(row)
            cols.append(names.setdefault(tag, len(names)))
    return sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(articles), len(names)))


def _jaccard(tags: sp.csr_matrix, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    if tags.nnz == 0:
        return np.zeros(len(x))
    shared = np.asarray(tags[x].multiply(tags[y]).sum(axis=1)).ravel()
    sizes = np.diff(tags.indptr)
    union = sizes[x] + sizes[y] - shared
    return np.divide(shared, union, out=np.zeros(len(x)), where=union > 0)


def _days(articles: list[Article]) -> np.ndarray:
    return np.array([a.date.timestamp() / 86400 if a.date else np.nan for a in articles])


def _closeness(days: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    apart = np.abs(days[x] - days[y])
    return np.where(np.isnan(apart), 0.0, 1.0 / (1.0 + np.nan_to_num(apart) / DATE_SCALE_DAYS))


def _duplicate_sets(index: Index) -> dict[int, set[int]]:
    """Row -> rows it is a near-duplicate of, both ways."""
    x, j = np.nonzero(index.duplicates)
    dup_of: dict[int, set[int]] = {}
    for a, b in zip(x.tolist(), index.found.cols[x, j].tolist(), strict=True):
        dup_of.setdefault(a, set()).add(b)
        dup_of.setdefault(b, set()).add(a)
    return dup_of
