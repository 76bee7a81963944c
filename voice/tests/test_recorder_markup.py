"""The recorder (templates/voice/_recorder.html) sends the bytes it sent before its fixed
text was kept per process: the question page rendered with the earlier template
(testsupport/templates_before/) beside today's, per mode, in each language."""

import pytest
from django.test import Client

from interview.tests.factories import interview_with
from questions.tests.factories import QuestionFactory
from testsupport import START
from testsupport.markup import comparable, templates_before
from voice.models import AnswerMode, InterviewVoice

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("mode", [AnswerMode.SPEAK, AnswerMode.BOTH])
@pytest.mark.parametrize("title", ["Transformer为何使用多头注意力机制", 'Why <b>"attention"</b>?'])
def test_the_recorder_is_the_markup_it_was(user, clock, language, mode, title):
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    for minutes in (2, 9):
        interview = interview_with(user, [QuestionFactory(title=title)], now=START, minutes=minutes)
        InterviewVoice.objects.create(interview=interview, answer_mode=mode)
        url = f"/interviews/{interview.pk}/q/1/"
        with templates_before():
            before = client.get(url).content.decode()
        after = client.get(url).content.decode()
        assert "data-voice-recorder" in after
        assert comparable(after) == comparable(before)
        assert comparable(client.get(url).content.decode()) == comparable(before)
