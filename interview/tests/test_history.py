"""Looking back: the list of interviews, progress by topic, and attempts at one question."""

import re
from datetime import timedelta

import factory
import pytest
from django.utils.timezone import localtime

from interview.charts import rating_chart
from interview.models import Interview
from interview.tests.factories import AnswerFactory, InterviewFactory
from questions.tests.factories import QuestionFactory, TagFactory
from testsupport import START

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def days_ago(n):
    return START - timedelta(days=n)


# History


def test_history_lists_interviews_newest_first_with_their_totals(user, user_client):
    old = InterviewFactory(
        user=user, started_at=days_ago(3), question_count=2, state=Interview.State.FINISHED
    )
    AnswerFactory(interview=old, position=1, done=True, rating=2, seconds_used=90)
    AnswerFactory(interview=old, position=2, done=True, rating=3, seconds_used=60)
    ended = InterviewFactory(
        user=user, started_at=days_ago(2), question_count=3, state=Interview.State.ABANDONED
    )
    AnswerFactory(interview=ended, position=1, done=True, rating=1, seconds_used=30)
    newest = InterviewFactory(user=user, started_at=days_ago(1))

    response = user_client.get("/history/")

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [newest, ended, old]
    content = html(response)
    dates = [f"{localtime(days_ago(n)):%Y-%m-%d %H:%M}" for n in (1, 2, 3)]
    assert content.index(dates[0]) < content.index(dates[1]) < content.index(dates[2])
    assert "2.5" in content  # average of 2 and 3
    assert "02:30" in content  # 90 s + 60 s
    assert "2 / 2" in content
    assert "1 / 3" in content
    assert "Finished" in content
    assert "Ended early" in content
    assert "In progress" in content
    assert f'href="/interviews/{old.pk}/review/"' in content


def test_history_shows_the_topics_in_the_visitors_language(user, user_client):
    InterviewFactory(
        user=user, topics=[{"slug": "rl", "name_zh": "强化学习", "name_en": "Reinforcement"}]
    )
    InterviewFactory(user=user)
    content = html(user_client.get("/history/"))
    assert "Reinforcement" in content
    assert "强化学习" not in content
    assert "All topics" in content


def test_history_shows_20_interviews_a_page(user, user_client):
    minutes_before_start = factory.Sequence(lambda n: START - timedelta(minutes=n))
    InterviewFactory.create_batch(25, user=user, started_at=minutes_before_start)
    first = user_client.get("/history/")
    second = user_client.get("/history/", {"page": 2})
    assert len(first.context["page"].object_list) == 20
    assert len(second.context["page"].object_list) == 5
    assert "Page 1 of 2" in html(first)
    assert 'href="?page=2"' in html(first)
    newest_on_second = second.context["page"].object_list[0].started_at
    assert newest_on_second < first.context["page"].object_list[19].started_at


def test_history_page_over_htmx_is_only_the_list(user, user_client):
    InterviewFactory(user=user)
    response = user_client.get("/history/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in html(response)
    assert 'id="interviews"' in html(response)


def test_history_when_empty_invites_a_first_interview(user_client):
    assert "No interviews yet." in html(user_client.get("/history/"))


# Progress


def test_progress_shows_average_per_topic_and_the_rating_distribution(user, user_client):
    llm = TagFactory(slug="llm", name_en="Large models")
    rl = TagFactory(slug="rl", name_en="Reinforcement")
    on_llm = QuestionFactory(tags=[llm])
    on_both = QuestionFactory(tags=[llm, rl])
    AnswerFactory(interview__user=user, question=on_llm, done=True, rating=4)
    AnswerFactory(interview__user=user, question=on_llm, done=True, rating=3)
    AnswerFactory(interview__user=user, question=on_both, done=True, rating=1)
    AnswerFactory(interview__user=user, question=on_llm, done=True)  # not rated: left out

    response = user_client.get("/history/progress/")

    bars = {bar.label: (bar.value, bar.count) for bar in response.context["topics"]}
    assert bars == {"Large models": (pytest.approx(8 / 3), 3), "Reinforcement": (1.0, 1)}
    content = html(response)
    assert "Large models" in content
    assert "2.7" in content
    assert "(3 ratings)" in content
    assert "(1 rating)" in content
    assert "1 · Missed it: 1" in content
    assert "2 · Partly: 0" in content
    assert "3 · Good: 1" in content
    assert "4 · Nailed it: 1" in content


def time_chart_svg(content) -> str:
    chart = re.search(r'<svg class="time-chart".*?</svg>', content, re.S)
    assert chart, "no chart with axes on the page"
    return chart[0]


def axis_labels(svg) -> list[str]:
    return re.findall(r'<text class="chart-label"[^>]*>(.*?)</text>', svg)


def test_progress_shows_a_weekly_line_for_recent_ratings(user, user_client):
    question = QuestionFactory()
    for weeks_ago, rating in [(0, 4), (1, 2), (1, 3), (20, 1)]:
        AnswerFactory(
            interview__user=user,
            interview__started_at=START - timedelta(weeks=weeks_ago, hours=1),
            question=question,
            done=True,
            rating=rating,
        )
    response = user_client.get("/history/progress/")
    weeks = response.context["weeks"]
    assert [row["average"] for row in weeks] == [2.5, 4.0]
    svg = time_chart_svg(html(response))
    # The rating scale up the side, each week's date along the bottom.
    assert axis_labels(svg) == [
        "1",
        "2",
        "3",
        "4",
        *[row["week"].strftime("%m-%d") for row in weeks],
    ]
    # Counts in English take their plural forms.
    assert f"Week of {weeks[0]['week']:%Y-%m-%d}: 2.5 (2 ratings)" in html(response)
    assert f"Week of {weeks[1]['week']:%Y-%m-%d}: 4.0 (1 rating)" in html(response)


def test_progress_with_a_single_week_still_draws_dated_axes(user, user_client):
    AnswerFactory(interview__user=user, done=True, rating=3)
    response = user_client.get("/history/progress/")
    [week] = response.context["weeks"]
    svg = time_chart_svg(html(response))
    assert axis_labels(svg) == ["1", "2", "3", "4", week["week"].strftime("%m-%d")]
    assert svg.count('class="axis"') == 2
    assert svg.count('class="dot"') == 1


def test_progress_sections_are_spaced_apart(user, user_client):
    AnswerFactory(interview__user=user, done=True, rating=3)
    content = html(user_client.get("/history/progress/"))
    # The cards sit in a stack, which puts a gap between them (site.css `.stack`).
    stack = content.index('<div class="stack">')
    assert stack < content.index('aria-labelledby="by-topic"')
    assert stack < content.index('aria-labelledby="distribution"') < content.index("</main>")


def test_progress_without_ratings_says_what_to_do(user, user_client):
    AnswerFactory(interview__user=user, done=True)
    content = html(user_client.get("/history/progress/"))
    assert "Rate a few answers and your progress shows up here." in content
    assert "time-chart" not in content


# Attempts at one question


def test_attempts_are_listed_newest_first_with_a_chart(user, user_client):
    question = QuestionFactory(title="Explain KV caching")
    for days, rating in [(30, 1), (10, 3), (2, 4)]:
        AnswerFactory(
            interview__user=user,
            interview__started_at=days_ago(days),
            question=question,
            done=True,
            rating=rating,
            note=f"note from {days} days ago",
        )
    AnswerFactory(interview__user=user, question=question)  # drawn but never shown

    response = user_client.get(f"/history/questions/{question.slug}/")

    content = html(response)
    assert response.status_code == 200
    assert "Explain KV caching" in content
    assert [attempt.rating for attempt in response.context["page"].object_list] == [4, 3, 1]
    assert content.index("note from 2 days") < content.index("note from 30 days")
    svg = time_chart_svg(content)
    # Oldest to newest, left to right: ratings 1, 3, 4, each dated.
    dates = [f"{localtime(days_ago(days)):%m-%d}" for days in (30, 10, 2)]
    assert re.findall(r"<title>(.*?)</title>", svg) == [
        f"Rating · {dates[0]}: 1.0",
        f"Rating · {dates[1]}: 3.0",
        f"Rating · {dates[2]}: 4.0",
    ]
    assert axis_labels(svg) == ["1", "2", "3", "4", *dates]


def test_attempts_page_without_attempts_has_no_chart(user_client):
    question = QuestionFactory()
    content = html(user_client.get(f"/history/questions/{question.slug}/"))
    assert "You have not answered this question in an interview yet." in content
    assert "time-chart" not in content


def test_attempts_at_an_unknown_question_are_not_found(user_client):
    assert user_client.get("/history/questions/no-such-question/").status_code == 404


def test_the_rating_chart_puts_4_at_the_top_1_at_the_bottom_and_dates_along_it():
    days = [START.date() - timedelta(days=n) for n in (2, 1, 0)]
    chart = rating_chart(list(zip(days, [1, None, 4], strict=True)), name="Rating")
    [line] = chart.series
    (x1, y1, _), (x2, y2, _) = line.dots
    assert y1 == chart.bottom and y2 == chart.top
    assert x1 == chart.left and x2 == chart.right
    assert [text for _x, text in chart.x_labels] == [f"{day:%m-%d}" for day in days]
    assert [text for _y, text in chart.y_ticks] == ["1", "2", "3", "4"]
    assert rating_chart([(days[0], None)], name="Rating") is None
