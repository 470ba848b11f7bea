"""Top-k neighbors of every row by a sparse product against pruned postings.

Scores are `queries[x] . postings[y]`: a row meets only the articles that hold one of its
terms among their term's heaviest POSTINGS weights, so each row costs at most
terms x POSTINGS and the whole search grows linearly with the number of articles.
Rows are ranked best score first, ties by lower column (columns are ids in sorted order).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from sitegen.related.vectors import row_top

BLOCK_ENTRIES = 4_000_000  # product entries held at once, to bound memory at 50k


@dataclass
class Neighbors:
    cols: np.ndarray  # (rows, k) column of each neighbor, best first, -1 past the last
    scores: np.ndarray  # (rows, k), 0 past the last
    bounds: np.ndarray  # (rows,) no article outside a row's list scores more than this

    @classmethod
    def empty(cls, rows: int, k: int) -> Neighbors:
        return cls(np.full((rows, k), -1, dtype=np.int64), np.zeros((rows, k)), np.zeros(rows))


def search(queries: sp.csr_matrix, postings_t: sp.csr_matrix, rows: np.ndarray,
           k: int) -> Neighbors:
    """The `k` best columns of each query row; `rows` are the queries' own columns."""
    found = Neighbors.empty(len(rows), k)
    density = max(1, postings_t.nnz // max(1, postings_t.shape[0]))  # articles per term
    per_row = min(postings_t.shape[1], max(1, queries.nnz // max(1, queries.shape[0])) * density)
    block = max(1, min(2048, BLOCK_ENTRIES // per_row))
    for start in range(0, len(rows), block):
        product = queries[start:start + block] @ postings_t
        stop = start + product.shape[0]
        found.cols[start:stop], found.scores[start:stop] = row_top(product, k, rows[start:stop])
    found.bounds[:] = found.scores[:, -1]  # 0 where the list is not full: it has them all
    return found


def patch(old: Neighbors, new_of_old: np.ndarray, changed: np.ndarray,
          queries: sp.csr_matrix, postings: sp.csr_matrix,
          used: int) -> tuple[Neighbors, np.ndarray, np.ndarray]:
    """The old search result carried over to the new rows and patched where it can be.

    `new_of_old[o]` is the new row of old row o, or -1 if that article is gone or its
    vectors changed; `changed` lists the new rows with new vectors. An unchanged row
    drops the changed articles from its list and takes in those that now score above
    its bound. Only the first `used` entries count, so a list stays exact while it has
    that many; past that, or on a tie with the bound, the row is searched again.
    Returns the result, the rows to search again and the rows whose first `used`
    entries changed.
    """
    n = queries.shape[0]
    result = Neighbors.empty(n, old.cols.shape[1])
    old_of_new = np.full(n, -1, dtype=np.int64)
    kept = np.flatnonzero(new_of_old >= 0)
    old_of_new[new_of_old[kept]] = kept
    same = np.flatnonzero(old_of_new >= 0)
    if len(changed) * 2 > n:  # cheaper to search everything again
        return result, np.arange(n), np.arange(n)
    cols = old.cols[old_of_new[same]]
    mapped = np.where(cols >= 0, new_of_old[np.maximum(cols, 0)], -1)
    result.cols[same] = mapped
    result.scores[same] = np.where(mapped >= 0, old.scores[old_of_new[same]], 0.0)
    result.bounds[same] = old.bounds[old_of_new[same]]
    search = np.zeros(n, dtype=bool)
    search[changed] = True
    entering = _entering(result, same, changed, queries, postings)
    dirty = set(same[((cols >= 0) & (mapped < 0)).any(axis=1)].tolist()) | entering.keys()
    for row in sorted(dirty):
        search[row] = not _merge(result, row, entering.get(row, []), used)
    before = np.full((n, used), -2, dtype=np.int64)
    before[same] = mapped[:, :used]
    touched = (result.cols[:, :used] != before).any(axis=1) | search
    return result, np.flatnonzero(search), np.flatnonzero(touched)


def _entering(result: Neighbors, same: np.ndarray, changed: np.ndarray,
              queries: sp.csr_matrix, postings: sp.csr_matrix) -> dict[int, list]:
    """Row -> [(score, column)] of the changed articles that enter its list, with
    score None for a tie with the row's bound (which needs a new search).

    Scores of one row against some columns add up in the same order as against all,
    so they are the very numbers a full search computes.
    """
    if not len(changed) or not len(same):
        return {}
    found = (queries[same] @ postings[changed].T).tocoo()
    rows, cols, scores = same[found.row], changed[found.col], found.data
    bound = result.bounds[rows]
    hit = (scores > 0) & (scores >= bound) & (cols != rows)
    out: dict[int, list] = {}
    for row, col, score, tie in zip(rows[hit].tolist(), cols[hit].tolist(),
                                    scores[hit].tolist(), (scores == bound)[hit].tolist(),
                                    strict=True):
        out.setdefault(row, []).append((None if tie else score, col))
    return out


def _merge(result: Neighbors, row: int, entering: list, used: int) -> bool:
    """Patch one row in place; False when only a new search can tell its list."""
    if any(score is None for score, _ in entering):
        return False
    present = result.cols[row] >= 0
    pairs = list(zip(result.scores[row][present].tolist(), result.cols[row][present].tolist(),
                     strict=True)) + entering
    if result.bounds[row] > 0 and len(pairs) < used:  # unknown articles could rank higher
        return False
    pairs.sort(key=lambda p: (-p[0], p[1]))
    k = result.cols.shape[1]
    if len(pairs) > k:  # what falls off the end is outside the list now
        result.bounds[row] = max(result.bounds[row], pairs[k][0])
        pairs = pairs[:k]
    result.cols[row], result.scores[row] = -1, 0.0
    result.cols[row, :len(pairs)] = [c for _, c in pairs]
    result.scores[row, :len(pairs)] = [s for s, _ in pairs]
    return True
