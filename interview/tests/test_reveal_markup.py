"""The reveal's rows built in Python (interview/templatetags/reveal.py) send the markup the
template loops they replaced rendered: byte for byte, escaped the same way, in each language."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from interview.models import Answer
from interview.templatetags.reveal import highlighted, keypoint_items, rating_buttons

# The loops as the templates had them before they moved to Python.
BUTTONS_LOOP = Template(
    "{% load interview_tags %}"
    "{% for value, label in answer.Rating.choices %}\n"
    "          {% with interval=answer.rating_intervals|get_item:value %}\n"
    '          <button type="submit" name="rating" value="{{ value }}" class="rating-button'
    " rating-{{ value }}{% if value == answer.key_point_feedback.suggested_rating %}"
    ' rating-suggested{% endif %}"\n'
    '                  data-rating-key="{{ value }}" aria-pressed="{% if answer.rating == value %}'
    'true{% else %}false{% endif %}"><kbd>{{ value }}</kbd> {{ label }}{% if interval %}'
    '<span class="rating-interval"> · {{ interval|interval_words }}</span>{% endif %}</button>\n'
    "          {% endwith %}\n"
    "        {% endfor %}"
)
SEGMENTS_LOOP = Template(
    '{% for piece in segments %}{% if piece.points %}<mark class="kp-mark"{% if piece.anchor %}'
    ' id="{{ piece.anchor }}" tabindex="-1"{% endif %}>{{ piece.text }}</mark>{% else %}'
    "{{ piece.text }}{% endif %}{% endfor %}"
)
POINTS_LOOP = Template(
    "{% load i18n %}{% for point in points %}\n"
    '        <li class="keypoint {% if point.found %}keypoint-found{% else %}keypoint-missing'
    '{% endif %}">\n'
    '          <span class="keypoint-mark" aria-hidden="true">{% if point.found %}✓{% else %}–'
    "{% endif %}</span>\n"
    '          <span class="visually-hidden">{% if point.found %}{% translate "Found:" %}'
    '{% else %}{% translate "Not found:" %}{% endif %}</span>\n'
    '          {% if point.found and point.anchor %}<a href="#{{ point.anchor }}">'
    "{{ point.label }}</a>{% else %}{{ point.label }}{% endif %}\n"
    '          {% if point.essential %}<span class="badge badge-essential">'
    '{% translate "essential" %}</span>{% endif %}\n'
    "        </li>\n"
    "        {% endfor %}"
)

DAY = timedelta(days=1)
INTERVALS = [
    None,
    {},
    {1: timedelta(minutes=10), 2: DAY, 3: 12 * DAY, 4: 400 * DAY},
    {1: timedelta(0), 2: 45 * DAY, 3: None, 4: 3 * DAY},
]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("intervals", INTERVALS)
@pytest.mark.parametrize("rating", [None, 1, 4])
@pytest.mark.parametrize("suggested", [None, 2])
def test_the_rating_buttons_are_the_loop_they_replaced(language, intervals, rating, suggested):
    answer = Answer(rating=rating)
    if intervals is not None:
        answer.rating_intervals = intervals
    answer.key_point_feedback = SimpleNamespace(suggested_rating=suggested) if suggested else None
    with translation.override(language):
        expected = BUTTONS_LOOP.render(Context({"answer": answer}))
        assert rating_buttons(answer) == expected
        assert rating_buttons(answer) == expected  # kept, and still the same


def test_the_kept_buttons_speak_the_language_of_each_request():
    answer = Answer(rating=3)
    answer.rating_intervals = {3: 2 * DAY}
    with translation.override("en"):
        english = rating_buttons(answer)
    with translation.override("zh-hans"):
        chinese = rating_buttons(answer)
    with translation.override("en"):
        assert rating_buttons(answer) == english
    assert "2 days" in english and "Good" in english
    assert chinese != english and "Good" not in chinese


def test_the_highlights_are_the_loop_they_replaced_and_the_text_stays_text():
    segments = [
        SimpleNamespace(text='<img src=x onerror="a()"> & ', points=(), anchor=""),
        SimpleNamespace(text="low-rank </mark>", points=(0,), anchor="kp-7-0"),
        SimpleNamespace(text=" 'frozen'", points=(0, 1), anchor=""),
        SimpleNamespace(text="<script>", points=(), anchor=""),
    ]
    html = highlighted(segments)
    assert html == SEGMENTS_LOOP.render(Context({"segments": segments}))
    assert "<img" not in html and "<script>" not in html and "&lt;/mark&gt;" in html


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_checklist_is_the_loop_it_replaced(language):
    points = [
        SimpleNamespace(label="Low-rank <bypass>", essential=True, found=True, anchor="kp-7-0"),
        SimpleNamespace(label='Frozen & "weights"', essential=True, found=False, anchor=""),
        SimpleNamespace(label="虚拟 token", essential=False, found=True, anchor=""),
    ]
    with translation.override(language):
        expected = POINTS_LOOP.render(Context({"points": points}))
        assert keypoint_items(points) == expected
    assert "&lt;bypass&gt;" in expected and "&quot;weights&quot;" in expected
