"""Related posts: for every article, the articles most like it, from their text.

Text similarity comes from the shared analyzer (the terms search uses), weighted as
TF-IDF and expanded with each article's nearest neighbors (see `index`); tags and dates
adjust the ranking, near-duplicates are kept out, and front matter can pin or hide
(see `select`). Languages stay apart unless the site says otherwise.

Incremental: each group's index is cached and updated row by row (see `index.update`):
a rebuild recomputes what an edit can have changed, and gives exactly what a build
from scratch would. Term counts come from the analysis search shares (document_cache),
which is itself cached per article.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sitegen.config import RelatedConfig
from sitegen.document_cache import Analyzed, load_documents
from sitegen.memory import cycle_collection_paused, limit_peak
from sitegen.model import Article, RelatedLink
from sitegen.related import cache
from sitegen.related.index import CANDIDATES, Index, update
from sitegen.related.select import Group, related_lists
from sitegen.related.terms import Vocabulary
from sitegen.related.vectors import renumbered


def compute_related(articles: list[Article], config: RelatedConfig, cache_dir: Path | None,
                    analyzed: Analyzed | None = None,
                    save: bool = True) -> dict[str, list[RelatedLink]]:
    """Article id -> its related links, best first, at most `config.count`.
    `analyzed`: the analysis of `articles`, in their order, if the caller has it;
    `save`: write the cache now, else keep it in memory for a later call to write."""
    if config.count <= 0 or not articles:
        return {a.id: [] for a in articles}
    limit_peak(len(articles))
    analyzed = analyzed or load_documents(articles, None)
    version = cache.version(config)
    state = cache.load(cache_dir, version) if cache_dir else None
    vocabulary = Vocabulary(state.terms if state else ())
    keys = analyzed.keys  # a row is reused while its article's document is the same
    counts = vocabulary.count(analyzed)
    old = dict(state.indexes) if state else {}
    new_ids = vocabulary.sort()
    if new_ids is not None:
        counts = renumbered(counts, new_ids, len(vocabulary))
        old = {name: index.renumbered(new_ids, len(vocabulary)) for name, index in old.items()}
    candidates = max(CANDIDATES, config.count + 10)  # room for duplicates and pins
    indexes: dict[str, Index] = {}
    groups = []
    for name, rows in _groups(articles, config).items():
        indexes[name] = update(old.get(name) or Index.empty(len(vocabulary), candidates),
                               [articles[r].id for r in rows], [keys[r] for r in rows],
                               counts[rows], config.duplicate_threshold)
        groups.append(Group(indexes[name], [articles[r] for r in rows]))
    unchanged = state is not None and new_ids is None and all(
        state.indexes.get(name) is index for name, index in indexes.items())
    if cache_dir:
        cache.keep(cache_dir, state if unchanged else
                   cache.State(version, vocabulary.terms, indexes), write=save)
    with cycle_collection_paused():  # 50,000 links at 10k articles: 0.37 -> 0.19 s
        return related_lists(groups, config, {a.slug: a for a in articles})


def _groups(articles: list[Article], config: RelatedConfig) -> dict[str, np.ndarray]:
    """Positions of the articles of each group (a language, or all), sorted by id."""
    groups: dict[str, list[int]] = {}
    for i in sorted(range(len(articles)), key=lambda i: articles[i].id):
        groups.setdefault("" if config.cross_language else articles[i].lang, []).append(i)
    return {name: np.array(rows, dtype=np.int64) for name, rows in sorted(groups.items())}
