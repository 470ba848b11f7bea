"""`sitegen search "QUERY"`: ranked results with snippets, answered from the whoosh index.

Works whether or not the site was ever built: it loads the content itself, and brings
the whoosh index up to date first (only changed articles are indexed again).
"""

from __future__ import annotations

import json
import sys
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path

from whoosh.index import LockError

from sitegen.analysis import index_sentences, stem, word_spans
from sitegen.config import Config
from sitegen.dates import day_text
from sitegen.documents import split_sentences
from sitegen.model import Article, Site
from sitegen.search import query as q
from sitegen.search.scoring import PREFIX_MIN
from sitegen.search.whoosh_index import (
    WhooshLexicon,
    open_index,
    search,
    update_index,
    weighting,
)
from sitegen.urls import absolute_url


@dataclass
class Hit:
    id: str
    url: str
    title: str
    date: str
    score: float
    snippet: str
    marks: list[tuple[int, int]]  # character spans of the snippet's matched words


@dataclass
class Answer:
    query: str
    results: list[Hit] = field(default_factory=list)
    total: int = 0
    suggestion: str = ""  # the query with unknown words replaced by the nearest known ones


def run_search(source: Path, query: str, limit: int = 10, as_json: bool = False) -> int:
    from sitegen.build import CACHE_DIR
    from sitegen.pipeline import load_site

    config, site = load_site(source)
    answer = answer_query(source.resolve() / CACHE_DIR, site, config, query, limit)
    if as_json:
        print(json.dumps(asdict(answer), ensure_ascii=False, indent=2))
    else:
        print(render(answer, bold=sys.stdout.isatty()))
    return 0


def answer_query(cache_dir: Path, site: Site, config: Config, text: str, limit: int = 10,
                 by_date: bool = False) -> Answer:
    """Search the site: update its whoosh index, then rank, cut snippets, suggest."""
    ix = open_index(cache_dir)
    with suppress(LockError):  # another search is updating it: answer from what is there
        update_index(ix, site, _announce)
    query = q.parse(text)
    langs = {a.lang for a in site.articles} | {config.language}
    numbers = {a.id: len(site.articles) - 1 - i for i, a in enumerate(site.articles)}
    with ix.searcher(weighting=weighting()) as searcher:
        lexicon = WhooshLexicon(searcher, langs)
        plan = q.plan(lexicon, query)
        found = search(searcher, plan, numbers, None, by_date)
        answer = Answer(text, total=len(found))
        if not found:
            answer.suggestion = _suggestion(lexicon, plan, text)
    by_id = {a.id: a for a in site.articles}
    for article_id, score in found[:limit]:
        article = by_id[article_id]
        snippet, marks = cut_snippet(article, plan, query)
        url = absolute_url(config.base_url, article.url) if config.base_url else article.url
        answer.results.append(Hit(article.id, url, article.title,
                                  day_text(article.date) if article.date else "",
                                  round(score, 4), snippet, marks))
    return answer


def _announce(count: int) -> None:
    if count >= 200:
        print(f"Indexing {count} articles for search…", file=sys.stderr)


def cut_snippet(article: Article, plan: q.Plan,
                query: q.Query) -> tuple[str, list[tuple[int, int]]]:
    """The sentence with the most distinct query terms, and where its matches are."""
    terms = {t for group in plan.groups for t, _ in group}
    prefixes = [w for w, prefix in query.words if prefix and len(w) >= PREFIX_MIN]
    sentences = split_sentences(article.text) or [article.summary]
    found = [len(terms & {t for _, _, t in tokens})
             for tokens in index_sentences(sentences, article.lang)]
    best = sentences[found.index(max(found))] if found else ""
    marks = [(start, end) for start, end, word in word_spans(best)
             if stem(word, article.lang) in terms or any(word.startswith(p) for p in prefixes)]
    return best, marks


def _suggestion(lexicon: WhooshLexicon, plan: q.Plan, text: str) -> str:
    fixes = {}
    for word in plan.unknown:
        near = lexicon.words_near(word, q.max_edits(word))
        best = q.best_suggestion(word, [(w, max(map(lexicon.df, lexicon.forms(w) or [w])))
                                        for w in near])
        if best:
            fixes[word] = best
    if not fixes:
        return ""
    out, last = [], 0
    for start, end, word in word_spans(text):
        if word in fixes:
            out += [text[last:start], fixes[word]]
            last = end
    return "".join(out) + text[last:]


def render(answer: Answer, bold: bool = False) -> str:
    """The answer as text: numbered results with the matched words of each snippet marked."""
    if not answer.results:
        lines = [f"No results for “{answer.query}”."]
        if answer.suggestion:
            lines.append(f"Did you mean: {answer.suggestion}")
        return "\n".join(lines)
    on, off = ("\033[1m", "\033[0m") if bold else ("", "")
    lines = []
    for n, hit in enumerate(answer.results, 1):
        snippet, last = [], 0
        for start, end in hit.marks:
            snippet += [hit.snippet[last:start], on, hit.snippet[start:end], off]
            last = end
        snippet.append(hit.snippet[last:])
        lines += [f"{n}. {on}{hit.title}{off}  {hit.date}  {hit.url}", f"   {''.join(snippet)}"]
    lines.append(f"{answer.total} result{'s' if answer.total != 1 else ''}"
                 + (f", first {len(answer.results)} shown" if answer.total > len(answer.results)
                    else ""))
    return "\n".join(lines)
