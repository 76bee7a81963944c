"""The progress page's key-point rows built in Python (feedback/templatetags/
progress_markup.py) send the markup the template loops they replaced rendered: byte for
byte, escaped the same way, in each language."""

# The old loops below are kept verbatim, long lines and all.
# ruff: noqa: E501

from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from feedback.templatetags.progress_markup import calibration_rows, missed_groups

MISSED_LOOP = Template("""{% load i18n %}{% for group in data.missed %}
    <li>
      <a class="missed-question" href="{% url 'interview:attempts' group.question.slug %}">{{ group.question.title }}</a>
      <ul class="missed-list">
        {% for point in group.points %}
        <li>
          <span class="missed-label">{{ point.label }}{% if point.essential %} <span class="badge badge-essential">{% translate "essential" %}</span>{% endif %}</span>
          <span class="muted">{% blocktranslate trimmed with misses=point.misses count counter=point.checks %}missed {{ misses }} of {{ counter }} time{% plural %}missed {{ misses }} of {{ counter }} times{% endblocktranslate %}</span>
        </li>
        {% endfor %}
        {% if group.more %}<li class="muted">{% blocktranslate trimmed count counter=group.more %}and {{ counter }} more point{% plural %}and {{ counter }} more points{% endblocktranslate %}</li>{% endif %}
      </ul>
    </li>
    {% endfor %}""")
CALIBRATION_LOOP = Template("""{% load i18n %}{% for row in data.by_rating %}
      <tr><td><span class="rating-pill rating-{{ row.rating }}">{{ row.rating }}</span></td><td>{{ row.coverage_percent }}%</td><td>{{ row.count }}</td></tr>
    {% endfor %}""")

HOSTILE = "<script>alert(\"x\")</script> & 'quoted' {{ braces }} %(misses)s"


def groups():
    def point(label, essential, misses, checks):
        return {"label": label, "essential": essential, "misses": misses, "checks": checks}

    return [
        {
            "question": SimpleNamespace(slug="lora-rank", title="What does LoRA's rank do?"),
            "points": [point("低秩", True, 3, 3), point(HOSTILE, False, 1, 1)],
            "more": 0,
        },
        {
            "question": SimpleNamespace(slug="x-2", title=HOSTILE),
            "points": [point("one", False, 2, 5)],
            "more": 1,
        },
        {"question": SimpleNamespace(slug="y", title="Y"), "points": [], "more": 7},
    ]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_missed_points_are_the_loop_they_replaced(language):
    data = {"missed": groups()}
    with translation.override(language):
        expected = MISSED_LOOP.render(Context({"data": data}))
        assert missed_groups(data["missed"]) == expected
    assert "<script>" not in expected and "&lt;script&gt;" in expected


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_calibration_rows_are_the_loop_they_replaced(language):
    rows = [
        {"rating": 1, "coverage_percent": 0, "count": 1},
        {"rating": 4, "coverage_percent": 100, "count": 1200},
    ]
    with translation.override(language):
        expected = CALIBRATION_LOOP.render(Context({"data": {"by_rating": rows}}))
        assert calibration_rows(rows) == expected
