"""Term counts of articles, from the shared analyzer, fast enough for 10,000 articles.

`analyze` works token by token, so analyzing a text equals analyzing each of its
whitespace-separated chunks in turn. Articles repeat the same chunks endlessly ("the",
"said,", "(BBC)"), so each distinct chunk is analyzed once and remembered: the result is
exactly `analyze(title + title + body)`, at a fraction of the cost.
"""

from __future__ import annotations

import hashlib
import string
from collections import Counter
from collections.abc import Iterable

import numpy as np
import scipy.sparse as sp

from sitegen.analysis import analyze
from sitegen.model import Article
from sitegen.related.parallel import map_rows

# Edge characters that can never be part of a token (tokens are \w runs joined by inner
# apostrophes); "_" is a word character, so it stays.
NONE = -1  # the code of a chunk without terms (stop words, numbers, punctuation)
_EDGES = string.punctuation.replace("_", "") + "“”‘’«»„—–…·•"


def text_key(article: Article) -> str:
    """What the term counts depend on: title, body and language."""
    data = "\0".join((article.lang, article.title, article.text)).encode("utf-8", "replace")
    return hashlib.sha1(data).hexdigest()


class Vocabulary:
    """Term <-> id, shared by all languages; kept between builds so ids stay valid."""

    def __init__(self, terms: Iterable[str] = ()) -> None:
        self.terms: list[str] = list(terms)
        self.ids: dict[str, int] = {t: i for i, t in enumerate(self.terms)}
        # lang -> chunk -> code: a term id, NONE, or -2 - i for the i-th entry of _multi
        self._chunks: dict[str, dict[str, int]] = {}
        self._keys: dict[tuple[str, str], int] = {}  # the same, by stripped chunk
        self._multi: list[list[int]] = []  # term ids of chunks holding several terms

    def __len__(self) -> int:
        return len(self.terms)

    def sort(self) -> np.ndarray | None:
        """Put the terms in sorted order; returns each old id's new id, None if in order.

        Sorted ids make every matrix the same whatever order articles were analyzed in,
        down to the rounding of sums, so a rebuild equals a build from scratch.
        """
        order = sorted(range(len(self.terms)), key=self.terms.__getitem__)
        if order == list(range(len(order))):
            return None
        new_ids = np.empty(len(order), dtype=np.int64)
        new_ids[order] = np.arange(len(order))
        self.__init__([self.terms[i] for i in order])
        return new_ids

    def _id(self, term: str) -> int:
        found = self.ids.get(term)
        if found is None:
            found = self.ids[term] = len(self.terms)
            self.terms.append(term)
        return found

    def _code(self, chunk: str, lang: str) -> int:
        """The code of one chunk, analyzed: the slow path of `count`, remembered."""
        key = chunk.strip(_EDGES)
        lower = key.lower()
        if len(lower) == len(key):  # not so for "İ", which lower() splits into two characters
            key = lower
        code = self._keys.get((lang, key))
        if code is None:
            ids = [self._id(t) for t in analyze(key, lang)]
            code = ids[0] if len(ids) == 1 else NONE if not ids else -2 - len(self._multi)
            if len(ids) > 1:
                self._multi.append(ids)
            self._keys[(lang, key)] = code
        self._chunks[lang][chunk] = code
        return code

    def count(self, articles: list[Article]) -> sp.csr_matrix:
        """Counts of analyze(title, title, body) per article, one row each, by term id.

        Many articles are split between processes, each with a vocabulary of its own;
        their columns are renumbered into this one.
        """
        def work(part: np.ndarray) -> tuple[list[str], sp.csr_matrix]:
            own = Vocabulary() if len(part) < len(articles) else self
            return own.terms, own._count([articles[i] for i in part])

        parts = map_rows(work, np.arange(len(articles)))
        if len(parts) == 1:
            return parts[0][1]
        renumbered = []
        for terms, counts in parts:
            ids = np.array([self._id(t) for t in terms], dtype=np.int64)
            renumbered.append((counts.data, ids[counts.indices], counts.indptr))
        out = sp.vstack([sp.csr_matrix(r, shape=(len(r[2]) - 1, len(self.terms)))
                         for r in renumbered], format="csr")
        out.sort_indices()
        return out

    def _count(self, articles: list[Article]) -> sp.csr_matrix:
        codes: list[int] = []  # the code of each distinct chunk, article after article
        repeats: list[int] = []  # how often each chunk occurs in its article
        sizes: list[int] = []  # distinct chunks per article
        for article in articles:
            lang = article.lang
            known = self._chunks.setdefault(lang, {})
            chunks = Counter(f"{article.title}\n{article.title}\n{article.text}".split())
            found = list(map(known.get, chunks))
            if None in found:
                found = [code if code is not None else self._code(chunk, lang)
                         for chunk, code in zip(chunks, found, strict=True)]
            codes += found
            repeats += chunks.values()
            sizes.append(len(found))
        cols = np.array(codes, dtype=np.int64)
        rows = np.repeat(np.arange(len(articles)), sizes)
        vals = np.array(repeats, dtype=np.float64)
        rows, cols, vals = self._expand(rows, cols, vals)
        counts = sp.coo_matrix((vals, (rows, cols)), shape=(len(articles), len(self.terms)))
        return counts.tocsr()  # sums the counts of a term met in several chunks

    def _expand(self, rows: np.ndarray, cols: np.ndarray, vals: np.ndarray):
        """Drop chunks without terms; give multi-term chunks one entry per term."""
        multi = np.flatnonzero(cols <= -2)
        extra = [(rows[i], t, vals[i]) for i in multi for t in self._multi[-2 - cols[i]]]
        keep = cols >= 0
        rows, cols, vals = rows[keep], cols[keep], vals[keep]
        if extra:
            more = np.array(extra, dtype=np.float64).T
            rows = np.concatenate([rows, more[0].astype(np.int64)])
            cols = np.concatenate([cols, more[1].astype(np.int64)])
            vals = np.concatenate([vals, more[2]])
        return rows, cols, vals
