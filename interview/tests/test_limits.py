"""Each limit is one name: the pages offer what the forms and services accept."""

import re

from interview import services
from interview.limits import ANSWER_MAX_CHARS, MAX_MINUTES, MIN_MINUTES, NOTE_MAX_CHARS
from interview.tests.factories import interview_with
from questions.limits import DEFAULT_ANSWER_MINUTES
from questions.models import Question
from questions.tests.factories import QuestionFactory
from testsupport import START


def test_the_question_page_and_the_reveal_take_their_maxlengths_from_the_limits(user, user_client):
    interview = interview_with(user, [QuestionFactory()], now=START)
    url = f"/interviews/{interview.pk}/q/1/"
    page = user_client.get(url).content.decode()
    assert re.search(rf'name="text"[^>]*maxlength="{ANSWER_MAX_CHARS}"', page)

    answer = interview.answers.get()
    services.answer_submit(answer=answer, text="x", revision=1, now=START)
    reveal = user_client.get(url).content.decode()
    assert re.search(rf'name="note"[^>]*maxlength="{NOTE_MAX_CHARS}"', reveal)


def test_the_start_form_offers_exactly_the_minutes_the_services_accept(user_client):
    page = user_client.get("/interviews/").content.decode()
    offered = {int(value) for value in re.findall(r'<option value="(\d+)"', page)}
    assert set(range(MIN_MINUTES, MAX_MINUTES + 1)) <= offered


def test_a_new_question_suggests_the_default_answer_time(db):
    assert Question().answer_minutes == DEFAULT_ANSWER_MINUTES
