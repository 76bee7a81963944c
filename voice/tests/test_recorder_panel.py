"""The recorder's place on the answer page: only where the interview records audio, with
what its script needs, at a fixed cost in queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interview.tests.factories import interview_with
from questions.tests.factories import QuestionFactory
from testsupport import START
from voice.models import AnswerMode, InterviewVoice, VoicePreference
from voice.modes import answer_mode_for
from voice.recorder import question_language

pytestmark = pytest.mark.django_db


def start(user, *, mode=None, titles=("Transformer为何使用多头注意力机制",)):
    questions = [QuestionFactory(title=title) for title in titles]
    interview = interview_with(user, questions, now=START, minutes=2)
    if mode:
        InterviewVoice.objects.create(interview=interview, answer_mode=mode)
    return interview


def question_page(client, interview, position=1):
    return client.get(f"{interview.get_absolute_url()}q/{position}/")


def test_a_typed_interview_has_no_recorder(user, user_client):
    response = question_page(user_client, start(user))
    assert response.status_code == 200
    assert b"data-voice-recorder" not in response.content


def test_speaking_first_makes_recording_the_primary_action_and_keeps_the_box(user, user_client):
    interview = start(user, mode=AnswerMode.SPEAK)
    html = question_page(user_client, interview).content.decode()
    assert "data-voice-recorder" in html
    assert 'data-mode="speak"' in html and 'data-lang="zh-CN"' in html
    assert "voice-panel-first" in html and "button-primary voice-record" in html
    assert f'data-chunks-url="/voice/answers/{interview.pk}/1/chunks/"' in html
    assert f'data-state-url="/voice/answers/{interview.pk}/1/state/"' in html
    assert 'data-cap-seconds="180"' in html  # two minutes and one more
    assert 'name="text"' in html  # dictation and transcripts fill the answer box
    assert html.index("data-voice-recorder") < html.index('name="text"')
    assert "js/voice/main.js" in html


def test_both_shows_record_beside_typing_equally(user, user_client):
    interview = start(user, mode=AnswerMode.BOTH, titles=("Why several attention heads?",))
    html = question_page(user_client, interview).content.decode()
    assert 'data-mode="both"' in html and 'data-lang="en-US"' in html
    assert "voice-panel-first" not in html and "button-primary voice-record" not in html


def test_the_users_default_mode_applies_when_none_was_chosen(user, user_client):
    VoicePreference.objects.create(user=user, answer_mode=AnswerMode.SPEAK)
    assert b"data-voice-recorder" in question_page(user_client, start(user)).content


def test_an_answered_question_shows_no_recorder(user, user_client):
    interview = start(user, mode=AnswerMode.SPEAK)
    question_page(user_client, interview)
    response = user_client.post(
        f"{interview.get_absolute_url()}q/1/submit/", {"action": "submit", "text": "Heads."}
    )
    assert response.status_code == 302
    assert b"data-voice-recorder" not in user_client.get(response["Location"]).content


def test_the_recorder_costs_a_fixed_number_of_queries(user, user_client):
    """At most two small reads (the interview's mode, else the user's), however many
    interviews or recordings the user has."""
    earlier = [start(user, mode=AnswerMode.SPEAK) for _ in range(3)]
    for interview in (start(user), start(user, mode=AnswerMode.SPEAK), *earlier):
        question_page(user_client, interview)  # shown once, as the next visit sees it
        with CaptureQueriesContext(connection) as queries:
            assert question_page(user_client, interview).status_code == 200
        voice = [query["sql"] for query in queries if 'FROM "voice_' in query["sql"]]
        assert len(voice) <= 2, voice


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("大模型常用微调方法", "zh-CN"),
        ("LoRA 的原理", "zh-CN"),
        ("What is LoRA?", "en-US"),
        ("", "en-US"),
    ],
)
def test_the_question_language_follows_its_text(text, language):
    assert question_language(text) == language


@pytest.mark.parametrize(
    ("chosen", "preferred", "mode"),
    [
        (None, None, AnswerMode.TYPE),
        (None, AnswerMode.BOTH, AnswerMode.BOTH),
        (AnswerMode.TYPE, AnswerMode.SPEAK, AnswerMode.TYPE),
        (AnswerMode.SPEAK, None, AnswerMode.SPEAK),
    ],
)
def test_the_interviews_choice_else_the_owners_default_in_one_query(user, chosen, preferred, mode):
    interview = start(user, mode=chosen)
    if preferred:
        VoicePreference.objects.create(user=user, answer_mode=preferred)
    with CaptureQueriesContext(connection) as queries:
        assert answer_mode_for(interview) == mode
    assert len(queries) == 1
