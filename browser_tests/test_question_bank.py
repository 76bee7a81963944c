"""Browsing the question bank: live filters, search in Chinese, folded model answers, figures."""

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from browser_tests.support import wait_until_ready
from questions.models import Question

pytestmark = pytest.mark.browser


def test_filter_by_topic_and_difficulty_then_search_in_chinese(page, live_server, question_bank):
    titles = dict(Question.objects.values_list("slug", "title"))
    page.goto(f"{live_server.url}/questions/")
    count = page.get_by_text(re.compile(r"^\d+ questions?$"))
    expect(count).to_have_text(f"{Question.objects.active().count()} questions")
    wait_until_ready(page)

    page.get_by_label("Topic").select_option(label="Diffusion models")
    expect(page).to_have_url(re.compile(r"[?&]tag=diffusion(&|$)"))
    expect(count).to_have_text("4 questions")
    expect(page.get_by_role("link", name=titles["q21"])).to_be_visible()
    expect(page.get_by_role("link", name=titles["q06"])).to_have_count(0)
    wait_until_ready(page)

    page.get_by_label("Difficulty").select_option(label="Hard")
    expect(page).to_have_url(re.compile(r"[?&]difficulty=3(&|$)"))
    expect(count).to_have_text("3 questions")
    expect(page.get_by_role("link", name=titles["q02"])).to_be_visible()
    expect(page.get_by_role("link", name=titles["q21"])).to_have_count(0)  # medium
    wait_until_ready(page)

    page.get_by_label("Topic").select_option(label="All topics")
    page.get_by_label("Difficulty").select_option(label="Any difficulty")
    page.get_by_label("Search").fill("复读机")
    expect(page).to_have_url(re.compile(re.escape(f"q={quote('复读机')}")))
    expect(count).to_have_text("1 question")
    expect(page.get_by_role("link", name=titles["q04"])).to_be_visible()

    # The URL alone brings the same results back, e.g. from a bookmark.
    page.reload()
    expect(page.get_by_label("Search")).to_have_value("复读机")
    expect(count).to_have_text("1 question")

    # Enter rather than click: the link's first box is its 1x1 visually-hidden number, which
    # sits above the text, so Playwright's pointer lands outside the link (people are fine).
    page.get_by_role("link", name=titles["q04"]).press("Enter")
    expect(page.get_by_role("heading", name=titles["q04"], level=1)).to_be_visible()
    model_answer_line = page.get_by_text("温度参数调整")
    expect(model_answer_line).to_be_hidden()
    page.get_by_text("Show model answer").click()
    expect(model_answer_line).to_be_visible()


def test_stable_diffusion_figure_loads(page, live_server, question_bank):
    page.goto(f"{live_server.url}/questions/q02/")
    figure = page.get_by_role("img", name=re.compile("Stable Diffusion"))
    expect(figure).to_be_hidden()
    page.get_by_text("Show model answer").click()
    expect(figure).to_be_visible()
    # loading="lazy": the image is fetched once shown; naturalWidth is 0 if it failed.
    page.wait_for_function(
        "image => image.complete && image.naturalWidth > 0", arg=figure.element_handle()
    )


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}], ids=["1280x800"])
def test_a_screen_shows_ten_questions_with_their_status_and_star(
    page, live_server, logged_in, question_bank
):
    page.goto(f"{live_server.url}/questions/")
    wait_until_ready(page)
    rows = page.get_by_role("list").filter(
        has=page.get_by_role("link", name="介绍一下stable diffusion的原理")
    )
    items = rows.get_by_role("listitem")
    expect(items.first).to_be_visible()
    in_view = [
        item
        for item in items.all()
        if item.evaluate("item => item.getBoundingClientRect().bottom <= window.innerHeight")
    ]
    assert len(in_view) >= 10, len(in_view)

    # Every row keeps the reader's status and a working star.
    first = items.first
    expect(first.get_by_text("New")).to_be_visible()
    first.get_by_role("button", name="Star").click()
    expect(first.get_by_role("button", name="Starred")).to_have_attribute("aria-pressed", "true")

    # The two forms of the same Attention question point at each other.
    attention = items.filter(has_text="Attention计算复杂度以及如何改进").first
    expect(attention.get_by_role("link", name="Q32")).to_be_visible()
