"""Figures as an editor adds them and a learner sees them, in a real browser."""

import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from questions.figures import Figure
from questions.figures_store import figure_from_bytes, figure_markdown
from questions.tests import factories as images
from questions.tests.factories import QuestionFactory

pytestmark = pytest.mark.browser

# Set to a folder to keep screenshots of what the tests see (README pictures).
SHOTS = os.environ.get("FIGURE_SCREENSHOTS")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=False)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def editor(context, live_server, transactional_db):
    from accounts.models import User

    user = User.objects.create_superuser("editor@example.com", "edit-the-bank-42")
    client = Client()
    client.force_login(user)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": session.key, "value": session.value, "url": live_server.url}])
    return user


PASTE = """(textarea, [base64, name, type]) => {
    const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], name, { type }));
    const init = { clipboardData: transfer, bubbles: true, cancelable: true };
    textarea.dispatchEvent(new ClipboardEvent("paste", init));
}"""


@pytest.mark.parametrize(
    "color_scheme, viewport",
    [("light", {"width": 1280, "height": 900}), ("dark", {"width": 375, "height": 800})],
    ids=["1280-light", "375-dark"],
)
def test_an_editor_adds_images_and_the_preview_shows_them(
    page, live_server, editor, browser_log, color_scheme, viewport
):
    import base64

    question = QuestionFactory(answer_md="注意力让模型加权参考输入。\n\n")
    url = reverse("admin:questions_question_change", args=[question.pk])
    page.goto(f"{live_server.url}{url}", wait_until="load")
    answer = page.locator("textarea[name=answer_md]")
    preview = page.locator("#id_answer_md_preview")
    tools = answer.locator("xpath=..").locator(".md-figure-tools")

    # Chosen with "Add an image": uploaded, its Markdown inserted, the preview shows it.
    answer.evaluate("t => t.setSelectionRange(t.value.length, t.value.length)")
    tools.locator("input.md-figure-input").set_input_files(
        {"name": "attention.png", "mimeType": "image/png", "buffer": images.png(480, 200)}
    )
    figure_img = preview.locator("img.md-figure-upload")
    expect(figure_img).to_have_count(1)
    expect(figure_img).to_have_js_property("naturalWidth", 480)
    figure = Figure.objects.get()
    assert f"![attention]({figure.markdown_url})" in answer.input_value()
    expect(tools.locator(".md-figure-status")).to_contain_text("attention.png")
    shot(page, f"figure-admin-{viewport['width']}-{color_scheme}")

    # Pasted: a second figure; an SVG pasted is refused with the reason.
    answer.evaluate("t => t.setSelectionRange(0, 0)")
    png = base64.b64encode(images.png(60, 40, colour=(220, 38, 38))).decode()
    answer.evaluate(PASTE, [png, "image.png", "image/png"])
    expect(figure_img).to_have_count(2)
    svg = base64.b64encode(images.SVG).decode()
    answer.evaluate(PASTE, [svg, "evil.svg", "image/svg+xml"])
    expect(tools.locator(".md-figure-status.md-figure-error")).to_contain_text("SVG")
    assert Figure.objects.count() == 2
    # The refused SVG's 400 answer is the only error the browser logs.
    unexpected = [error for error in browser_log.console_errors if "400 (Bad Request)" not in error]
    assert unexpected == [] and browser_log.page_errors == []


@pytest.mark.parametrize(
    "color_scheme, viewport",
    [
        ("light", {"width": 1280, "height": 900}),
        ("dark", {"width": 1280, "height": 900}),
        ("light", {"width": 375, "height": 800}),
        ("dark", {"width": 375, "height": 800}),
    ],
    ids=["1280-light", "1280-dark", "375-light", "375-dark"],
)
def test_a_learner_sees_the_figure_and_a_placeholder_for_a_remote_image(
    page, live_server, transactional_db, browser_log, color_scheme, viewport
):
    figure = figure_from_bytes(images.png(640, 260), name="attention.png", alt="注意力热图")
    question = QuestionFactory(
        slug="with-figure",
        answer_md=(
            "注意力权重如下图：\n\n"
            f"{figure_markdown(figure)}\n\n"
            "外站图片不会加载：\n\n![示意图](https://example.com/diagram.png)\n"
        ),
    )
    page.goto(f"{live_server.url}/questions/{question.slug}/", wait_until="load")
    page.get_by_text("Show model answer").click()
    image = page.locator("img.md-figure-upload")
    expect(image).to_have_attribute("alt", "注意力热图")
    image.scroll_into_view_if_needed()
    expect(image).to_have_js_property("naturalWidth", 640)
    box = image.bounding_box()
    assert box["width"] <= viewport["width"]  # never wider than a phone's screen
    expect(page.locator(".md-missing-image")).to_contain_text("Upload the image in the admin")
    shot(page, f"figure-learner-{viewport['width']}-{color_scheme}")
    assert browser_log.console_errors == [] and browser_log.page_errors == []
