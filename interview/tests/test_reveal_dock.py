"""The pieces after the reveal built in Python (interview/templatetags/reveal_dock.py: the
unsent-text notice, the dock's opening, "Next question" or "See the summary") send the markup
the template rendered: byte for byte, in each language, for every branch."""

import pytest
from django.template import Context, Template
from django.utils import translation

from interview.models import Answer, Interview
from testsupport.markup import BEFORE as BEFORE_DIR

OFF = "{% load l10n %}{% localize off %}"
BEFORE = Template(
    OFF
    + (BEFORE_DIR / "interview" / "_reveal_dock.html").read_text(encoding="utf-8")
    + "{% endlocalize %}"
)
AFTER = Template(
    OFF
    + "{% load reveal_dock %}{% unsent_notice %}{# the rating form #}{% next_actions %}"
    + "{% endlocalize %}"
)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("state", [Interview.State.IN_PROGRESS, Interview.State.FINISHED])
@pytest.mark.parametrize("position", [2, 5])
@pytest.mark.parametrize("rating", [None, 3])
@pytest.mark.parametrize("submission", ["manual", "timer", "expired"])
@pytest.mark.parametrize("csrf_token", [None, "a" * 64, "<x>&", "NOTPROVIDED"])
def test_the_dock_is_the_template_it_replaced(
    language, state, position, rating, submission, csrf_token
):
    interview = Interview(pk=12345, state=state, question_count=5)
    answer = Answer(
        pk=67890,
        interview=interview,
        position=position,
        rating=rating,
        submission=submission,
        submitted_revision=1765432101234,
    )
    context = {"answer": answer, "interview": interview}
    if csrf_token is not None:
        context["csrf_token"] = csrf_token
    with translation.override(language):
        expected = BEFORE.render(Context(context))
        assert AFTER.render(Context(context)) == expected
        assert AFTER.render(Context(context)) == expected  # kept pieces: the same
