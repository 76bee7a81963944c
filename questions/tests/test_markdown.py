"""The Markdown pipeline: what reaches the page is safe, readable and cached."""

from django.conf import settings
from django.test.html import Element, parse_html

from questions.markdown import pygments_css, render_markdown, sanitize_html


def elements(html):
    """Every element of an HTML fragment, depth first."""
    stack = [parse_html(html)]
    while stack:
        node = stack.pop()
        if node.name:
            yield node
        stack.extend(child for child in node.children if isinstance(child, Element))


def tags(html):
    return [element.name for element in elements(html)]


def attributes(html, tag):
    """The attribute dicts of every `tag` element."""
    return [dict(el.attributes) for el in elements(html) if el.name == tag]


def hrefs(html):
    return [attrs.get("href", "") for attrs in attributes(html, "a")]


# Sanitising


def test_script_is_shown_as_text():
    html = render_markdown("before <script>alert(1)</script> after")
    assert "script" not in tags(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_img_with_onerror_is_not_an_image():
    html = render_markdown("<img src=x onerror=alert(1)>")
    assert "img" not in tags(html)
    assert not any("onerror" in dict(el.attributes) for el in elements(html))


def test_javascript_links_get_no_href():
    for source in [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "<javascript:alert(1)>",
    ]:
        links = hrefs(render_markdown(source))
        assert not any("javascript" in href.lower() for href in links), source


def test_data_links_get_no_href():
    for source in ["[x](data:text/html;base64,PHNjcmlwdD4=)", "[x](data:image/png;base64,AAAA)"]:
        links = hrefs(render_markdown(source))
        assert not any(href.startswith("data:") for href in links), source


def test_raw_html_is_shown_as_text():
    html = render_markdown(
        '<iframe src="https://evil.example"></iframe>\n\n'
        '<a href="https://example.com" onclick="alert(1)">click</a>'
    )
    assert "iframe" not in tags(html)
    assert "a" not in tags(html)
    assert "&lt;iframe" in html
    assert "onclick" in html  # visible as text, so the reader sees what was written


def test_external_links_open_in_a_new_tab_without_leaking_the_opener():
    for source in ["[docs](https://example.com/page)", "[docs](//example.com/page)"]:
        [link] = attributes(render_markdown(source), "a")
        assert link["target"] == "_blank", source
        assert link["rel"] == "noopener noreferrer", source


def test_links_within_the_site_stay_in_the_same_tab():
    for source in ["[q](/questions/q02/)", "[q](q02/)", "[here](#part-2)", "[m](mailto:a@b.c)"]:
        [link] = attributes(render_markdown(source), "a")
        assert "target" not in link, source


def test_a_target_in_the_source_is_never_kept():
    # Only the sanitiser decides where a link opens: one written into the HTML is dropped.
    html = sanitize_html(
        '<a href="/questions/" target="_blank">in</a>'
        '<a href="https://example.com/" target="_self">out</a>'
        '<a href="/x" class="md-figure-link other">figure</a><a href="/y" class="evil">y</a>'
    )
    links = {link["href"]: link for link in attributes(html, "a")}
    inside, outside = links["/questions/"], links["https://example.com/"]
    figure, other = links["/x"], links["/y"]
    assert "target" not in inside
    assert outside["target"] == "_blank"
    assert figure == {
        "href": "/x",
        "class": "md-figure-link",
        "rel": "noopener noreferrer",
        "target": "_blank",
    }
    assert "target" not in other and not other.get("class")


def test_a_quoted_angle_bracket_does_not_confuse_the_link_rewriter():
    html = render_markdown('[t](https://example.com "a > b")')
    [link] = attributes(html, "a")
    assert link == {
        "href": "https://example.com",
        "title": "a > b",
        "rel": "noopener noreferrer",
        "target": "_blank",
    }


def test_sanitiser_alone_strips_what_markdown_already_refuses():
    # A second line of defence, should raw HTML ever be allowed through Markdown.
    html = sanitize_html(
        '<a href="javascript:alert(1)" onclick="steal()">x</a><script>alert(1)</script>'
        '<img src="x" onerror="alert(1)"><iframe src="https://evil.example"></iframe>'
    )
    assert attributes(html, "a") == [{"rel": "noopener noreferrer"}]
    assert not {"script", "iframe"} & set(tags(html))
    assert attributes(html, "img") == [{"src": "x"}]
    assert "alert" not in html


# Rendering


def test_tables_render():
    html = render_markdown("| 方法 | 参数 |\n|---|---|\n| LoRA | r×(d+k) |\n")
    assert {"table", "thead", "tbody", "th", "td"} <= set(tags(html))
    assert "<td>LoRA</td>" in html


def test_unknown_fence_language_stays_plain_escaped_code():
    html = render_markdown("```nosuchlang\n<b>bold?</b> & more\n```\n")
    assert "span" not in tags(html)
    assert "b" not in tags(html)
    assert "&lt;b&gt;bold?&lt;/b&gt; &amp; more" in html
    assert attributes(html, "pre") == [{"class": "highlight"}]


def test_image_outside_the_figure_map_becomes_a_labelled_placeholder():
    for source in [
        "![a cat on a mat](pics/cat.png)",
        "![a cat on a mat](https://example.com/cat.png)",
    ]:
        html = render_markdown(source)
        assert "img" not in tags(html), source
        placeholders = [
            el for el in elements(html) if dict(el.attributes).get("class") == "md-missing-image"
        ]
        assert len(placeholders) == 1, source
        assert dict(placeholders[0].attributes)["aria-label"] == "a cat on a mat"
        assert "a cat on a mat" in str(placeholders[0])


def test_mapped_figure_gets_a_real_description_instead_of_alt():
    html = render_markdown("![Alt](assert/Q.png#pic_center)")
    [image] = attributes(html, "img")
    assert image["src"] == "/static/figures/rl-agent-environment.svg"
    assert image["alt"] != "Alt"
    assert "强化学习" in image["alt"]


def test_a_figure_scrolls_at_a_readable_size_and_opens_full_size_in_a_new_tab():
    html = render_markdown("![Alt](assert/sd1.jpg)")
    [wrapper] = [
        el for el in elements(html) if dict(el.attributes).get("class") == "md-figure-scroll"
    ]
    [link] = attributes(html, "a")
    assert link["href"] == "/static/figures/stable-diffusion-pipeline.svg"
    assert link["target"] == "_blank"
    assert link["rel"] == "noopener noreferrer"
    assert [child.name for child in wrapper.children] == ["a"]
    [image] = attributes(html, "img")
    assert image["src"] == link["href"]


def test_mapped_figure_keeps_a_meaningful_alt():
    [image] = attributes(render_markdown("![注意力示意](assert/attention.png)"), "img")
    assert image["alt"] == "注意力示意"


# Caching and the stylesheet


def test_rendering_is_cached_by_source():
    source = "cached **answer** for the cache test"
    first = render_markdown(source)
    hits = render_markdown.cache_info().hits
    second = render_markdown(source)
    assert second is first
    assert render_markdown.cache_info().hits == hits + 1


def test_code_stylesheet_matches_the_highlighter():
    css = (settings.BASE_DIR / "static/css/code.css").read_text(encoding="utf-8")
    header, generated = css.split("\n", 1)
    assert header.startswith("/*")
    assert generated == pygments_css()
