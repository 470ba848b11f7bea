"""The Jinja environment's shortcuts behave as plain Jinja does."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from conftest import write
from markupsafe import Markup, escape

from sitegen.templates import TemplateProblem, Templates


@pytest.fixture
def templates(tmp_path: Path) -> Templates:
    theme = tmp_path / "theme"
    write(theme, "templates/calls.html",
          "{% for x in items %}{{ plain(x) }}|{{ with_context(x) }}|{{ with_env(x) }};"
          "{% endfor %}{{ stops() is undefined }}")
    write(theme, "templates/include.html",
          "{% set outer = 'o' %}{% for card in items %}{% include 'partials/one.html' %}"
          "{% endfor %}{{ level is defined }}")
    write(theme, "templates/partials/one.html",
          "{% set level = 3 %}[{{ card }} {{ outer }} {{ level }} {{ page }}]")
    return Templates(tmp_path / "site", theme)


def test_calls_pass_context_and_environment_as_jinja_does(templates: Templates):
    @jinja2.pass_context
    def with_context(context, x):
        return f"{context['page']}:{x}"

    @jinja2.pass_environment
    def with_env(environment, x):
        return f"{environment is templates.env}:{x}"

    def stops():
        raise StopIteration

    html = templates.env.get_template("calls.html").render(
        items=[1, 2], page="p", plain=lambda x: x * 10, with_context=with_context,
        with_env=with_env, stops=stops)
    assert html == "10|p:1|True:1;20|p:2|True:2;True"


def test_included_templates_see_the_context_and_keep_their_own(templates: Templates):
    html = templates.env.get_template("include.html").render(items=["a", "b"], page="p")
    assert html == "[a o 3 p][b o 3 p]False"


class _Html:
    def __html__(self) -> str:
        return "<b>made</b>"


class _Text(str):
    pass


@pytest.mark.parametrize("value", ["", "plain", "<a href=\"x\">'&'</a>", Markup("<i>safe</i>"),
                                   _Text("<sub>"), 12, 3.5, None, True, _Html()])
def test_escaping_is_markupsafes(value):
    from sitegen.templates import _escape
    made = _escape(value)
    assert type(made) is Markup and made == escape(value)


def test_templates_escape_what_they_print(templates: Templates):
    html = templates.env.from_string("{{ a }}|{{ b }}|{{ c }}|{{ a|length }}").render(
        a="<x & 'y'>", b=Markup("<br>"), c=7)
    assert html == "&lt;x &amp; &#39;y&#39;&gt;|<br>|7|9"


def test_an_error_in_an_included_template_names_its_file_and_line(templates: Templates):
    write(templates.dirs[0], "partials/broken.html", "fine\n{{ card.missing.deeper }}\n")
    write(templates.dirs[0], "partials/middle.html", "{% include 'partials/broken.html' %}")
    write(templates.dirs[0], "outer.html",
          "{% for card in items %}\n{% include 'partials/middle.html' %}{% endfor %}")
    assert templates.render("outer.html", items=[{"missing": {"deeper": 1}}]) == "fine\n1\n"
    with pytest.raises(TemplateProblem) as caught:
        templates.render("outer.html", items=[{}])
    problem = caught.value.problem
    assert str(problem.path).endswith("partials/broken.html") and problem.line == 2
    assert "UndefinedError" in problem.message


def test_a_partial_may_include_itself(templates: Templates):
    write(templates.dirs[0], "partials/count.html",
          "{{ n }}{% if n > 1 %}{% with n = n - 1 %}{% include 'partials/count.html' %}"
          "{% endwith %}{% endif %}")
    write(templates.dirs[0], "down.html", "{% include 'partials/count.html' %}.{{ n }}")
    assert templates.render("down.html", n=3) == "321.3"


def test_partials_are_the_sites_own_where_it_has_them(tmp_path: Path):
    theme = tmp_path / "theme"
    write(theme, "templates/page.html", "<{% include 'partials/part.html' %}>")
    write(theme, "templates/partials/part.html", "theme's")
    write(tmp_path / "site", "templates/partials/part.html", "site's")
    assert Templates(tmp_path / "site", theme).render("page.html") == "<site's>"


def test_macros_take_arguments_defaults_and_callers(templates: Templates):
    write(templates.dirs[0], "partials/m.html",
          "{% macro box(id, label='L') %}[{{ id }} {{ label }} {{ page }}"
          "{% if caller is defined %} {{ caller() }}{% endif %}]{% endmacro %}")
    html = templates.env.from_string(
        "{% from 'partials/m.html' import box with context %}"
        "{% for i in [1] %}{{ box(i) }}{{ box(i, label='<x>') }}{% endfor %}"
        "{% call box(2) %}inside {{ page }}{% endcall %}").render(page="p")
    assert html == "[1 L p][1 &lt;x&gt; p][2 L p inside p]"
