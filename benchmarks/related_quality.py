"""Related-posts quality: share of top-5 links in the article's own (hidden) category.

    python benchmarks/related_quality.py

BBC and Wikinews articles of ../shared/corpus are given to compute_related with their
tags removed; a link is right when the two articles share a corpus category (Wikinews
articles can have two: sharing any counts). The peer is plain TF-IDF cosine (sublinear
tf, smoothed idf, L2) with pairs at cosine >= 0.9 excluded as duplicates, in the same run.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from corpus import records  # noqa: E402
from related_articles import to_article  # noqa: E402

from sitegen.config import RelatedConfig  # noqa: E402
from sitegen.document_cache import load_documents  # noqa: E402
from sitegen.related import compute_related  # noqa: E402
from sitegen.related.terms import Vocabulary  # noqa: E402
from sitegen.related.vectors import normalized  # noqa: E402

TOP = 5


def share_right(lists: dict[str, list[str]], categories: dict[str, set[str]]) -> float:
    right = total = 0
    for ident, related in lists.items():
        for other in related:
            total += 1
            right += bool(categories[ident] & categories[other])
    return right / total


def plain_similarities(articles) -> np.ndarray:
    """Plain TF-IDF cosine of every pair, over the same analyzed terms."""
    counts = Vocabulary().count(load_documents(articles, None))
    n = counts.shape[0]
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    weights = counts.copy()
    weights.data = (1 + np.log(weights.data)) * (np.log((n + 1) / (df + 1)) + 1)[weights.indices]
    v = normalized(weights)
    return (v @ v.T).toarray()


def plain_tfidf(articles, sims: np.ndarray) -> dict[str, list[str]]:
    """The peer: plain TF-IDF cosine, duplicates (cosine >= 0.9) excluded."""
    sims = sims.copy()
    np.fill_diagonal(sims, -1.0)
    sims[sims >= 0.9] = -1.0
    order = np.argsort(-sims, axis=1, kind="stable")[:, :TOP]
    return {a.id: [articles[j].id for j in row] for a, row in zip(articles, order, strict=True)}


def main() -> None:
    for name in ("bbc_news.jsonl.gz", "wikinews_en.jsonl.gz"):
        recs = list(records(name))
        articles = [to_article(r, tags=False) for r in recs]
        categories = {a.id: set(r["tags"]) for a, r in zip(articles, recs, strict=True)}
        started = time.perf_counter()
        result = compute_related(articles, RelatedConfig(count=TOP), None)
        seconds = time.perf_counter() - started
        ours = share_right({k: [link.article.id for link in v] for k, v in result.items()},
                           categories)
        sims = plain_similarities(articles)
        peer = share_right(plain_tfidf(articles, sims), categories)
        short = sum(len(v) < TOP for v in result.values())
        row = {a.id: i for i, a in enumerate(articles)}
        twins = sum(sims[row[x], row[link.article.id]] >= 0.95
                    for x, links in result.items() for link in links)
        print(f"{name}: {len(articles)} articles, sitegen {ours:.4f}, plain TF-IDF {peer:.4f} "
              f"(ratio {ours / peer:.3f}); {short} lists shorter than {TOP}; {twins} links "
              f"to a near-copy (plain cosine >= 0.95); {seconds:.2f} s")


if __name__ == "__main__":
    main()
