from pathlib import Path

import pytest
from conftest import article, write

from sitegen.config import Config
from sitegen.content import load_article, split_front_matter
from sitegen.errors import SitegenError
from sitegen.files import find_sources


def load(tmp_path: Path, text: str):
    path = write(tmp_path, "a.md", text)
    return load_article(path, "a.md", Config())


def test_front_matter_fields(tmp_path: Path):
    loaded = load(tmp_path, article("Hello", "Body " * 300, date="2024-05-01T10:00:00+02:00",
                                    author="[A, B]", tags="solo", mood="calm"))
    a = loaded.article
    assert loaded.problems == [] and a.title == "Hello"
    assert a.date.isoformat() == "2024-05-01T10:00:00+02:00"
    assert a.authors == ["A", "B"] and a.tags == ["solo"]
    assert a.extra == {"mood": "calm"}
    assert a.word_count == 300 and a.reading_time == 1
    assert a.summary.startswith("Body Body")


def test_problems_name_file_and_line(tmp_path: Path):
    loaded = load(tmp_path, "---\ntags: [x]\ndate: 2024-02-31\n---\nbody\n")
    messages = sorted(str(p) for p in loaded.problems)
    assert loaded.article is None
    assert messages[0].endswith("a.md:1: missing title: add 'title: ...' to the front matter")
    assert "a.md:3: bad date" in messages[1]


@pytest.mark.parametrize("given, iso, precision", [
    ("2014", "2014", "year"), ("'2014'", "2014", "year"), ("2014-05", "2014-05", "month"),
    ("2014-05-31", "2014-05-31T00:00:00+00:00", "day")])
def test_a_date_may_be_only_a_year_or_a_month(tmp_path: Path, given: str, iso: str,
                                              precision: str):
    from sitegen.dates import date_text

    a = load(tmp_path, article("A", date=given)).article
    assert (date_text(a.date), getattr(a.date, "precision", "day")) == (iso, precision)
    assert (a.date.year, a.date.month, a.date.day) == (2014, 1 if precision == "year" else 5,
                                                       31 if precision == "day" else 1)


@pytest.mark.parametrize("given", ["2014-13", "14", "2014-5", "99999"])
def test_a_date_that_is_no_year_month_or_day_is_refused(tmp_path: Path, given: str):
    problems = load(tmp_path, article("A", date=given)).problems
    assert [p.line for p in problems] == [3] and "or a year or month: 2014" in str(problems[0])


def test_bad_yaml_reports_the_line(tmp_path: Path):
    loaded = load(tmp_path, "---\ntitle: x\ntags: [a\nfoo: 1\n---\nbody\n")
    assert loaded.article is None and "bad YAML" in str(loaded.problems[0])
    assert loaded.problems[0].line == 3


def test_missing_front_matter_and_undecodable(tmp_path: Path):
    assert "missing front matter" in str(load(tmp_path, "just text").problems[0])
    path = tmp_path / "b.md"
    path.write_bytes(b"---\ntitle: \xff\n---\n")
    assert "not UTF-8" in str(load_article(path, "b.md", Config()).problems[0])


def test_split_front_matter_counts_lines():
    fm, body, offset = split_front_matter("---\ntitle: a\n---\nbody\n")
    assert (fm, body, offset) == ("title: a", "body\n", 3)


def test_find_sources_skips_hidden_and_editor_files(tmp_path: Path):
    for name in ("a.md", "sub/b.md", ".hidden.md", "_draft/c.md", "#x.md#", "d.md~", "e.txt"):
        write(tmp_path, name, "x")
    assert [f.rel for f in find_sources(tmp_path)] == ["a.md", "sub/b.md"]


def test_find_sources_follows_linked_folders_once_each(tmp_path: Path):
    write(tmp_path, "content/a.md", "x")
    write(tmp_path, "elsewhere/b.md", "x")
    (tmp_path / "content/linked").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "content/zz-again").symlink_to(tmp_path / "elsewhere")  # a second name
    (tmp_path / "content/up").symlink_to(tmp_path / "content")  # a loop
    (tmp_path / "content/self").symlink_to("self")  # a link to itself
    assert [f.rel for f in find_sources(tmp_path / "content")] == ["a.md", "linked/b.md"]


def test_an_unreadable_folder_is_named(tmp_path: Path, monkeypatch):
    write(tmp_path, "content/a.md", "x")

    def refuse(path):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr("os.scandir", refuse)
    with pytest.raises(SitegenError, match="content: cannot read this folder"):
        find_sources(tmp_path / "content")


def test_tags_may_be_one_comma_separated_line_but_authors_not(tmp_path: Path):
    loaded = load(tmp_path, article("A", tags="python, web,", author="'Lee, Ann'"))
    assert (loaded.article.tags, loaded.article.authors) == (["python", "web"], ["Lee, Ann"])


def test_lang_must_be_a_language_tag(tmp_path: Path):
    """It becomes part of the URL with permalink = "{lang}/{slug}": no way out of the site."""
    bad = load(tmp_path, article("A", lang="en/../../.."))
    assert "a.md:3: 'lang' must be a language tag" in str(bad.problems[0])
    assert load(tmp_path, article("A", lang="pt_BR")).article.lang == "pt-br"


def test_links_in_front_matter_must_be_http_or_paths(tmp_path: Path):
    bad = load(tmp_path, article("A", source_url="'javascript:alert(1)'", image="/img/a.png"))
    assert "a.md:3: 'source_url' must be an http(s) URL or a path" in str(bad.problems[0])
    good = load(tmp_path, article("A", source_url="https://example.org/x", image="img/a.png"))
    assert good.problems == []


def test_front_matter_reads_as_yaml_does():
    """The quick reader of simple front matter must agree with YAML, or leave it to YAML."""
    import yaml

    from sitegen.content import _Loader, parse_front_matter
    cases = ["title: 'It''s ''here'''\ntags:\n- a b\n- 'c: d'\npublisher: BBC News",
             "title: x\ntags:\n  - one\n  - two\nempty:\nlang: uk",
             "title: Київ: столиця\nyes: 1", "title: a #comment\nn: 0x1F", "title: ~\nb: -.5",
             "date: 2024-05-31\nupdated: '2024-06-01'", "title: on\ndraft: true",
             "title: [a, b]\nx: 'unclosed", "title: a\ntitle: b", "tags:\n- x\n  - y",
             "title: 1_000\nsummary: '  spaced  '  ", "a: b\n- c", "title: x?\nq: a:b"]
    for text in cases:
        try:
            expected = yaml.load(text, Loader=_Loader)  # noqa: S506 - the safe loader
        except yaml.YAMLError:
            expected = None
        data, problems = parse_front_matter(text, Path("a.md"))
        if expected is None or not isinstance(expected, dict):
            assert problems, text
        else:
            assert (data, list(data)) == (expected, list(expected)), text


def test_word_count_counts_runs_of_letters_and_digits():
    from sitegen.content import count_words
    assert count_words("It’s “quoted” – 2 words… £5 don't") == 8
    assert count_words("Київ — столиця, café au lait") == 5
    assert count_words("snake_case x1 ...") == 2
