"""The reveal built in Python (interview/templatetags/reveal_markup.py) sends the markup the
partial it replaced rendered (question.html#reveal): byte for byte, escaped the same way, in
each language, localized or not, for every branch (skipped, over time, submitted by the
timer, nothing written, key points with the grader's verdicts, the summary's heading and
link to every attempt), with hostile text wherever the user's words appear."""

from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from interview.models import Answer
from questions.models import Question
from testsupport.markup import BEFORE as BEFORE_DIR

BEFORE_TEXT = (BEFORE_DIR / "interview" / "_reveal.html").read_text(encoding="utf-8")
AFTER_TEXT = "{% load reveal_markup %}{% answer_reveal %}"
HOSTILE = "<script>alert(\"x\")</script> & 'quotes' {{ x }} %(found)s"


def templates(localized: bool) -> tuple[Template, Template]:
    """Both, as the question page draws them (numbers not localized) or as the summary."""
    if localized:
        return Template(BEFORE_TEXT), Template(AFTER_TEXT)
    off = "{% load l10n %}{% localize off %}"
    return (
        Template(off + BEFORE_TEXT + "{% endlocalize %}"),
        Template(off + AFTER_TEXT + "{% endlocalize %}"),
    )


def feedback(grading=None):
    points = [
        SimpleNamespace(label="LoRA " + HOSTILE, essential=True, found=True, anchor="kp-1-0"),
        SimpleNamespace(label="rank", essential=False, found=False, anchor=""),
    ]
    segments = [
        SimpleNamespace(text="I said " + HOSTILE, points=(), anchor=""),
        SimpleNamespace(text="LoRA", points=(0,), anchor="kp-1-0"),
    ]
    return SimpleNamespace(points=points, segments=segments, found=1, total=12345)


GRADING = SimpleNamespace(
    answer_id=12345,
    finished=True,
    poll_seconds=5,
    model="gpt " + HOSTILE,
    status="done",
    disagreements=1,
    points=[
        SimpleNamespace(
            verdict="missing",
            verdict_label="missing",
            disagrees=True,
            matcher_found=True,
            label=HOSTILE,
            quote=HOSTILE,
        )
    ],
)

ANSWERS = [
    # (status, submission, seconds used, over time, submitted text, draft text)
    ("submitted", "manual", 75, 0, "LoRA freezes " + HOSTILE, ""),
    ("submitted", "timer", 300, 0, "typed", "typed"),
    ("submitted", "expired", 3700, 3400, HOSTILE, HOSTILE),
    ("skipped", "manual", 40, 0, "", "a draft " + HOSTILE),
    ("skipped", "expired", 300, 0, "", ""),
    ("submitted", "manual", None, 0, "", ""),
]


def answer_for(row, *, with_feedback, grading, supplement) -> Answer:
    status, submission, used, over, submitted, draft = row
    answer = Answer(
        pk=12345,
        interview_id=678,
        position=2,
        status=status,
        submission=submission,
        seconds_used=used,
        time_limit_seconds=300,
        over_time_seconds=over,
        submitted_text=submitted,
        draft_text=draft,
        answer_snapshot_md="**Model** answer " + HOSTILE,
        supplement_snapshot_md=("An *addition* " + HOSTILE) if supplement else "",
    )
    answer.question = Question(slug="lora-rank_2")
    if with_feedback:
        answer.key_point_feedback = feedback()
        answer.grading_view = GRADING if grading else None
    return answer


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("localized", [False, True])
@pytest.mark.parametrize("row", ANSWERS)
@pytest.mark.parametrize(
    "with_feedback, grading, supplement",
    [(False, False, False), (True, False, True), (True, True, False)],
)
def test_the_reveal_is_the_partial_it_replaced(
    language, localized, row, with_feedback, grading, supplement
):
    before, after = templates(localized)
    for extra in ({}, {"heading": "h3", "attempts_link": True}, {"heading": HOSTILE}):
        answer = answer_for(
            row, with_feedback=with_feedback, grading=grading, supplement=supplement
        )
        with translation.override(language):
            expected = before.render(Context({"answer": answer, **extra}))
            assert after.render(Context({"answer": answer, **extra})) == expected


def test_the_reveal_speaks_the_language_of_each_request():
    answer = answer_for(ANSWERS[0], with_feedback=False, grading=False, supplement=False)
    _before, after = templates(False)
    with translation.override("en"):
        english = after.render(Context({"answer": answer}))
    with translation.override("zh-hans"):
        chinese = after.render(Context({"answer": answer}))
    assert "Model answer" in english and "Model answer" not in chinese
