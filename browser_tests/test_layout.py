"""How pages fit: a phone-sized screen, and the system's dark colour scheme."""

import re

import pytest
from playwright.sync_api import expect

from browser_tests.support import wait_until_ready

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}


def assert_no_horizontal_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a {PHONE['width']}px screen"


def assert_inside_the_screen(locator):
    expect(locator).to_be_in_viewport(ratio=1)
    box = locator.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_phone_pages_fit_and_the_nav_is_reachable(page, live_server, logged_in, start_interview):
    interview = start_interview("q02")
    page.goto(live_server.url)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_horizontal_scroll(page)

    # On a phone the links sit behind a "Menu" disclosure, which opens without JavaScript;
    # the brand, the language and the menu itself fit on one row.
    nav = page.get_by_role("navigation", name="Main")
    expect(nav).to_be_hidden()
    menu = page.locator("summary", has_text="Menu")
    for part in (page.get_by_role("link", name="Mock Interview"), menu):
        assert_inside_the_screen(part)
    assert_inside_the_screen(page.get_by_role("button", name=re.compile("^中文")))
    menu.click()
    links = nav.get_by_role("link")
    expect(links).to_have_count(5)  # bank, interview, history, progress, account
    for link in [*links.all(), nav.get_by_role("button", name="Sign out")]:
        assert_inside_the_screen(link)
    for theme in ("Light", "Dark", "System"):
        assert_inside_the_screen(page.get_by_role("button", name=theme))
    assert_no_horizontal_scroll(page)

    nav.get_by_role("link", name="Question bank").click()
    expect(page.get_by_role("heading", name="Question bank", level=1)).to_be_visible()
    expect(nav).to_be_hidden()  # a new page starts with the menu closed
    assert_no_horizontal_scroll(page)

    page.goto(f"{live_server.url}/questions/q02/")
    page.get_by_text("Show model answer").click()
    expect(page.get_by_role("img", name=re.compile("Stable Diffusion"))).to_be_visible()
    assert_no_horizontal_scroll(page)

    page.goto(f"{live_server.url}{interview.get_absolute_url()}")
    expect(page.get_by_role("timer")).to_be_visible()
    expect(page.get_by_role("button", name="Submit answer")).to_be_in_viewport()
    assert_no_horizontal_scroll(page)

    page.goto(f"{live_server.url}/history/")
    expect(page.get_by_role("heading", name="History", level=1)).to_be_visible()
    assert_no_horizontal_scroll(page)


def test_wide_screens_show_the_nav_as_a_bar(page, live_server, logged_in):
    page.goto(live_server.url)
    nav = page.get_by_role("navigation", name="Main")
    expect(page.locator("summary", has_text="Menu")).to_be_hidden()
    expect(nav.get_by_role("link")).to_have_count(5)
    for link in nav.get_by_role("link").all():
        expect(link).to_be_in_viewport()
    expect(nav.get_by_role("button", name="Sign out")).to_be_in_viewport()
    # One row: every link level with the brand.
    brand = page.get_by_role("link", name="Mock Interview").bounding_box()
    for link in nav.get_by_role("link").all():
        box = link.bounding_box()
        assert abs((box["y"] + box["height"] / 2) - (brand["y"] + brand["height"] / 2)) < 4


def luminance(css_color: str) -> float:
    """Relative luminance (0 black … 1 white) of a computed `rgb(...)` colour."""
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", css_color)[:3])

    def linear(channel):
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


@pytest.mark.parametrize(
    ("color_scheme", "dark"), [("dark", True), ("light", False)], ids=["dark", "light"]
)
def test_page_follows_the_system_colour_scheme(page, live_server, question_bank, dark):
    page.goto(f"{live_server.url}/questions/")
    background, text = page.locator("body").evaluate(
        "body => [getComputedStyle(body).backgroundColor, getComputedStyle(body).color]"
    )
    if dark:
        assert luminance(background) < 0.05, background
        assert luminance(text) > 0.6, text
    else:
        assert luminance(background) > 0.8, background
        assert luminance(text) < 0.05, text


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_figures_stay_readable_on_a_phone_and_open_full_size(page, live_server, question_bank):
    page.goto(f"{live_server.url}/questions/q02/")
    page.get_by_text("Show model answer").click()
    figure = page.get_by_role("img", name=re.compile("Stable Diffusion"))
    expect(figure).to_be_visible()
    # Drawn 760 units wide with labels of 11 units and up: at 600 px they stay above 8 px.
    assert figure.bounding_box()["width"] >= 600
    assert_no_horizontal_scroll(page)  # the figure scrolls in a strip of its own

    with page.expect_popup() as popup:
        page.get_by_role("link").filter(has=figure).click()
    expect(popup.value).to_have_url(re.compile(r"/static/figures/stable-diffusion-pipeline\.svg$"))


def test_the_account_heading_lines_up_with_its_cards(page, live_server, logged_in):
    page.goto(f"{live_server.url}/account/")
    heading = page.get_by_role("heading", name="Account", level=1).bounding_box()
    card = page.locator("main .card").first.bounding_box()
    assert abs(heading["x"] - card["x"]) < 1, (heading, card)


@pytest.fixture
def rated_answers(start_interview):
    """Two answers of the signed-in user, shown, submitted and rated this week."""
    from core import clock
    from interview import services

    interview = start_interview("q02", "q09-2")
    now = clock.now()
    for position, rating in [(1, 3), (2, 1)]:
        answer = services.answer_show(answer=interview.answers.get(position=position), now=now)
        answer = services.answer_submit(answer=answer, text="Text encoder, UNet, VAE.", now=now)
        services.answer_rate(answer=answer, rating=rating, note="", now=now)
    return interview


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, PHONE], ids=["wide", "phone"])
def test_progress_cards_are_apart_and_the_week_chart_has_dated_axes(
    page, live_server, logged_in, rated_answers, viewport
):
    from django.utils import timezone

    page.goto(f"{live_server.url}/history/progress/")
    boxes = [card.bounding_box() for card in page.locator("main .card").all()]
    assert len(boxes) >= 3
    for upper, lower in zip(boxes, boxes[1:], strict=False):
        assert lower["y"] - (upper["y"] + upper["height"]) >= 8, (upper, lower)

    # One week of ratings: a dot on axes that say which week and which rating.
    chart = page.get_by_role("img", name="Average rating per week, last twelve weeks")
    week = timezone.localdate() - timezone.timedelta(days=timezone.localdate().weekday())
    expect(chart.locator("text.chart-label")).to_have_text(["1", "2", "3", "4", f"{week:%m-%d}"])
    for label in chart.locator("text.chart-label").all():
        expect(label).to_be_visible()
    expect(page.get_by_text("(2 ratings)").first).to_be_visible()
    if viewport == PHONE:
        assert_no_horizontal_scroll(page)


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_the_start_form_on_a_phone_keeps_start_in_reach(
    page, live_server, logged_in, question_bank
):
    page.goto(f"{live_server.url}/interviews/")
    wait_until_ready(page)
    start = page.get_by_role("button", name="Start", exact=True)
    estimate = page.locator("#estimate")
    expect(start).to_be_in_viewport(ratio=1)  # at the bottom of the screen from the first
    expect(estimate).to_have_text(re.compile(r"^About \d+ minutes · 5 questions$"))
    assert_no_horizontal_scroll(page)

    # Thirteen topics as chips, several to a row; each a real checkbox with its count.
    topics = page.get_by_role("group", name="Topics")
    chips = topics.get_by_role("checkbox")
    expect(chips).to_have_count(13)
    rows = {round(chip.bounding_box()["y"]) for chip in chips.all()}
    assert len(rows) <= 7, rows  # two or more to a row
    diffusion = topics.get_by_role("checkbox", name="Diffusion models (4 questions)")
    diffusion.check()
    expect(diffusion).to_be_checked()

    # The expected length follows the form (htmx); Start stays in reach while scrolling.
    wait_until_ready(page)
    expect(estimate).to_have_text(re.compile(r"^About \d+ minutes · 4 questions$"))
    wait_until_ready(page)
    page.get_by_label("Number of questions").fill("3")
    page.get_by_label("Time per question").select_option(label="2 minutes")
    expect(estimate).to_have_text("About 6 minutes · 3 questions")
    page.get_by_label("Prefer questions I have not seen yet").scroll_into_view_if_needed()
    expect(start).to_be_in_viewport(ratio=1)
    wait_until_ready(page)
    start.click()
    expect(page.get_by_role("timer")).to_be_visible()


@pytest.mark.parametrize("locale", ["en-US", "zh-CN"])
@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}], ids=["wide"])
def test_a_figure_in_the_model_answer_fits_its_column(
    page, live_server, logged_in, start_interview, locale
):
    from core import clock
    from interview import services

    interview = start_interview("q09-2")
    answer = services.answer_show(answer=interview.answers.get(), now=clock.now())
    answer = services.answer_submit(answer=answer, text="to_qkv", now=clock.now())
    page.goto(f"{live_server.url}{answer.get_absolute_url()}")
    figure = page.locator("img.md-figure")
    expect(figure).to_be_visible()
    page.wait_for_function("document.querySelector('img.md-figure').complete")
    # The drawing, its scrolling strip and the column are right-aligned or nested, and the
    # strip has nothing hidden to its right ("bias=Fals" was cut off at 1280 px).
    inside = figure.evaluate(
        """figure => {
            const box = figure.getBoundingClientRect();
            const strip = figure.closest(".md-figure-scroll");
            const column = figure.closest(".compare-col");
            const within = outer => {
                const frame = outer.getBoundingClientRect();
                return frame.left <= box.left && box.right <= frame.right + 0.5;
            };
            return [within(strip), within(column), strip.scrollWidth <= strip.clientWidth];
        }"""
    )
    assert inside == [True, True, True]


@pytest.mark.parametrize(("locale", "december"), [("en-US", "Dec"), ("zh-CN", "十二月")])
def test_the_calendar_shows_a_month_that_starts_in_its_last_week_in_full(
    page, live_server, logged_in, monkeypatch, december
):
    from datetime import UTC, datetime

    from core import clock

    # Monday 7 December: December's first Monday is the calendar's last column.
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 12, 7, 12, tzinfo=UTC))
    page.goto(live_server.url)
    calendar = page.get_by_role("img", name=re.compile("Days practised|练习日历"))
    expect(calendar).to_be_visible()
    labels = calendar.locator("text.chart-label").evaluate_all(
        """labels => labels.map(label => [
            label.textContent,
            label.getBBox().x + label.getBBox().width,
            label.ownerSVGElement.viewBox.baseVal.width,
        ])"""
    )
    assert labels[-4][0] == december, labels  # the last month, before Mon / Wed / Fri
    for text, right, width in labels:
        assert right <= width, (text, right, width)


def contrast(foreground: str, background: str, alpha: float) -> float:
    """WCAG contrast of `foreground` drawn at `alpha` over an opaque `background`."""
    fore = [int(part) for part in re.findall(r"\d+", foreground)[:3]]
    back = [int(part) for part in re.findall(r"\d+", background)[:3]]
    blended = [round(f * alpha + b * (1 - alpha)) for f, b in zip(fore, back, strict=True)]
    lighter, darker = sorted(
        (luminance("rgb({}, {}, {})".format(*blended)), luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


# The colour a text is drawn in (with its own and its ancestors' opacity) and the first
# opaque background behind it.
DRAWN_COLOURS = """element => {
  let alpha = 1;
  let background = null;
  for (let node = element; node; node = node.parentElement) {
    const style = getComputedStyle(node);
    alpha *= Number(style.opacity);
    const fill = style.backgroundColor;
    if (!background && fill !== "rgba(0, 0, 0, 0)" && fill !== "transparent") background = fill;
  }
  const colour = getComputedStyle(element).color;
  const own = colour.startsWith("rgba") ? Number(colour.split(",")[3].replace(")", "")) : 1;
  return [colour, background || "rgb(255, 255, 255)", alpha * own];
}"""


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_the_bank_lists_disabled_page_link_keeps_its_contrast(page, live_server, question_bank):
    page.goto(f"{live_server.url}/questions/")
    disabled = page.locator(".pagination .disabled")
    expect(disabled).to_have_text(re.compile("Previous"))
    colour, background, alpha = disabled.evaluate(DRAWN_COLOURS)
    assert contrast(colour, background, alpha) >= 4.5, (colour, background, alpha)
