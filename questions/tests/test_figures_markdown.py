"""Images in Markdown: our figures are shown, anything else says how to fix it."""

import pytest
from django.utils import translation

from questions.figures_store import figure_from_bytes, figure_markdown
from questions.markdown import render_markdown, render_markdown_uncached
from questions.tests import factories as images
from questions.tests.test_markdown import attributes, elements, tags

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    render_markdown.cache_clear()


def placeholder(html):
    [found] = [
        el for el in elements(html) if dict(el.attributes).get("class") == "md-missing-image"
    ]
    return found


def test_a_figure_url_is_shown_lazily_at_its_size_and_opens_full_size():
    figure = figure_from_bytes(images.png(40, 30), name="plot.png", alt="Loss curve")
    html = render_markdown(f"See:\n\n![]({figure.markdown_url})")
    [image] = attributes(html, "img")
    assert image == {
        "class": "md-figure md-figure-upload",
        "src": figure.markdown_url,
        "alt": "Loss curve",  # the figure's description stands in for an empty alt
        "loading": "lazy",
        "width": "40",
        "height": "30",
    }
    [link] = attributes(html, "a")
    assert link["href"] == figure.markdown_url and link["target"] == "_blank"


def test_the_markdown_of_a_figure_shows_it_with_its_own_alt():
    figure = figure_from_bytes(images.gif(), name="g.gif")
    html = render_markdown(figure_markdown(figure, alt="一条曲线"))
    assert attributes(html, "img")[0]["alt"] == "一条曲线"


@pytest.mark.parametrize(
    "source, label, editor_words",
    [
        ("![cat](https://example.com/cat.png)", "cat", "on another site"),
        ("![cat](//example.com/cat.png)", "cat", "on another site"),
        ("![](/static/figures/attention-qkv.svg)", "attention-qkv.svg", "begins with /figures/"),
        ("![](pics/cat.png)", "cat.png", "begins with /figures/"),
        ("![x](data:image/png;base64,iVBORw0KGgo=)", "x", "begins with /figures/"),
        (
            "![gone](/figures/00000000-0000-4000-8000-000000000000.png)",
            "gone",
            "deleted, or the address is mistyped",
        ),
    ],
)
def test_other_images_are_labelled_placeholders_that_say_how_to_fix_them(
    source, label, editor_words
):
    with translation.override("en"):
        html = render_markdown(source)
        editor_html = render_markdown_uncached(source, for_editor=True)
    assert "img" not in tags(html) and "img" not in tags(editor_html)
    shown = placeholder(html)
    assert dict(shown.attributes)["aria-label"] == label
    assert f"Image not shown: {label}" in str(shown)
    assert "Upload the image in the admin and use its address." in str(shown)
    assert editor_words in str(placeholder(editor_html))


def test_a_figure_url_with_another_extension_is_not_shown():
    figure = figure_from_bytes(images.png(), name="p.png")
    html = render_markdown(f"![p](/figures/{figure.pk}.gif)")
    assert "img" not in tags(html)
    placeholder(html)


def test_javascript_image_urls_never_become_images_or_links():
    for source in ["![x](javascript:alert(1))", "![x](JaVaScRiPt:alert(1))"]:
        html = render_markdown(source)
        assert "img" not in tags(html)
        assert "javascript" not in "".join(str(a) for a in attributes(html, "a")).lower()


def test_an_img_in_raw_html_is_text_even_with_a_figure_url():
    figure = figure_from_bytes(images.png(), name="p.png")
    html = render_markdown(f'<img src="{figure.markdown_url}"> <img src=https://e.com/x.png>')
    assert "img" not in tags(html)
    assert "&lt;img" in html


def test_the_rendering_cache_keeps_each_language_apart():
    source = "![cat](https://example.com/cat.png)"
    with translation.override("en"):
        english = render_markdown(source)
    with translation.override("zh-hans"):
        chinese = render_markdown(source)
    with translation.override("en"):
        assert render_markdown(source) is english
    assert "Image not shown" in english and "Image not shown" not in chinese
    assert "图片未显示" in chinese


def test_the_rendering_cache_follows_a_figure_described_anew_or_deleted():
    # Each app server keeps its own cache: another server's change must show here at once.
    figure = figure_from_bytes(images.png(4, 4), name="plot.png", alt="Loss curve")
    source = f"![]({figure.markdown_url})"
    assert attributes(render_markdown(source), "img")[0]["alt"] == "Loss curve"
    type(figure).objects.filter(pk=figure.pk).update(alt="Accuracy curve")
    assert attributes(render_markdown(source), "img")[0]["alt"] == "Accuracy curve"
    type(figure).objects.filter(pk=figure.pk).delete()
    assert "md-missing-image" in render_markdown(source)


def test_text_without_figures_is_rendered_once_and_without_a_query(
    django_assert_num_queries,
):
    render_markdown("**bold** and ![cat](https://example.com/cat.png)")
    with django_assert_num_queries(0):
        html = render_markdown("**bold** and ![cat](https://example.com/cat.png)")
    assert render_markdown.cache_info().hits >= 1 and "<strong>bold</strong>" in html
