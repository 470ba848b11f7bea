import pytest

from sitegen.markdown import render_markdown


def test_commonmark_extensions():
    html = render_markdown('"Quoted" -- text\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n'
                           "~~gone~~ and a note[^1]\n\n[^1]: The note.\n", "a.md").html
    assert "“Quoted”" in html and "<table>" in html and "<s>gone</s>" in html
    assert 'class="footnotes"' in html


def test_ukrainian_quotes():
    assert "«так»" in render_markdown('"так"', "a.md", "uk").html


def test_headings_get_anchors_and_an_outline():
    result = render_markdown("## First part\n\ntext\n\n### Деталі\n", "a.md")
    assert [(h.level, h.id, h.title) for h in result.toc] == [
        (2, "first-part", "First part"), (3, "detali", "Деталі")]
    assert 'id="first-part"' in result.html


def test_code_is_highlighted_at_build_time():
    html = render_markdown("```python\nprint('hi')\n```\n", "a.md").html
    assert '<span class="nb">print</span>' in html


def test_raw_html_is_escaped_unless_allowed():
    source = "Hi <script>alert(1)</script> <img src=x onerror=alert(2)>\n"
    assert "<script>" not in render_markdown(source, "a.md").html
    assert "&lt;img src=x onerror=alert(2)&gt;" in render_markdown(source, "a.md").html
    assert "<script>" in render_markdown(source, "a.md", allow_html=True).html


def test_md_links_become_placeholders_with_file_lines():
    result = render_markdown("text\n\nsee [b](../b.md#part) and [web](https://x.org/a.md)",
                             "sub/a.md", line_offset=4)
    assert [(link.target, link.fragment, link.line) for link in result.links] == [
        ("b.md", "part", 7)]
    assert 'href="sitegen-md:b.md#part"' in result.html
    assert 'href="https://x.org/a.md"' in result.html


def test_relative_files_become_placeholders_of_their_place_in_content():
    source = ("![photo](view.png) [sheet](../data/t.csv?v=2#row) [site](https://e.org/x.png) "
              "![root](/logo.png) [top](#top) [out](../../../secret.txt) [md](other.md)\n")
    result = render_markdown(source, "trips/alps/index.md")
    assert 'src="sitegen-file:trips/alps/view.png"' in result.html
    assert 'href="sitegen-file:trips/data/t.csv?v=2#row"' in result.html
    for kept in ('href="https://e.org/x.png"', 'src="/logo.png"', 'href="#top"',
                 'href="../../../secret.txt"', 'href="sitegen-md:trips/alps/other.md"'):
        assert kept in result.html
    assert result.files == ["trips/alps/view.png", "trips/data/t.csv"]
    assert '<img src="sitegen-file:trips/alps/view.png" alt="photo" loading="lazy" />' in \
        result.html


def test_plain_text_skips_code_and_markup():
    text = render_markdown("# Title\n\nSome *fine* words.\n\n```\ncode()\n```\n", "a.md").text
    assert text == "Title\n\nSome fine words."


def test_heading_permalinks_have_an_accessible_name():
    html = render_markdown("## Tides\n", "a.md").html
    assert 'aria-label="Link to this section: Tides"' in html


def test_smart_quotes_match_markdown_it():
    """Our faster quote rule gives what markdown-it's own smartquotes rule gives."""
    from markdown_it.rules_core.smartquotes import smartquotes

    from sitegen.markdown import _parser
    cases = ['"a" \'b\' don\'t 90\'s rock\'n\'roll', "'*emphasis*' and \"[link](x)\"",
             'He said "she said \'no\'" and left', 'a 1"" b "x"y"z" "', "''\"\"'\"",
             '"one\nline two" \'open\n\nclosed\'', "students' books 'quoted' `'code'`",
             '**"bold"** "*mixed" words*" l\'*x*\'']
    for lang in ("en", "de", "uk"):
        ours = _parser(lang, False, False)
        stock = _parser.__wrapped__(lang, False, False)
        stock.core.ruler.at("smartquotes", smartquotes)
        for text in cases:
            assert ours.render(text) == stock.render(text), (lang, text)
    assert "“a” ‘b’ don’t" in render_markdown(cases[0], "a.md").html


@pytest.mark.parametrize("source", [
    "Plain *text* with \"quotes\" -- and (c).\n\n## A heading\n\n- a list\n",
    "A footnote[^1] and more.\n\n[^1]: The note.\n",
    "Only an inline note^[said here].\n",
    "| a | b |\n|---|:-:|\n| 1 | 2 |\n\ntext after\n",
    "Not a table: a | b\n\n~single~ and ~~struck~~ and ~~~fence-like\n",
    "Footnote marks in code: `[^x]` and\n\n    ^[indented]\n",
])
def test_parsers_without_unused_syntax_give_the_same_html(source, monkeypatch):
    from sitegen import markdown
    lean = render_markdown(source, "a.md")
    monkeypatch.setattr(markdown, "_syntax", lambda _source: markdown._ALL)
    assert lean == render_markdown(source, "a.md")
