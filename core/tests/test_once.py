"""`{% once %}`: pieces rendered once per process for each value they name."""

import pytest
from django.template import Context, Engine, TemplateSyntaxError
from django.utils import translation

ENGINE = Engine(libraries={"once": "core.templatetags.once"})


def render(source: str, **values) -> str:
    return ENGINE.from_string("{% load once %}" + source).render(Context(values))


def test_a_piece_is_rendered_again_only_for_a_new_value():
    template = ENGINE.from_string("{% load once %}{% once theme %}{{ theme }} {{ n }}{% endonce %}")
    assert template.render(Context({"theme": "dark", "n": 1})) == "dark 1"
    # The same key: served from memory, even though `n` (not in the key) changed.
    assert template.render(Context({"theme": "dark", "n": 2})) == "dark 1"
    assert template.render(Context({"theme": "light", "n": 3})) == "light 3"


def test_the_language_is_part_of_every_key():
    template = ENGINE.from_string("{% load once %}{% once %}{{ word }}{% endonce %}")
    with translation.override("en"):
        assert template.render(Context({"word": "Menu"})) == "Menu"
    with translation.override("zh-hans"):
        assert template.render(Context({"word": "菜单"})) == "菜单"
    with translation.override("en"):
        assert template.render(Context({"word": "other"})) == "Menu"


@pytest.mark.parametrize(
    "body",
    ["{% csrf_token %}", "{{ csrf_token }}", "{{ csp_nonce }}", "{% block x %}{% endblock %}"],
)
def test_per_request_values_and_blocks_are_refused(body):
    with pytest.raises(TemplateSyntaxError, match="must not hold"):
        render("{% once %}" + body + "{% endonce %}")


def test_a_changed_setting_renders_afresh(settings):
    template = ENGINE.from_string("{% load once %}{% once %}{{ n }}{% endonce %}")
    assert template.render(Context({"n": 1})) == "1"
    settings.SITE_NAME = "Other"
    assert template.render(Context({"n": 2})) == "2"


def test_a_long_text_in_the_key_is_never_kept():
    template = ENGINE.from_string("{% load once %}{% once sent %}{{ n }}{% endonce %}")
    sent = "x" * 1000
    assert template.render(Context({"sent": sent, "n": 1})) == "1"
    assert template.render(Context({"sent": sent, "n": 2})) == "2"


def test_a_huge_whole_number_in_the_key_is_never_kept():
    template = ENGINE.from_string("{% load once %}{% once asked %}{{ n }}{% endonce %}")
    asked = 10**4000  # a count as a form reads it from thousands of typed digits
    assert template.render(Context({"asked": asked, "n": 1})) == "1"
    assert template.render(Context({"asked": asked, "n": 2})) == "2"
    # A number a column could hold is kept as before.
    assert template.render(Context({"asked": 2**62, "n": 3})) == "3"
    assert template.render(Context({"asked": 2**62, "n": 4})) == "3"


def test_values_equal_as_keys_but_of_other_types_are_kept_apart():
    template = ENGINE.from_string("{% load once %}{% once v %}{{ v }}{% endonce %}")
    assert template.render(Context({"v": True})) == "True"
    assert template.render(Context({"v": 1})) == "1"


def test_a_piece_flooded_with_new_values_drops_only_its_own(monkeypatch):
    from core.templatetags import once

    monkeypatch.setattr(once, "MAX_ENTRIES", 3)
    kept = ENGINE.from_string("{% load once %}{% once %}{{ n }}{% endonce %}")
    flooded = ENGINE.from_string("{% load once %}{% once sent %}{{ sent }}{% endonce %}")
    assert kept.render(Context({"n": 1})) == "1"
    for number in range(10):
        assert flooded.render(Context({"sent": str(number)})) == str(number)
    assert kept.render(Context({"n": 2})) == "1"  # still the piece it kept


def test_holes_are_rendered_every_time_around_the_kept_text():
    template = ENGINE.from_string(
        "{% load once %}{% once theme %}<{{ theme }} {{ n }}>{% fresh %}[{{ n }}]{% endfresh %}"
        "<{{ n }}>{% fresh %}{{ csrf_token }}{% endfresh %}.{% endonce %}"
    )
    render = template.render
    assert render(Context({"theme": "a", "n": 1, "csrf_token": "t1"})) == "<a 1>[1]<1>t1."
    assert render(Context({"theme": "a", "n": 2, "csrf_token": "t2"})) == "<a 1>[2]<1>t2."
    assert render(Context({"theme": "b", "n": 3, "csrf_token": "t3"})) == "<b 3>[3]<3>t3."


def test_blocks_in_holes_are_a_pages_blocks():
    engine = Engine(
        libraries={"once": "core.templatetags.once"},
        loaders=[
            (
                "django.template.loaders.locmem.Loader",
                {
                    "base.html": "{% load once %}{% once %}<h1>{% fresh %}{% block title %}"
                    "base{% endblock %}{% endfresh %}</h1>{% endonce %}",
                    "page.html": "{% extends 'base.html' %}{% block title %}{{ n }} "
                    "{{ block.super }}{% endblock %}",
                },
            )
        ],
    )
    page = engine.get_template("page.html")
    assert page.render(Context({"n": 1})) == "<h1>1 base</h1>"
    assert page.render(Context({"n": 2})) == "<h1>2 base</h1>"
    assert engine.get_template("base.html").render(Context()) == "<h1>base</h1>"


def test_a_hole_inside_a_tag_of_the_piece_is_refused():
    with pytest.raises(TemplateSyntaxError, match="nested fresh"):
        render("{% once %}{% if x %}{% fresh %}{{ x }}{% endfresh %}{% endif %}{% endonce %}")


LAYOUT = (
    "<h1>{% fresh %}{% block title %}base{% endblock %}{% endfresh %}</h1>"
    "<p>{% fresh %}{% block lead %}{% endblock %}{% endfresh %}</p>"
    "<i>{% fresh %}{{ x }}{% endfresh %}</i>"
)
PAGES = {
    "text": "{% block title %}plain{% endblock %}",
    "variable": "{% block title %}{{ n }} & {{ text }}{% endblock %}",
    "super": "{% block title %}{{ n }} {{ block.super }}{% endblock %}",
    "empty": "{% block title %}{% endblock %}",
    "sets": "{% block title %}{% with x='set' %}{{ x }}{% endwith %}{% endblock %}"
    "{% block lead %}{% firstof 'lead' as x %}{{ x }}{% endblock %}",
    "nested": "{% block lead %}[{% block title %}inner {{ n }}{% endblock %}]{% endblock %}",
}


@pytest.mark.parametrize("page", list(PAGES))
def test_blocks_in_holes_render_as_without_once(page):
    """Empty and plain blocks skip BlockNode's scope; what they show stays Django's."""

    def engine(kept: bool) -> Engine:
        base = "{% load once %}{% once %}" + LAYOUT + "{% endonce %}" if kept else LAYOUT
        if not kept:
            base = base.replace("{% fresh %}", "").replace("{% endfresh %}", "")
        templates = {"base.html": base, "page.html": "{% extends 'base.html' %}" + PAGES[page]}
        # Cached, as the site's are: the layout's piece is kept between renders.
        loaders = [
            (
                "django.template.loaders.cached.Loader",
                [("django.template.loaders.locmem.Loader", templates)],
            )
        ]
        return Engine(libraries={"once": "core.templatetags.once"}, loaders=loaders)

    kept, plain = engine(True), engine(False)
    for n in (1, 2, 3):
        values = {"n": n, "text": "<b>", "x": "outer"}
        expected = plain.get_template("page.html").render(Context(values))
        assert kept.get_template("page.html").render(Context(values)) == expected
