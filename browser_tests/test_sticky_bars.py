"""Nothing sits under a sticky bar: the question page's header (position, clock, End) and the
reveal's rating bar with "Next". Every button, link and field scrolled into view, to the
top of the screen and to the bottom, is hit by a click at each of its visible points."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser_tests.support import wait_until_ready
from core import clock
from interview import services

pytestmark = pytest.mark.browser

WIDE = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 800}

COVERED = (Path(__file__).parent / "covered.js").read_text()


def assert_nothing_under_a_sticky_bar(page, *must_check: str) -> None:
    wait_until_ready(page)
    result = page.evaluate(COVERED)
    assert result["problems"] == [], result["problems"]
    for wanted in must_check:  # the check saw the parts that matter
        assert any(re.search(wanted, name) for name in result["checked"]), (wanted, result)


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["wide", "phone"])
@pytest.mark.parametrize(
    ("locale", "words"),
    [
        (
            "en-US",
            {
                "end": "End interview",
                "submit": "Submit answer",
                "next": "Next question",
                "note": "Private note",
                "nailed": "Nailed it",
                "left": "Time left",
                "left-short": "Time left",
            },
        ),
        (
            "zh-CN",
            {
                "end": "结束面试",
                "submit": "提交答案",
                "next": "下一题",
                "note": "私人笔记",
                "nailed": "完美",
                "left": "剩余时间",
                "left-short": "剩余",
            },
        ),
    ],
    ids=["en", "zh"],
)
def test_no_button_link_or_field_sits_under_a_sticky_bar(
    page, live_server, logged_in, start_interview, viewport, locale, words
):
    # q09-2's model answer is long and holds a figure: the reveal scrolls well past a screen.
    interview = start_interview("q09-2", "q02", minutes=10)
    page.goto(f"{live_server.url}{interview.get_absolute_url()}")
    expect(page.get_by_role("timer")).to_be_visible()
    # The clock says what it counts, on a phone too (short there).
    label = words["left-short"] if viewport == PHONE else words["left"]
    expect(page.locator(".countdown-label:visible")).to_have_text(label)
    expect(page.get_by_role("timer")).to_have_accessible_name(re.compile("Time left|剩余时间"))
    assert_nothing_under_a_sticky_bar(page, words["end"], words["submit"], "^text$")

    answer = services.answer_show(answer=interview.answers.get(position=1), now=clock.now())
    services.answer_submit(
        answer=answer, text="One Linear to_qkv; O(N²) attention.", now=clock.now()
    )
    page.goto(f"{live_server.url}{answer.get_absolute_url()}")
    expect(page.get_by_role("region", name=re.compile("Model answer|参考答案"))).to_be_visible()
    assert_nothing_under_a_sticky_bar(page, words["next"], words["note"], words["nailed"])

    wait_until_ready(page)
    page.keyboard.press("4")
    expect(page.get_by_role("button", name=words["nailed"])).to_have_attribute(
        "aria-pressed", "true"
    )
    page.locator("summary", has_text=words["note"]).click()
    expect(page.get_by_role("textbox", name=words["note"])).to_be_visible()
    assert_nothing_under_a_sticky_bar(page, words["next"], words["note"], words["nailed"])


@pytest.mark.parametrize(
    ("viewport", "locale", "saved"),
    [(WIDE, "en-US", "Saved: Nailed it"), (WIDE, "zh-CN", "已保存：完美")],
    ids=["en", "zh"],
)
def test_on_a_desktop_the_rating_and_its_confirmation_stay_beside_next(
    page, live_server, logged_in, start_interview, saved
):
    interview = start_interview("q09-2", minutes=10)
    answer = services.answer_show(answer=interview.answers.get(), now=clock.now())
    services.answer_submit(answer=answer, text="One Linear to_qkv.", now=clock.now())
    page.goto(f"{live_server.url}{answer.get_absolute_url()}")
    wait_until_ready(page)
    buttons = page.locator(".rating-button")
    expect(buttons).to_have_count(4)
    next_link = page.locator(".next-actions a")
    # On first sight, before any scrolling: the four ratings and "Next" are on the screen,
    # though the model answer runs far below.
    assert page.evaluate("document.documentElement.scrollHeight") > 1200
    for button in [*buttons.all(), next_link]:
        expect(button).to_be_in_viewport(ratio=1)

    page.keyboard.press("4")
    status = page.get_by_role("status").filter(has_text=saved)
    expect(status).to_be_visible()
    expect(status).to_be_in_viewport(ratio=1)
    expect(next_link).to_be_focused()
    # The confirmation sits by "Next", where the eye goes after pressing the key.
    link, said = next_link.bounding_box(), status.bounding_box()
    assert abs((said["x"] + said["width"]) - (link["x"] + link["width"])) < 2, (link, said)
    assert 0 <= said["y"] - (link["y"] + link["height"]) < 40, (link, said)


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_a_phone_answers_under_a_one_line_header_that_keeps_the_question(
    page, live_server, logged_in, start_interview
):
    interview = start_interview("q09-2", minutes=10)
    page.goto(f"{live_server.url}{interview.get_absolute_url()}")
    wait_until_ready(page)
    header = page.locator(".qp-header-sticky")
    timer, end = page.get_by_role("timer"), page.get_by_role("button", name="End interview")
    assert header.bounding_box()["height"] <= 64, header.bounding_box()
    assert abs(timer.bounding_box()["y"] - end.bounding_box()["y"]) < 24  # one line

    mini = header.locator(".qp-mini-title")
    expect(mini).to_be_hidden()  # the heading itself is in sight
    # Typing: the on-screen keyboard takes half the screen, and the page scrolls on.
    page.set_viewport_size({"width": 375, "height": 420})
    page.get_by_label("Your answer").fill("Q, K and V come from one Linear layer.")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    expect(mini).to_be_visible()
    expect(mini).to_have_text(interview.answers.get().title_snapshot)
    expect(page.get_by_role("heading", level=1)).not_to_be_in_viewport()
    box = header.bounding_box()
    mini_box = mini.bounding_box()
    assert mini_box["y"] + mini_box["height"] - box["y"] <= 110, (box, mini_box)
