"""HTML import: trafilatura's article body as Markdown that shows exactly its words."""

from __future__ import annotations

import re
from html import unescape

from lxml import etree
from test_import_textdump import PARAGRAPHS

from sitegen.importer.html import extract_html
from sitegen.importer.page import escape_text
from sitegen.importer.xmlmarkdown import body_markdown
from sitegen.markdown import render_markdown


def xml(blocks: str) -> etree._Element:
    return etree.fromstring(f"<body>{blocks}</body>")


def shown(markdown: str) -> str:
    """What a reader of the rendered page sees: the HTML without its tags."""
    html = render_markdown(markdown, "a.md").html
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_structure_and_inline_markup_become_markdown():
    body = xml(
        '<head rend="h2">Heat pumps</head>'
        '<p>They need <hi rend="#b">low</hi> flow, see <ref target="https://example.org/a b">'
        'the <hi rend="#i">guide</hi></ref>.</p>'
        '<list rend="ol"><item>Insulate</item><item>Measure<list rend="ul"><item>rooms</item>'
        "</list></item></list><quote><p>It pays off.</p></quote><code>make<lb/>make install</code>"
        '<table><row><cell role="head">Year</cell><cell role="head">Cost</cell></row>'
        "<row><cell>2024</cell><cell>10 | 20</cell></row></table>")
    assert body_markdown(body) == "\n\n".join([
        "## Heat pumps",
        "They need **low** flow, see [the *guide*](https://example.org/a%20b).",
        "1. Insulate\n2. Measure\n   - rooms",
        "> It pays off.",
        "```\nmake\nmake install\n```",
        "| Year | Cost |\n|---|---|\n| 2024 | 10 \\| 20 |"])


def test_markup_that_would_garble_the_words_falls_back_to_plain_text():
    body = xml('<p><hi rend="#b">Rheinmetall is, after </hi><hi rend="#i">NDR</hi>'
               '<hi rend="#b">-research, hit by a leak.</hi></p>')
    markdown = body_markdown(body)
    assert "*" not in markdown
    assert shown(markdown) == "Rheinmetall is, after NDR-research, hit by a leak."
    assert "*" not in shown("\n\n".join(
        body_markdown(xml(f'<p>A <hi rend="{r}">b</hi>c.</p>')) for r in ("#b", "#i")))


def test_lines_that_look_like_markdown_and_raw_html_stay_text():
    body = xml("<p>1. Not a list<lb/>- nor this<lb/># nor a heading<lb/>===</p>"
               "<p>&lt;script&gt;alert(1)&lt;/script&gt; <ref target='javascript:alert(2)'>"
               "click</ref></p>")
    html = render_markdown(body_markdown(body), "a.md").html
    assert "<ol" not in html and "<ul" not in html and "<h1" not in html
    assert "<script" not in html and "javascript:" not in html
    assert shown(body_markdown(body)) == ("1. Not a list - nor this # nor a heading === "
                                          "<script>alert(1)</script> click")
    assert shown(escape_text("1. Not a list either")) == "1. Not a list either"


def test_the_plain_body_decides_the_words_and_the_rich_body_lends_markup():
    plain = xml("<p>One.</p><p>Two words.</p><p>Three.</p>")
    rich = xml('<p><hi rend="#i">One.</hi></p><p>An extra teaser.</p>'
               '<p>Two <hi rend="#b">other</hi> words.</p><p><hi rend="#b">Three.</hi></p>')
    assert body_markdown(plain, rich) == "*One.*\n\nTwo words.\n\n**Three.**"


def test_read_also_lines_and_picture_credits_are_dropped():
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    page = (f"<html><head><title>Park plan approved</title></head><body><article>"
            f"<h1>Park plan approved</h1>{paragraphs}"
            "<p>Read also: Council approves the new budget for schools and roads</p>"
            "<p>The old railway yard seen from the river bridge. Photo: Jane Doe</p>"
            "</article></body></html>")
    found = extract_html(page, "https://gazette.example/park")
    assert found is not None and found.title == "Park plan approved"
    assert found.markdown == "\n\n".join(PARAGRAPHS)
