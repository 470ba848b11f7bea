"""Term counts of articles for related posts, from the shared analysis (documents.py):
related posts weigh the very terms a reader would search for."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import scipy.sparse as sp

from sitegen.document_cache import Analyzed
from sitegen.documents import concatenated, numbered

TITLE_WEIGHT = 2  # a title's words count twice: it says what the article is about


class Vocabulary:
    """Term <-> id, shared by all languages; kept between builds so ids stay valid."""

    def __init__(self, terms: Iterable[str] = ()) -> None:
        self.terms: list[str] = list(terms)
        self.ids: dict[str, int] = {t: i for i, t in enumerate(self.terms)}

    def __len__(self) -> int:
        return len(self.terms)

    def sort(self) -> np.ndarray | None:
        """Put the terms in sorted order; returns each old id's new id, None if in order.

        Sorted ids make every matrix the same whatever order articles were analyzed in,
        down to the rounding of sums, so a rebuild equals a build from scratch.
        """
        if all(map(str.__lt__, self.terms, self.terms[1:])):  # the usual case: quick
            return None
        order = sorted(range(len(self.terms)), key=self.terms.__getitem__)
        new_ids = np.empty(len(order), dtype=np.int64)
        new_ids[order] = np.arange(len(order))
        self.__init__([self.terms[i] for i in order])
        return new_ids

    def number(self, term: str) -> int:
        return numbered(term, self.ids, self.terms)

    def count(self, analyzed: Analyzed) -> sp.csr_matrix:
        """Counts of title (TITLE_WEIGHT times) and body terms, one row per document,
        by this vocabulary's ids."""
        fields = [f for d in analyzed.documents for f in (d.title, d.body)]
        cols = concatenated([f.ids for f in fields]).astype(np.int64)
        vals = concatenated([f.counts for f in fields]) * 1.0
        sizes = np.array([len(f.ids) for f in fields], dtype=np.int64)
        vals[np.repeat(np.arange(len(fields)) % 2 == 0, sizes)] *= TITLE_WEIGHT
        rows = np.repeat(np.arange(len(fields)) // 2, sizes)
        used = np.flatnonzero(np.bincount(cols, minlength=len(analyzed.vocabulary.terms)))
        ids = np.zeros(len(analyzed.vocabulary.terms), dtype=np.int64)
        terms = analyzed.vocabulary.terms
        for term in sorted(terms[t] for t in used if terms[t] not in self.ids):
            self.number(term)  # new terms in order: a first build's vocabulary is sorted
        ids[used] = [self.ids[terms[t]] for t in used]
        counts = sp.coo_matrix((vals, (rows, ids[cols])),
                               shape=(len(analyzed.documents), len(self.terms))).tocsr()
        counts.sort_indices()
        return counts
