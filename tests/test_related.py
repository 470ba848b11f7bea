"""Related posts: lists from the text, duplicates kept apart, pins, languages, the cache,
and the lists on built pages."""

from __future__ import annotations

import hashlib
import random
import re
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import article, write

from sitegen.analysis import analyze
from sitegen.build import BuildOptions, build_site
from sitegen.config import RelatedConfig
from sitegen.document_cache import load_documents
from sitegen.model import Article
from sitegen.related import cache, compute_related
from sitegen.related.terms import Vocabulary

TOPICS = {
    "football": "striker goalkeeper penalty referee midfielder league stadium tackle offside "
                "corner header trophy coach fans match winger defender transfer kick pitch "
                "dribble volley captain derby relegation substitute whistle foul",
    "baking": "flour dough oven yeast butter sugar bread crust knead pastry whisk recipe bake "
              "loaf icing sponge cinnamon batter vanilla croissant muffin rye sourdough "
              "almond glaze tray apron scone",
    "astronomy": "telescope galaxy planet orbit comet nebula asteroid astronomer star eclipse "
                 "moon gravity spacecraft meteor quasar pulsar crater satellite cosmic "
                 "observatory lunar solar rocket supernova constellation horizon",
    "elections": "ballot voter parliament candidate campaign minister coalition referendum "
                 "polling seat majority opposition manifesto senate governor debate turnout "
                 "constituency incumbent mayor cabinet lawmakers primary council party",
}
COMMON = "people today week report plan time year group city local news morning".split()


def text(topic: str, seed: int, words: int = 60) -> str:
    """Made-up prose: mostly words of the topic, some words any article has."""
    rng = random.Random(seed)
    vocabulary = TOPICS[topic].split()
    return " ".join(rng.choice(vocabulary if rng.random() < 0.75 else COMMON)
                    for _ in range(words)) + "."


def make(ident: str, body: str, title: str = "", **fields) -> Article:
    return Article(path=Path(f"{ident}.md"), rel_path=f"{ident}.md", title=title or ident,
                   body_line=1, slug=ident, url=f"{ident}/", text=body,
                   content_hash=hashlib.sha1(f"{title}{body}{fields}".encode()).hexdigest(),
                   **fields)


def corpus(per_topic: int = 5, seed: int = 0) -> list[Article]:
    return [make(f"{topic}-{i}", text(topic, seed * 1000 + j * 100 + i), f"{topic} story {i}")
            for j, topic in enumerate(TOPICS) for i in range(per_topic)]


def topic(ident: str) -> str:
    return ident.split("-")[0]


def listed(result, ident: str) -> list[str]:
    return [link.article.id.removesuffix(".md") for link in result[f"{ident}.md"]]


def flat(result) -> dict:
    return {k: [(link.article.id, link.score, link.pinned) for link in v]
            for k, v in result.items()}


def test_articles_are_related_within_their_topic():
    result = compute_related(corpus(), RelatedConfig(count=3), None)
    assert len(result) == 20
    for ident, links in result.items():
        assert len(links) == 3
        assert {topic(link.article.id) for link in links} == {topic(ident)}
        scores = [link.score for link in links]
        assert scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)
        assert not any(link.pinned for link in links)


def test_duplicates_are_never_listed_nor_two_copies_together():
    articles = corpus()
    original = articles[0]
    words = original.text.split()
    near = " ".join(words[:-3] + ["report", "city", "news."])
    articles += [make("copy", original.text, original.title),
                 make("near-copy", near, original.title)]
    result = compute_related(articles, RelatedConfig(count=4), None)
    copies = {"football-0", "copy", "near-copy"}
    for ident in copies:
        assert not copies & set(listed(result, ident))
    for ident in result:
        assert len(copies & set(listed(result, ident.removesuffix(".md")))) <= 1
    # of two copies with the same score, the one with the lower id is the one listed
    firsts = [listed(result, f"football-{i}") for i in range(1, 5)]
    assert any("copy" in lst for lst in firsts) and not any("football-0" in lst for lst in firsts)


def test_pins_come_first_in_order_then_automatic_ones():
    articles = corpus()
    articles[5] = replace(articles[5], related=["astronomy-2", "no-such-article", "football-1",
                                                "baking-0", "astronomy-2"])
    result = compute_related(articles, RelatedConfig(count=3), None)
    links = result["baking-0.md"]
    assert [link.article.id for link in links] == ["astronomy-2.md", "football-1.md",
                                                   links[2].article.id]
    assert [link.pinned for link in links] == [True, True, False]
    assert topic(links[2].article.id) == "baking"
    few = compute_related(articles, RelatedConfig(count=1), None)
    assert [link.article.id for link in few["baking-0.md"]] == ["astronomy-2.md"]


def test_related_false_hides_the_list_but_the_article_is_still_offered():
    articles = corpus()
    articles[6] = replace(articles[6], related=False)
    result = compute_related(articles, RelatedConfig(count=4), None)
    assert result["baking-1.md"] == []
    assert any("baking-1" in listed(result, f"baking-{i}") for i in (0, 2, 3, 4))


def test_languages_stay_apart_unless_the_site_mixes_them():
    names = "Shevchenko Lobanovsky Dynamo Kyiv"
    english = [make(f"en-{i}", f"{names} {text('football', i)}") for i in range(2)]
    english += [make(f"bake-{i}", text("baking", 50 + i)) for i in range(4)]
    ukrainian = [make(f"uk-{i}", f"{names} {names} матч воротар тренер стадіон вболівальники "
                      f"гол {i}", lang="uk") for i in range(3)]
    apart = compute_related(english + ukrainian, RelatedConfig(count=3), None)
    for ident, links in apart.items():
        assert {link.article.lang for link in links} <= {"uk" if ident.startswith("uk") else "en"}
    mixed = compute_related(english + ukrainian, RelatedConfig(count=3, cross_language=True), None)
    assert any(link.article.lang == "uk" for link in mixed["en-0.md"])


def test_count_bounds_every_list():
    for count in (0, 1):
        lists = compute_related(corpus(), RelatedConfig(count=count), None).values()
        assert all(len(v) == count for v in lists)
    assert compute_related([], RelatedConfig(), None) == {}
    lone = compute_related([make("only", text("baking", 1))], RelatedConfig(), None)
    assert lone == {"only.md": []}


def test_the_same_articles_in_any_order_give_the_same_lists():
    articles = corpus()
    shuffled = list(articles)
    random.Random(7).shuffle(shuffled)
    assert flat(compute_related(articles, RelatedConfig(), None)) == \
        flat(compute_related(shuffled, RelatedConfig(), None))


def _boosted(articles: list[Article], config: RelatedConfig, change) -> list[str]:
    """The list of astronomy-0 after `change` was applied to it and to its last entry."""
    base = listed(compute_related(articles, config, None), "astronomy-0")
    last = base[-1]
    changed = [change(a) if a.id in ("astronomy-0.md", f"{last}.md") else a for a in articles]
    return [last, *listed(compute_related(changed, config, None), "astronomy-0")]


def test_shared_tags_lift_a_candidate():
    config = RelatedConfig(count=4, tag_weight=0.5)
    last, *after = _boosted(corpus(), config, lambda a: replace(a, tags=["Space", "night"]))
    assert after[0] == last


def test_close_dates_lift_a_candidate():
    config = RelatedConfig(count=4, date_weight=0.5)
    far = [replace(a, date=datetime(2001 + i, 1, 1, tzinfo=UTC)) for i, a in enumerate(corpus())]
    last, *after = _boosted(far, config, lambda a: replace(a, date=datetime(2030, 5, 1,
                                                                               tzinfo=UTC)))
    assert after[0] == last


def _edits(articles: list[Article]):
    """A series of site versions, each one edit away from the one before."""
    yield "edited text", articles[:3] + [replace(articles[3], text=text("football", 999))] \
        + articles[4:]
    yield "removed", articles[:10] + articles[11:]
    yield "added", articles + [make("baking-new", text("baking", 4242), "new bake")]
    yield "retagged", [replace(a, tags=["x"]) if a.id == "elections-2.md" else a
                       for a in articles]
    yield "new title", [replace(a, title="Comet and telescope night") if a.id == "baking-3.md"
                        else a for a in articles]
    rng = random.Random(3)
    for step in range(8):  # small edits: a few words of another topic added to one article
        i = rng.randrange(len(articles))
        more = text(rng.choice(list(TOPICS)), step, words=rng.randint(3, 30))
        articles = articles[:i] + [replace(articles[i], text=articles[i].text + more)] \
            + articles[i + 1:]
        yield f"small edit {step}", articles


def test_a_rebuild_from_the_cache_gives_what_a_fresh_build_gives(tmp_path: Path, monkeypatch):
    articles = corpus(per_topic=40)
    config = RelatedConfig()
    first = compute_related(articles, config, tmp_path)
    assert flat(first) == flat(compute_related(articles, config, None))
    assert list(tmp_path.iterdir())
    for step, (label, version) in enumerate(_edits(articles)):
        if step % 2:  # start from the file, not from memory
            monkeypatch.setattr(cache, "_MEMORY", {})
        cached = compute_related(version, config, tmp_path)
        assert flat(cached) == flat(compute_related(version, config, None)), label
    new = compute_related(version, config, tmp_path)  # the last version, nothing changed
    assert flat(new) == flat(cached)


def test_a_damaged_or_foreign_cache_is_ignored(tmp_path: Path, monkeypatch):
    articles = corpus()
    fresh = flat(compute_related(articles, RelatedConfig(), None))
    compute_related(articles, RelatedConfig(), tmp_path)
    for file in tmp_path.iterdir():
        file.write_bytes(b"not a pickle")
    monkeypatch.setattr(cache, "_MEMORY", {})
    assert flat(compute_related(articles, RelatedConfig(), tmp_path)) == fresh
    other = compute_related(articles, RelatedConfig(count=2), tmp_path)
    assert flat(other) == flat(compute_related(articles, RelatedConfig(count=2), None))


def test_term_counts_are_the_shared_analyzer_s():
    tricky = ["Don't stop—the U.S.-led café's (İstanbul) e-mail, _under_score_ 2024!",
              "«П’ять хлібів», — сказав він. Київ; Київ: КИЇВ…", "ÉCOLE école Ecole '90s"]
    articles = [make(f"t{i}", body, title="Title: “quoted” WORDS", lang=lang)
                for i, body in enumerate(tricky) for lang in ("en", "uk")]
    vocabulary = Vocabulary()
    counts = vocabulary.count(load_documents(articles, None))
    for row, a in enumerate(articles):
        expected = Counter(analyze(f"{a.title}\n{a.title}\n{a.text}", a.lang))
        got = {vocabulary.terms[c]: int(n) for c, n in zip(counts[row].indices, counts[row].data,
                                                            strict=True)}
        assert got == dict(expected)


def test_top_entries_per_row_leave_the_scored_matrix_as_it_was():
    import numpy as np
    import scipy.sparse as sp

    from sitegen.related.vectors import row_top

    scores = sp.csr_matrix(np.array([[0.9, 0.0, 0.5, 0.5, -0.1],
                                     [0.0, 0.0, 0.0, 0.0, 0.0],
                                     [0.2, 0.3, 0.7, 0.0, 0.3]]))
    before = scores.copy()
    cols, values = row_top(scores, 2, exclude=np.array([0, 1, 2]))
    # row 0 leaves out itself (0.9) and the negative; ties go to the lower column
    assert cols.tolist() == [[2, 3], [-1, -1], [1, 4]]
    assert values.tolist() == [[0.5, 0.5], [0.0, 0.0], [0.3, 0.3]]
    assert (scores != before).nnz == 0 and scores.indptr.tolist() == before.indptr.tolist()



def test_top_entries_per_row_match_a_plain_sort_through_ties_and_exclusions():
    import numpy as np
    import scipy.sparse as sp

    from sitegen.related.vectors import row_top, top_terms

    rng = np.random.default_rng(7)
    dense = np.round(rng.random((60, 50)), 1) * (rng.random((60, 50)) < 0.5)  # many ties
    dense[rng.random((60, 50)) < 0.05] = -0.3
    exclude = rng.integers(0, 50, 60)
    dense[np.arange(60), exclude] = np.where(rng.random(60) < 0.5, 0.95, dense[0, 0])
    for k in (1, 3, 8, 40):
        cols, values = row_top(sp.csr_matrix(dense), k, exclude)
        terms = top_terms(sp.csr_matrix(dense), k)
        for i, row in enumerate(dense):
            ranked = sorted((-v, c) for c, v in enumerate(row.tolist())
                            if v > 0 and c != exclude[i])[:k]
            assert cols[i].tolist() == [c for _, c in ranked] + [-1] * (k - len(ranked))
            assert values[i].tolist() == [-v for v, _ in ranked] + [0.0] * (k - len(ranked))
            positive = sorted((v for v in row.tolist() if v > 0), reverse=True)
            least = positive[min(k, len(positive)) - 1] if positive else 1.0
            kept = {c: v for c, v in enumerate(row.tolist()) if v > 0 and v >= least}
            assert dict(zip(terms[i].indices.tolist(), terms[i].data.tolist(),
                            strict=True)) == kept


@pytest.fixture
def topic_site(tmp_path: Path) -> Path:
    write(tmp_path, "sitegen.toml", 'title = "Related"\n[related]\ncount = 3\n')
    for name in ("football", "baking", "astronomy"):
        for i in range(4):
            write(tmp_path, f"content/{name}-{i}.md",
                  article(f"{name.title()} {i}", text(name, i), date=f"2024-01-0{i + 1}"))
    write(tmp_path, "content/draft.md", article("Draft", text("football", 0), draft="true"))
    write(tmp_path, "content/quiet.md", article("Quiet", text("baking", 9), related="false"))
    write(tmp_path, "content/pinned.md",
          article("Pinned", text("astronomy", 9), related="[baking-2]"))
    return tmp_path


def related_hrefs(page: Path) -> list[str] | None:
    """Links in the page's #related list; None when the block is hidden."""
    html = page.read_text(encoding="utf-8")
    block = re.search(r'<section id="related"([^>]*)>(.*?)</section>', html, re.S)
    assert block, page
    if "hidden" in block.group(1):
        return None
    return re.findall(r'href="([^"]+)"', block.group(2))


def test_built_pages_show_their_related_articles(topic_site: Path):
    out = topic_site / "public"
    build_site(BuildOptions(source=topic_site, output=out))
    for name in ("football", "baking", "astronomy"):
        for i in range(4):
            hrefs = related_hrefs(out / f"{name}-{i}" / "index.html")
            assert hrefs and len(hrefs) == 3
            assert all(name in href or "pinned" in href or "quiet" in href for href in hrefs)
            assert not any("draft" in href for href in hrefs)
    assert related_hrefs(out / "quiet" / "index.html") is None
    assert related_hrefs(out / "pinned" / "index.html")[0].endswith("baking-2/")
    write(topic_site, "content/football-0.md", article("Football 0", text("baking", 77)))
    build_site(BuildOptions(source=topic_site, output=out))
    hrefs = related_hrefs(out / "football-0" / "index.html")
    assert all("baking" in href or "quiet" in href for href in hrefs)


def test_a_cache_kept_in_memory_is_written_by_the_next_saving_build(tmp_path: Path,
                                                                    monkeypatch):
    articles = corpus()
    compute_related(articles, RelatedConfig(), tmp_path, save=False)
    assert not (tmp_path / cache.FILE).exists()
    compute_related(articles, RelatedConfig(), tmp_path)  # nothing changed, but written now
    monkeypatch.setattr(cache, "_MEMORY", {})
    assert cache.load(tmp_path, cache.version(RelatedConfig())) is not None


def test_a_build_writes_its_caches_and_a_quick_serve_build_leaves_them_for_later(
        topic_site: Path, tmp_path: Path):
    """Builds write the analysis and related caches while their pages render; serve's
    quick builds (no search index) keep them in memory for its next full build."""
    out = tmp_path / "out"
    build_site(BuildOptions(source=topic_site, output=out))
    files = [topic_site / ".sitegen-cache" / "related" / cache.FILE,
             topic_site / ".sitegen-cache" / "documents.pickle"]
    stamps = [f.stat().st_mtime_ns for f in files]
    write(topic_site, "content/football-0.md", article("Football 0", text("baking", 77)))
    build_site(BuildOptions(source=topic_site, output=out, search_index=False))
    assert [f.stat().st_mtime_ns for f in files] == stamps
    build_site(BuildOptions(source=topic_site, output=out))
    assert all(f.stat().st_mtime_ns != s for f, s in zip(files, stamps, strict=True))
