"""The whoosh index behind `sitegen search`, in <source>/.sitegen-cache/whoosh/.

It is brought up to date lazily, just before a terminal search, and only for the
articles whose source changed: whoosh needs about 30 s for 10,000 articles, which a
`sitegen build` must never wait for. Its analyzer is the shared one (sitegen.analysis),
and queries are scored with the same BM25F parameters as the browser (scoring.py).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from whoosh import index
from whoosh.analysis import Token, Tokenizer
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.query import And, Every, Or, Term
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from sitegen.analysis import index_tokens, stem, stop_words
from sitegen.document_cache import VERSION, document_key
from sitegen.model import Article, Site
from sitegen.search import query as q
from sitegen.search.scoring import BOOSTS, FIELDS, K1, B
from sitegen.slugs import slugify

FOLDER = "whoosh"
_LANG = "\x1f"  # field values are "lang<US>text": whoosh analyzers see no per-document language


class SitegenTokenizer(Tokenizer):
    """Tokens of sitegen.analysis: terms with their positions, or, for whoosh's
    spelling fields (`nomorph`), the folded words themselves."""

    is_morph = True

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "", **kwargs):
        lang, _, text = value.partition(_LANG)
        words = kwargs.get("nomorph") or kwargs.get("no_morph")  # whoosh spells it both ways
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, word, term in index_tokens(text, lang):
            token.text = word if words else term
            token.stopped = False
            token.boost = 1.0
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = token.endchar = start_char
            yield token


def schema() -> Schema:
    text = {"analyzer": SitegenTokenizer(), "phrase": True, "spelling": True}
    return Schema(id=ID(stored=True, unique=True), key=ID(stored=True), title=TEXT(**text),
                  body=TEXT(**text), tags=KEYWORD(commas=True))


def open_index(cache_dir: Path) -> index.Index:
    """The index in `cache_dir`, created afresh when missing or made by another version."""
    folder = cache_dir / FOLDER
    stamp = folder / "sitegen-version"
    if folder.is_dir() and index.exists_in(folder) and stamp.is_file() \
            and stamp.read_text() == VERSION:
        return index.open_dir(folder)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    created = index.create_in(folder, schema())
    stamp.write_text(VERSION)
    return created


def update_index(ix: index.Index, site: Site,
                 announce: Callable[[int], None] | None = None) -> int:
    """Index new and edited articles, drop removed ones; returns how many changed.
    `announce` hears the number first, when there is any work to do."""
    with ix.searcher() as searcher:
        stored = {f["id"]: f["key"] for f in searcher.all_stored_fields()}
        deleted = searcher.doc_count_all() - searcher.doc_count()
    current = {a.id: (document_key(a), a) for a in site.articles}
    stale = [i for i, key in stored.items() if current.get(i, ("",))[0] != key]
    fresh = [(key, a) for i, (key, a) in current.items() if stored.get(i) != key]
    if not stale and not fresh:
        return 0
    if announce:
        announce(len(fresh))
    writer = ix.writer(limitmb=256)
    for article_id in stale:
        writer.delete_by_term("id", article_id)
    for key, article in fresh:
        writer.add_document(id=article.id, key=key, title=_value(article, article.title),
                            body=_value(article, article.text),
                            tags=",".join(slugify(t) for t in article.tags))
    # Deleted documents count in whoosh's statistics until merged away, while the
    # browser counts only current articles. Merging everything costs as much as indexing,
    # so it waits until deletions are more than a sliver (2%) of the index.
    writer.commit(optimize=(deleted + len(stale)) * 50 > len(current))
    return len(set(stale) | {a.id for _, a in fresh})


def _value(article: Article, text: str) -> str:
    return f"{article.lang}{_LANG}{text}"


def weighting() -> BM25F:
    return BM25F(B=B, K1=K1)


class WhooshLexicon:
    """query.Lexicon over a whoosh index: its terms, and words from its spelling fields."""

    def __init__(self, searcher: Searcher, langs: set[str]):
        self.reader = searcher.reader()
        self.langs = sorted(langs)
        self.stops = set().union(*(stop_words(lang) for lang in self.langs))

    def is_stop(self, word: str) -> bool:
        return word in self.stops

    def forms(self, word: str) -> list[str] | None:
        if not any((f"spell_{f}", word) in self.reader for f in FIELDS):
            return None
        return sorted({t for t in (stem(word, lang) for lang in self.langs) if self.is_term(t)})

    def is_term(self, term: str) -> bool:
        return any((f, term) in self.reader for f in FIELDS)

    def completions(self, prefix: str) -> list[tuple[str, int]]:
        terms = {t.decode() for f in FIELDS for t in self.reader.expand_prefix(f, prefix)}
        return [(t, self.df(t)) for t in sorted(terms)]

    def df(self, term: str) -> int:
        return sum(self.reader.doc_frequency(f, term) for f in FIELDS)

    def words_near(self, word: str, distance: int) -> list[str]:
        """Words of the articles within `distance` edits that share its first two letters."""
        found = set()
        for f in FIELDS:
            found.update(self.reader.terms_within(f"spell_{f}", word, distance, prefix=2))
        return sorted(found - {word})


def scored_query(plan: q.Plan):
    """Every group must match; a group scores the sum of its terms' boosted BM25F."""
    groups = [Or([Term(f, term, boost=BOOSTS[f] * factor) for term, factor in group
                  for f in FIELDS]) for group in plan.groups]
    return And(groups) if groups else Every()


def matching(searcher: Searcher, parts: list[tuple[int, list[str]]]) -> set[int]:
    """Documents (whoosh numbers) where a phrase, or a single word, occurs."""
    reader = searcher.reader()
    found: set[int] = set()
    for f in FIELDS:
        spots: dict[int, dict[str, list[int]]] = {}
        for _, terms in parts:
            for term in terms:
                if (f, term) not in reader:
                    continue
                postings = reader.postings(f, term)
                while postings.is_active():
                    spots.setdefault(postings.id(), {})[term] = postings.value_as("positions")
                    postings.next()
        found.update(doc for doc, where in spots.items()
                     if len(parts) == 1 or q.phrase_in(parts, where))
    return found


def tagged(searcher: Searcher, slug: str) -> set[int]:
    reader = searcher.reader()
    if ("tags", slug) not in reader:
        return set()
    return set(reader.postings("tags", slug).all_ids())


def search(searcher: Searcher, plan: q.Plan, numbers: dict[str, int], limit: int | None,
           by_date: bool = False) -> list[tuple[str, float]]:
    """(article id, score) of the best `limit` results, best first: ties, and every
    result when sorting by date, newest first (`numbers`: article id -> document number,
    oldest first, as in the browser index)."""
    if plan.empty:
        return []
    allowed: set[int] | None = None
    for docs in [tagged(searcher, s) for s in plan.tags] + [matching(searcher, p)
                                                             for p in plan.phrases]:
        allowed = docs if allowed is None else allowed & docs
    if allowed is not None and not allowed:
        return []
    excluded = set().union(*(matching(searcher, parts) for parts in plan.without))
    wanted = None if by_date or not plan.groups or limit is None else max(3 * limit, limit + 50)
    hits = searcher.search(scored_query(plan), limit=wanted, filter=allowed,
                           mask=excluded or None, terms=False)
    found = [(hit["id"], hit.score if plan.groups else 0.0) for hit in hits]
    found.sort(key=lambda h: (0.0 if by_date else -h[1], -numbers[h[0]]))
    return found[:limit]
