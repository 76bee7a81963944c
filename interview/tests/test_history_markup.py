"""The history list's and the attempts page's rows built in Python
(interview/templatetags/history_rows.py) send the markup the template loops they replaced
rendered: byte for byte, escaped the same way, in each language and time zone."""

# The old loops below are kept verbatim, long lines and all.
# ruff: noqa: E501

import zoneinfo
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from interview.models import Answer, Interview
from interview.templatetags.history_rows import attempt_rows, forget_rows, interview_rows

# The loops as the templates had them before they moved to Python (from <tbody> to
# </tbody>; the new templates hold their tag there, indented as the loop was, then a newline).
INTERVIEWS_LOOP = Template(
    "{% load i18n tz once interview_tags %}"
    """  {% get_current_language as LANG %}
  {% translate "Date" as label_date %}{% translate "Practised" as label_topics %}{% translate "Questions" as label_questions %}{% translate "Average rating" as label_rating %}{% translate "Total time" as label_time %}{% translate "State" as label_state %}{% translate ", " context "list separator" as sep %}
  {% get_current_timezone as TZ %}
  {% for interview in page.object_list %}
    {% once interview.pk interview.mode interview.started_at interview.state interview.answered_count interview.question_count interview.average_rating interview.total_seconds TZ %}
    <tr>
      <td data-label="{{ label_date }}" class="nowrap"><a href="{% url 'interview:review' interview.pk %}">{{ interview.started_at|date:"Y-m-d H:i" }}</a></td>
      <td data-label="{{ label_topics }}" class="practised"><span><span class="mode-label">{{ interview.mode|mode_label }}</span>{% if interview.single_title %} · {{ interview.single_title }}{% else %}{% with names=interview|topic_names:LANG %} <span class="muted">· {% if names %}{{ names|join:sep }}{% else %}{% translate "All topics" %}{% endif %}</span>{% endwith %}{% endif %}</span></td>
      <td data-label="{{ label_questions }}">{{ interview.answered_count }} / {{ interview.question_count }}</td>
      <td data-label="{{ label_rating }}">{% if interview.average_rating %}<span class="stars" aria-hidden="true">{{ interview.average_rating|rating_stars }}</span> {{ interview.average_rating|floatformat:1 }}{% else %}–{% endif %}</td>
      <td data-label="{{ label_time }}">{{ interview.total_seconds|default:0|mmss }}</td>
      <td data-label="{{ label_state }}"><span class="state state-{{ interview.state }}">{{ interview.get_state_display }}</span></td>
    </tr>
    {% endonce %}
  {% endfor %}
"""
)
ATTEMPTS_LOOP = Template(
    "{% load i18n tz once interview_tags %}"
    """    {% get_current_language as LANG %}{% get_current_timezone as TZ %}
    {% for attempt in page.object_list %}
      {% once attempt.pk attempt.shown_at attempt.status attempt.seconds_used attempt.over_time_seconds attempt.rating attempt.note TZ %}
      <tr>
        <td data-label="{% translate 'Date' %}" class="nowrap"><a href="{% url 'interview:review' attempt.interview_id %}#answer-{{ attempt.position }}">{{ attempt.shown_at|date:"Y-m-d H:i" }}</a></td>
        <td data-label="{% translate 'Time used' %}">{% if attempt.seconds_used is not None %}{{ attempt.seconds_used|mmss }}{% else %}–{% endif %}{% if attempt.over_time %} <span class="badge badge-warn">{% blocktranslate with over=attempt.over_time_seconds|mmss %}+{{ over }} over{% endblocktranslate %}</span>{% endif %}{% if attempt.status != "submitted" %} <span class="badge">{{ attempt.get_status_display }}</span>{% endif %}</td>
        <td data-label="{% translate 'Rating' %}">{% if attempt.rating %}<span class="rating-pill rating-{{ attempt.rating }}">{{ attempt.rating }} · {{ attempt.get_rating_display }}</span>{% else %}–{% endif %}</td>
        <td data-label="{% translate 'Note' %}" class="note-cell">{{ attempt.note|truncatechars:80 }}</td>
      </tr>
      {% endonce %}
    {% endfor %}
"""
)

HOSTILE = "<script>alert(\"x\")</script> & 'quoted' {{ braces }} %(over)s"
ZONES = ["Asia/Shanghai", "America/New_York"]


@pytest.fixture(autouse=True)
def fresh_rows():
    forget_rows()
    yield
    forget_rows()


def interviews() -> list[Interview]:
    started = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    rows = []
    cases = [
        # mode, state, topics, single title, average, seconds, answered, count
        ("mix", "finished", [{"slug": "llm", "name_zh": "大模型", "name_en": "LLMs"}],
         None, 3.25, 754, 3, 3),
        ("single", "in_progress", [], HOSTILE, None, None, 0, 1),
        ("due", "abandoned", [{"slug": "x", "name_zh": HOSTILE, "name_en": HOSTILE},
                               {"slug": "only-slug"}], None, Decimal("2.5000"), 4000, 1, 5),
        ("chosen", "finished", [], None, 4.0, 0, 2, 2),
        ("retry", "finished", [], "", 1, 59, 1, 1),
        (HOSTILE, "finished", [], None, 1.04999, 3600 * 26, 12, 20),
    ]  # fmt: skip
    for number, (mode, state, topics, title, average, seconds, answered, count) in enumerate(
        cases, start=1
    ):
        interview = Interview(
            pk=number, mode=mode, state=state, topics=topics, question_count=count,
            started_at=started.replace(day=number),
        )  # fmt: skip
        interview.single_title = title
        interview.average_rating = average
        interview.total_seconds = seconds
        interview.answered_count = answered
        rows.append(interview)
    return rows


def attempts() -> list[Answer]:
    shown = datetime(2026, 12, 31, 16, 5, tzinfo=UTC)
    cases = [
        # status, seconds used, over, rating, note
        ("submitted", 95, 0, 4, ""),
        ("submitted", 400, 65, 1, HOSTILE),
        ("skipped", None, 0, None, "x" * 79 + "é"),
        ("not_reached", 0, 0, None, "长" * 81),
        ("submitted", 5000, 3700, 2, HOSTILE * 10),
        ("active", None, 12, 3, "a < b"),
    ]
    rows = []
    for number, (status, used, over, rating, note) in enumerate(cases, start=1):
        rows.append(
            Answer(
                pk=number,
                interview_id=100 + number,
                position=number,
                status=status,
                seconds_used=used,
                over_time_seconds=over,
                rating=rating,
                note=note,
                shown_at=shown.replace(minute=number),
            )  # fmt: skip
        )
    return rows


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("zone", ZONES)
def test_the_history_rows_are_the_loop_they_replaced(language, zone):
    rows = interviews()
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone)):
        expected = INTERVIEWS_LOOP.render(Context({"page": {"object_list": rows}}))
        assert "  " + interview_rows(rows) + "\n" == expected
        assert "  " + interview_rows(rows) + "\n" == expected  # kept, and still the same
    assert "<script>" not in expected and "&lt;script&gt;" in expected


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("zone", ZONES)
def test_the_attempt_rows_are_the_loop_they_replaced(language, zone):
    rows = attempts()
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone)):
        expected = ATTEMPTS_LOOP.render(Context({"page": {"object_list": rows}}))
        assert "    " + attempt_rows(rows) + "\n" == expected
        assert "    " + attempt_rows(rows) + "\n" == expected
    assert "<script>" not in expected and "&lt;script&gt;" in expected


def test_no_rows():
    assert interview_rows([]) == "\n  \n  \n  "
    assert attempt_rows([]) == "\n    "


def test_kept_rows_follow_the_language_and_the_time_zone():
    rows = interviews()[:1]
    with timezone.override(zoneinfo.ZoneInfo("UTC")):
        with translation.override("en"):
            english = interview_rows(rows)
        with translation.override("zh-hans"):
            chinese = interview_rows(rows)
    with timezone.override(zoneinfo.ZoneInfo("Asia/Shanghai")), translation.override("en"):
        shanghai = interview_rows(rows)
    assert "Finished" in english and "Finished" not in chinese
    assert "2026-03-01 23:30" in english and "2026-03-02 07:30" in shanghai
