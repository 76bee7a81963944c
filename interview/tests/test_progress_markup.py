"""The progress page's rows and charts built in Python
(interview/templatetags/progress_rows.py) send the markup the template loops they replaced
rendered: byte for byte, escaped the same way, in each language."""

# The old loops below are kept verbatim, long lines and all.
# ruff: noqa: E501

from datetime import date

import pytest
from django.template import Context, Template
from django.utils import translation

from interview.charts import bar_rows, rating_chart, time_chart
from interview.models import Answer
from interview.templatetags.progress_rows import (
    coverage_bars,
    rating_bars,
    rating_chips,
    week_items,
)
from interview.templatetags.progress_rows import time_chart as time_chart_tag

COVERAGE_LOOP = Template("""{% load i18n %}{% url 'questions:list' as bank_url %}{% for topic in coverage.topics %}
    <li>
      <a class="bar-label" href="{{ bank_url }}?tag={{ topic.slug|urlencode }}">{{ topic.name }}</a>
      <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true"><rect class="bar-track" x="0" y="0" width="100" height="10"></rect><rect class="bar-fill" x="0" y="0" width="{{ topic.width|stringformat:'s' }}" height="10"></rect></svg>
      <span class="bar-value">{% blocktranslate trimmed with seen=topic.seen total=topic.total %}seen {{ seen }} of {{ total }}{% endblocktranslate %}</span>
    </li>
    {% endfor %}""")
BARS_LOOP = Template("""{% load i18n %}{% for bar in topics %}
    <li>
      <span class="bar-label">{{ bar.label }}</span>
      <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true"><rect class="bar-track" x="0" y="0" width="100" height="10"></rect><rect class="bar-fill" x="0" y="0" width="{{ bar.width|stringformat:'s' }}" height="10"></rect></svg>
      <span class="bar-value">{{ bar.value|floatformat:1 }} <span class="muted">{% blocktranslate count counter=bar.count %}({{ counter }} rating){% plural %}({{ counter }} ratings){% endblocktranslate %}</span></span>
    </li>
    {% endfor %}""")
WEEKS_LOOP = Template(
    """{% load i18n %}{% for row in weeks %}<li>{% blocktranslate trimmed with week=row.week|date:"Y-m-d" average=row.average|floatformat:1 count counter=row.count %}Week of {{ week }}: {{ average }} ({{ counter }} rating){% plural %}Week of {{ week }}: {{ average }} ({{ counter }} ratings){% endblocktranslate %}</li>{% endfor %}"""
)
CHIPS_LOOP = Template(
    """{% load i18n %}{% for value, label, count in distribution %}<li class="rating-pill rating-{{ value }}">{% blocktranslate trimmed %}{{ value }} · {{ label }}: {{ count }}{% endblocktranslate %}</li>{% endfor %}"""
)
# includes/_time_chart.html as it was.
TIME_CHART = Template("""{% load i18n %}{% comment %}
A line chart with labelled axes: `chart` from interview.charts.time_chart, `label` for
screen readers (the figures are also listed beside the chart on the page).
{% endcomment %}{% if chart %}
<svg class="time-chart" viewBox="0 0 {{ chart.width }} {{ chart.height }}" role="img" aria-label="{{ label }}">
  {% for y, text in chart.y_ticks %}
  <line class="grid" x1="{{ chart.left }}" x2="{{ chart.right }}" y1="{{ y }}" y2="{{ y }}"></line>
  <text class="chart-label" x="{{ chart.left|add:'-6' }}" y="{{ y }}" text-anchor="end" dominant-baseline="middle">{{ text }}</text>
  {% endfor %}
  <line class="axis" x1="{{ chart.left }}" x2="{{ chart.left }}" y1="{{ chart.top }}" y2="{{ chart.bottom }}"></line>
  <line class="axis" x1="{{ chart.left }}" x2="{{ chart.right }}" y1="{{ chart.bottom }}" y2="{{ chart.bottom }}"></line>
  {% for x, text in chart.x_labels %}<text class="chart-label" x="{{ x }}" y="{{ chart.height|add:'-6' }}" text-anchor="middle">{{ text }}</text>{% endfor %}
  {% for line in chart.series %}
  <g class="series series-{{ line.css }}">
    {% if line.dots|length > 1 %}<polyline class="line" points="{{ line.points }}"></polyline>{% endif %}
    {% for x, y, tip in line.dots %}<circle class="dot" cx="{{ x }}" cy="{{ y }}" r="4"><title>{{ line.name }} · {{ tip }}</title></circle>{% endfor %}
  </g>
  {% endfor %}
</svg>
{% if chart.series|length > 1 %}<ul class="chart-key">{% for line in chart.series %}<li class="series-{{ line.css }}"><span class="swatch" aria-hidden="true"></span>{{ line.name }}</li>{% endfor %}</ul>{% endif %}
{% endif %}
""")

HOSTILE = "<script>alert(\"x\")</script> & 'quoted' {{ braces }} %(seen)s"
LANGUAGES = ["zh-hans", "en"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_coverage_bars_are_the_loop_they_replaced(language):
    topics = [
        {"slug": "llm", "name": "大模型", "seen": 1, "total": 3, "width": 33.3},
        {"slug": "a b&c/d?é", "name": HOSTILE, "seen": 0, "total": 1, "width": 0.0},
        {"slug": "x", "name": "X", "seen": 1200, "total": 1200, "width": 100.0},
    ]
    with translation.override(language):
        expected = COVERAGE_LOOP.render(Context({"coverage": {"topics": topics}}))
        assert coverage_bars(topics) == expected
    assert "<script>" not in expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_rating_bars_are_the_loop_they_replaced(language):
    topics = bar_rows(
        [("LLMs", 3.25, 1), (HOSTILE, 1.0, 2), ("RL", 4, 1500), ("none", None, 0)], maximum=4
    )
    with translation.override(language):
        expected = BARS_LOOP.render(Context({"topics": topics}))
        assert rating_bars(topics) == expected
    assert "<script>" not in expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_weeks_are_the_loop_they_replaced(language):
    weeks = [
        {"week": date(2026, 1, 5), "average": 2.3333, "count": 1},
        {"week": date(2026, 1, 12), "average": 4.0, "count": 12},
    ]
    with translation.override(language):
        assert week_items(weeks) == WEEKS_LOOP.render(Context({"weeks": weeks}))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_rating_chips_are_the_loop_they_replaced(language):
    counts = {1: 0, 2: 5, 3: 1, 4: 2000}
    distribution = [(value, label, counts[value]) for value, label in Answer.Rating.choices]
    with translation.override(language):
        expected = CHIPS_LOOP.render(Context({"distribution": distribution}))
        assert rating_chips(distribution) == expected


def charts():
    days = [date(2026, 1, day) for day in range(1, 15)]
    yield None
    yield rating_chart([(days[0], 3)], name="Rating")
    yield rating_chart(
        [(day, (n % 4) + 1 if n % 5 else None) for n, day in enumerate(days)], name=HOSTILE
    )
    yield time_chart(
        [f"0{n}-<b>" for n in range(1, 4)],
        [("Self-rating", "rating", [10.0, None, 100.0]), (HOSTILE, "cov<er>", [0.0, 33.33, None])],
        low=0, high=100, ticks=[(0, "0%"), (50, "<50%>"), (100, "100%")],
        value_text=lambda value: f"{value:.0f}%",
    )  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("chart", list(charts()))
@pytest.mark.parametrize("label", ["Rating over time", HOSTILE])
def test_the_time_chart_is_the_template_it_replaced(language, chart, label):
    context = {"chart": chart, "label": label}
    with translation.override(language):
        expected = TIME_CHART.render(Context(context))
        assert time_chart_tag(chart, label) == expected  # the tag the pages call instead
    assert "<script>" not in expected
