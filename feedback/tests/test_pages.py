"""Key-point feedback as the learner sees it: checklist, highlights, suggestion, remark,
and the progress page; snapshots; counts of missed points."""

import re
from datetime import timedelta

import pytest

from feedback.models import Coverage, MissedPoint
from interview import services
from interview.models import Answer
from interview.tests.factories import interview_with
from questions.models import KeyPoint
from questions.tests.factories import QuestionFactory
from testsupport import START

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def question():
    question = QuestionFactory(title="What are LoRA and P-tuning?")
    points = [
        ("低秩旁路", "Low-rank bypass", True, [["低秩", "low-rank", "low rank"]]),
        ("冻结原参数", "Frozen weights", True, [["冻结", "freeze", "frozen"]]),
        ("虚拟 token", "Virtual tokens", False, [["virtual token", "虚拟token"]]),
    ]
    for position, (zh, en, essential, aliases) in enumerate(points, start=1):
        KeyPoint.objects.create(
            question=question,
            position=position,
            label_zh=zh,
            label_en=en,
            essential=essential,
            aliases=aliases,
        )
    return question


def answered(user, question, text, *, at=START):
    interview = interview_with(user, [question], now=at, minutes=5)
    answer = services.answer_show(answer=interview.answers.get(), now=at)
    return services.answer_submit(answer=answer, text=text, now=at + timedelta(seconds=60))


def test_the_reveal_lists_the_points_found_and_highlights_them(user, user_client, question):
    answer = answered(user, question, "LoRA adds a <b>low-rank</b> bypass; the rest is frozen.")
    page = html(user_client.get(answer.get_absolute_url()))
    assert "2 of 3 found in your answer" in page
    # Each found point links to its highlighted words; the missing one is plain text.
    anchors = re.findall(r'<a href="#(kp-\d+-\d+)">', page)
    assert len(anchors) == 2
    for anchor in anchors:
        assert f'id="{anchor}"' in page
    assert '<mark class="kp-mark" id="kp-' in page
    assert ">low-rank</mark>" in page and ">frozen</mark>" in page
    assert "&lt;b&gt;" in page and "<b>low-rank" not in page  # the answer stays text
    assert "Not found:</span>" in page


@pytest.mark.parametrize(
    "text",
    [
        '<img src=x onerror=alert(1)>低秩 "冻结" </mark><script>alert(2)</script>',
        'frozen" onmouseover="alert(3) low-rank',
    ],
)
def test_highlighting_never_turns_the_answer_into_markup(user, user_client, question, text):
    answer = answered(user, question, text)
    page = html(user_client.get(answer.get_absolute_url()))
    body = page.split('class="user-answer">', 1)[1].split("</div>", 1)[0]
    assert "<img" not in body and "<script" not in body and 'onmouseover="' not in body
    assert (
        re.sub(r"</?mark[^>]*>", "", body)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
        == text
    )


def test_the_check_uses_the_points_as_shown_not_as_edited_later(user, user_client, question):
    interview = interview_with(user, [question], now=START, minutes=5)
    answer = services.answer_show(answer=interview.answers.get(), now=START)
    question.key_points.filter(position=3).delete()
    KeyPoint.objects.filter(question=question, position=1).update(label_en="Renamed")
    answer = services.answer_submit(answer=answer, text="virtual token", now=START)
    coverage = Coverage.objects.get(answer=answer)
    assert [point["label_en"] for point in coverage.points] == [
        "Low-rank bypass",
        "Frozen weights",
        "Virtual tokens",
    ]
    assert (coverage.found, coverage.total) == (1, 3)


@pytest.mark.parametrize(
    ("text", "suggested"),
    [
        ("LoRA trains a low-rank bypass to frozen weights; P-tuning trains virtual tokens", 4),
        ("low-rank and frozen", 3),
        ("virtual token only", 2),
        ("nothing relevant", 1),
    ],
)
def test_a_rating_is_suggested_from_coverage_but_never_chosen(
    user, user_client, question, text, suggested
):
    answer = answered(user, question, text)
    page = html(user_client.get(answer.get_absolute_url()))
    assert Coverage.objects.get(answer=answer).suggested_rating == suggested
    assert "Suggested from the key points" in page
    assert re.search(rf'rating-{suggested} rating-suggested"', page)
    assert not re.search(r'class="rating-button[^"]*"[^>]*aria-pressed="true"', page)
    assert Answer.objects.get(pk=answer.pk).rating is None


def test_a_strong_disagreement_is_remarked_on_once(user, user_client, question, clock):
    answer = answered(user, question, "virtual token only")  # both essentials missing
    rate = f"{answer.get_absolute_url()}rate/"
    first = html(user_client.post(rate, {"rating": 4}, **HTMX))
    assert "an essential point was not found in your answer" in first
    assert "Low-rank bypass" in first
    clock.shift(timedelta(minutes=1))
    again = html(user_client.post(rate, {"rating": 3}, **HTMX))
    assert "essential point was not found" not in again
    clock.shift(timedelta(minutes=1))
    once_more = html(user_client.post(rate, {"rating": 4}, **HTMX))
    assert "essential point was not found" not in once_more  # said once, not every time


def test_rating_1_with_every_point_found_is_remarked_on(user, user_client, question):
    text = "LoRA learns a low-rank update to frozen weights; P-tuning learns a virtual token."
    answer = answered(user, question, text)
    page = html(user_client.post(f"{answer.get_absolute_url()}rate/", {"rating": 1}, **HTMX))
    assert "every key point was found in your answer" in page


def test_missed_points_are_counted_and_a_replaced_answer_is_recounted(user, question):
    interview = interview_with(user, [question], now=START, minutes=1)
    answer = services.answer_show(answer=interview.answers.get(), now=START)
    services.answer_save_draft(answer=answer, text="low-rank", revision=1, now=START)
    answer = services.answer_expire(answer=answer, now=START + timedelta(minutes=2))
    counts = {row.label_en: (row.misses, row.checks) for row in MissedPoint.objects.all()}
    assert counts == {
        "Low-rank bypass": (0, 1),
        "Frozen weights": (1, 1),
        "Virtual tokens": (1, 1),
    }
    # Newer text replaces the automatic submission: the old check is taken back.
    services.answer_submit(
        answer=answer, text="low-rank and frozen", revision=99, now=START + timedelta(minutes=3)
    )
    counts = {row.label_en: (row.misses, row.checks) for row in MissedPoint.objects.all()}
    assert counts == {
        "Low-rank bypass": (0, 1),
        "Frozen weights": (0, 1),
        "Virtual tokens": (1, 1),
    }
    assert Coverage.objects.get().found == 2


def test_skipped_answers_and_questions_without_points_get_no_check(user):
    bare = QuestionFactory()
    interview = interview_with(user, [bare], now=START)
    answer = services.answer_show(answer=interview.answers.get(), now=START)
    services.answer_submit(answer=answer, text="anything", now=START)
    assert not Coverage.objects.exists()


def test_the_progress_page_lists_missed_points_and_ratings_against_coverage(
    user, user_client, question, clock
):
    for days, text, rating in ((20, "virtual token", 4), (10, "low-rank, frozen", 3)):
        answer = answered(user, question, text, at=START - timedelta(days=days))
        services.answer_rate(answer=answer, rating=rating, note=None, now=START)
    page = html(user_client.get("/history/progress/"))
    assert "Key points you miss most" in page
    assert "missed 1 of 2 times" in page  # each of the three points was missed once
    assert f'href="/history/questions/{question.slug}/"' in page
    assert "Your ratings against the key points" in page
    assert 'class="time-chart"' in page
    assert "Key points found, by the rating you gave" in page


def test_the_reveal_costs_no_extra_query_for_its_feedback(
    user, user_client, question, django_assert_num_queries
):
    answer = answered(user, question, "low-rank and frozen")
    # Session, user; the answer with its interview, coverage and review; the card behind
    # the rating intervals.
    with django_assert_num_queries(4):
        response = user_client.get(answer.get_absolute_url())
    assert "2 of 3 found" in html(response)
