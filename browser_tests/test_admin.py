"""The question admin as an editor uses it: Markdown previewed while typing, in both languages."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from questions.models import Question

pytestmark = pytest.mark.browser


@pytest.fixture
def editor(context, live_server, transactional_db):
    """A staff user signed in to the browser through a session cookie."""
    from accounts.models import User

    user = User.objects.create_superuser("editor@example.com", "edit-the-bank-42")
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": session.key, "value": session.value, "url": live_server.url}])
    return user


def open_change_page(page, live_server, question):
    """Open the question's admin page; htmx is wired up once the page has loaded."""
    url = reverse("admin:questions_question_change", args=[question.pk])
    page.goto(f"{live_server.url}{url}", wait_until="load")


@pytest.mark.parametrize(
    ("locale", "caption"), [("en-US", "Preview"), ("zh-CN", "预览")], ids=["en", "zh"]
)
def test_markdown_preview_follows_the_unsaved_text(
    page, live_server, question_bank, editor, browser_log, caption
):
    question = Question.objects.get(slug="q02")
    open_change_page(page, live_server, question)
    answer = page.locator("textarea[name=answer_md]")
    preview = page.locator("#id_answer_md_preview")
    expect(page.get_by_text(caption, exact=True).first).to_be_visible()
    expect(preview).to_contain_text("Stable Diffusion")  # the saved answer, to start with

    answer.fill("- **PagedAttention** keeps the `KV cache` in pages\n- <b>not bold</b>")
    expect(preview.locator("li strong")).to_have_text("PagedAttention")
    expect(preview.locator("li code")).to_have_text("KV cache")
    expect(preview.locator("li").nth(1)).to_have_text("<b>not bold</b>")  # shown, not obeyed

    # The site's Markdown styles, not the admin's defaults for lists and code.
    def style(locator, prop):
        return locator.evaluate(f"element => getComputedStyle(element).{prop}")

    assert style(preview.locator("li").first, "listStyleType") == "disc"
    assert style(preview.locator("li code"), "backgroundColor") != "rgba(0, 0, 0, 0)"
    assert "mono" in style(answer, "fontFamily").lower()
    assert answer.bounding_box()["height"] > 300

    assert Question.objects.get(pk=question.pk).answer_md == question.answer_md  # nothing saved
    assert browser_log.console_errors == []  # no CSP violation from htmx or the admin
    assert browser_log.page_errors == []


def test_key_points_are_checked_against_a_sample_answer_as_typed(
    page, live_server, question_bank, editor, browser_log
):
    question = Question.objects.get(slug="q01")
    saved = question.key_points.as_data()
    open_change_page(page, live_server, question)
    result = page.locator("#key-point-check-result")
    expect(result).to_contain_text("Paste a sample answer")

    page.get_by_label("Sample answer").fill(
        "LoRA 在旁路加了低秩矩阵，冻结原模型参数。<img src=x onerror=alert(1)>"
    )
    expect(result).to_contain_text("2 of 5 key points found")
    found = result.locator("li.kp-found")
    expect(found).to_have_count(2)
    expect(found.first).to_contain_text(saved[0]["label_en"])
    expect(result.locator(".key-point-check-sample mark").first).to_have_text("旁路")
    expect(result.locator(".key-point-check-sample")).to_contain_text("<img src=x")  # text

    # An unsaved edit to a point's aliases is checked too.
    page.locator("textarea[name='key_points-2-alias_text']").fill("矩阵 | matrix")
    expect(result).to_contain_text("3 of 5 key points found")
    page.locator("textarea[name='key_points-2-alias_text']").fill("matrix | matrix")
    expect(result).to_contain_text("needs fixing")

    assert question.key_points.as_data() == saved  # nothing saved
    assert browser_log.dialogs == []
    assert browser_log.console_errors == []
    assert browser_log.page_errors == []
