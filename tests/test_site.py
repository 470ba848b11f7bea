from pathlib import Path

from conftest import article, write

from sitegen.errors import BuildError
from sitegen.pipeline import load_site


def test_model_orders_groups_and_links(site: Path):
    _, model = load_site(site)
    assert [a.title for a in model.articles] == ["Beta", "Alpha", "Гамма: хліб"]
    assert [a.url for a in model.articles] == ["beta/", "alpha/", "gamma/"]
    assert {t.name: len(t.articles) for t in model.tags} == {"baking": 2, "bread": 1}
    assert {t.slug: len(t.articles) for t in model.authors} == {"ann-lee": 2, "bo": 1}


def test_tags_in_other_scripts_or_with_signs_stay_apart(tmp_path: Path):
    write(tmp_path, "content/a.md", article("A", tags="[日本, 中国, Αθήνα, C, C++, C#]"))
    _, model = load_site(tmp_path)
    assert sorted(t.url for t in model.tags) == [
        "tags/athina/", "tags/c-plus-plus/", "tags/c-sharp/", "tags/c/", "tags/riben/",
        "tags/zhongguo/"]


def test_drafts_only_on_request(site: Path):
    _, model = load_site(site, drafts=True)
    assert "draft/" in [a.url for a in model.articles]


def test_every_problem_is_reported_at_once(tmp_path: Path):
    write(tmp_path, "content/a.md", article("A", "Link to [gone](gone.md).\n", slug="same"))
    write(tmp_path, "content/b.md", article("B", slug="same"))
    write(tmp_path, "content/c.md", "---\ntitle: [unclosed\n---\n")
    write(tmp_path, "content/d.md", article("D", date="yesterday"))
    write(tmp_path, "content/e.md", article("E", related="[nope]"))
    try:
        load_site(tmp_path)
    except BuildError as exc:
        text = str(exc)
    assert "a.md:5: link to a missing article: gone.md does not exist" in text
    assert "b.md:1: duplicate slug 'same': a.md has it too" in text
    assert text.count("duplicate") == 1  # its URL is the same too: one problem, said once
    assert "c.md:2: bad YAML" in text
    assert "d.md:3: bad date 'yesterday'" in text
    assert "related: no article has the slug 'nope'" in text


def test_permalink_pattern(tmp_path: Path):
    write(tmp_path, "sitegen.toml", 'permalink = "{year}/{month}/{slug}/"\n')
    write(tmp_path, "content/x.md", article("X", date="2021-03-04"))
    assert load_site(tmp_path)[1].articles[0].url == "2021/03/x/"
