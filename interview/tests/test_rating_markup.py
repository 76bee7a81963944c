"""The rating form built in Python (interview/templatetags/rating_form.py) sends the markup
the template it replaced rendered (question.html#rating): byte for byte, escaped the same way,
in each language, for every branch (suggestion, remarks, note, next, saved)."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from interview.models import Answer
from testsupport.markup import BEFORE as BEFORE_DIR

# The partial as question.html had it, between its `{% partialdef %}` tags.
BEFORE = Template((BEFORE_DIR / "interview" / "_rating.html").read_text(encoding="utf-8"))
AFTER = Template("{% load rating_form %}{% rating_form %}")

HOSTILE = "<script>alert(\"x\")</script> & 'quotes'"
FEEDBACK = [
    None,
    SimpleNamespace(found=0, total=3, suggested_rating=None, remark="", essentials_missed=[]),
    SimpleNamespace(found=2, total=3, suggested_rating=3, remark="", essentials_missed=[]),
    SimpleNamespace(
        found=1,
        total=12,
        suggested_rating=2,
        remark="missed-essential",
        essentials_missed=["LoRA", HOSTILE],
    ),
    SimpleNamespace(found=4, total=4, suggested_rating=4, remark="all-found", essentials_missed=[]),
]


def render(template, answer, **context):
    return template.render(Context({"answer": answer, **context}))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("feedback", FEEDBACK)
@pytest.mark.parametrize("rating", [None, 1, 4])
@pytest.mark.parametrize("note", ["", HOSTILE])
def test_the_rating_form_is_the_template_it_replaced(language, feedback, rating, note):
    answer = Answer(pk=12345, interview_id=678, position=3, rating=rating, note=note)
    answer.rating_intervals = {1: timedelta(days=1), 3: timedelta(days=12)}
    if feedback is not None:
        answer.key_point_feedback = feedback
    with translation.override(language):
        for context in (
            {},
            {"next": "/history/?page=2&q=" + HOSTILE, "saved": True},
            {"next": "", "saved": False, "csrf_token": "a" * 64},
            {"csrf_token": "NOTPROVIDED"},
        ):
            expected = render(BEFORE, answer, **context)
            assert render(AFTER, answer, **context) == expected
            assert render(AFTER, answer, **context) == expected  # kept pieces: the same


def test_the_form_speaks_the_language_of_each_request():
    answer = Answer(pk=1, interview_id=2, position=1, rating=3, note="")
    with translation.override("en"):
        english = render(AFTER, answer, saved=True)
    with translation.override("zh-hans"):
        chinese = render(AFTER, answer, saved=True)
    assert "How did you do?" in english and "Saved: 3 · Good" not in chinese
    assert english != chinese
