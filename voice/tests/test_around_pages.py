"""Around a recording on the pages: the start form's choice, the account section, playback
with the figures on the reveal, the summary and the attempts page, and deleting it."""

import pytest
from django.test import override_settings

from accounts.tests.factories import UserFactory
from interview import services as interview_services
from interview.models import Interview
from testsupport import START
from voice.models import AnswerMode, InterviewVoice, Recording, VoicePreference
from voice.modes import answer_mode_for
from voice.tests.helpers import SAMPLE, finish, pieces, post_chunk, speaking_answer

pytestmark = pytest.mark.django_db

FIGURES = {
    "total_ms": 62_000,
    "speaking_ms": 41_000,
    "silence_share": "0.34",
    "long_pauses": 3,
    "longest_pause_ms": 4_200,
}


def record(client, answer, *, text="um, I would like to use a cache", figures=FIGURES):
    """Record the sample for `answer` through the API, then submit `text`."""
    for sequence, piece in enumerate(pieces(SAMPLE, 3)):
        assert post_chunk(client, answer, sequence, piece).status_code == 200
    assert finish(client, answer, duration_ms=figures["total_ms"], **figures).status_code == 200
    return interview_services.answer_submit(answer=answer, text=text, now=START)


@pytest.fixture
def recorded(user_client, answer):
    return record(user_client, answer)


# The start form and the account page


def start_data(**extra):
    return {"token": "t1", "question_count": "1", "mode": "mix", **extra}


def test_the_start_form_offers_the_choice_with_the_default_ticked(user, user_client):
    VoicePreference.objects.create(user=user, answer_mode=AnswerMode.BOTH)
    content = user_client.get("/interviews/").content.decode()
    assert "Answer by" in content
    assert 'name="answer_mode" value="both"' in content
    checked = content.split('value="both"')[1].split(">")[0]
    assert "checked" in checked


def test_starting_with_speak_stores_it_for_the_interview_and_as_the_default(
    user, user_client, django_assert_num_queries
):
    from questions.tests.factories import QuestionFactory

    QuestionFactory()
    response = user_client.post("/interviews/", start_data(answer_mode="speak"))
    assert response.status_code == 302
    interview = Interview.objects.get(user=user)
    assert InterviewVoice.objects.get(interview=interview).answer_mode == "speak"
    assert VoicePreference.objects.get(user=user).answer_mode == "speak"
    # The same form sent again returns that interview and stores nothing more.
    user_client.post("/interviews/", start_data(answer_mode="type"))
    assert InterviewVoice.objects.count() == 1
    assert VoicePreference.objects.get(user=user).answer_mode == "speak"


def test_a_start_without_the_choice_follows_the_default(user, user_client):
    from questions.tests.factories import QuestionFactory

    question = QuestionFactory()
    VoicePreference.objects.create(user=user, answer_mode=AnswerMode.SPEAK)
    user_client.post("/interviews/", start_data())  # a page opened before the choice existed
    user_client.post("/interviews/practise/", {"token": "t2", "questions": question.slug})
    assert Interview.objects.filter(user=user).count() == 2
    assert not InterviewVoice.objects.exists()
    assert VoicePreference.objects.get(user=user).answer_mode == "speak"
    for interview in Interview.objects.filter(user=user):
        assert answer_mode_for(interview) == "speak"


def test_a_choice_that_is_not_one_is_refused_and_nothing_starts(user, user_client):
    from questions.tests.factories import QuestionFactory

    QuestionFactory()
    response = user_client.post("/interviews/", start_data(answer_mode="sing"))
    assert response.status_code == 422
    assert not Interview.objects.exists()


def test_the_account_page_sets_the_default_and_says_transcripts_go_nowhere(user, user_client):
    content = user_client.get("/account/").content.decode()
    assert "Answering out loud" in content
    assert "not sent anywhere else to be transcribed" in content
    response = user_client.post("/account/voice/", {"answer_mode": "both"})
    assert response.status_code == 302
    assert VoicePreference.objects.get(user=user).answer_mode == "both"
    assert user_client.post("/account/voice/", {"answer_mode": "x"}).status_code == 422


@override_settings(VOICE_TRANSCRIBE="https://whisper.example.org/v1/audio/transcriptions")
def test_the_account_page_names_the_transcription_service(user_client):
    content = user_client.get("/account/").content.decode()
    assert "turned into text by whisper.example.org" in content


def test_the_account_page_in_chinese(user, login):
    from django.test import Client

    client = Client(headers={"accept-language": "zh-hans"})
    client.force_login(user)
    content = client.get("/account/").content.decode()
    assert "用语音回答" in content and "回答方式" in content


# Playback


def test_the_summary_plays_the_recording_with_how_one_spoke(user_client, recorded):
    recording = Recording.objects.get()
    content = user_client.get(f"/interviews/{recorded.interview_id}/review/").content.decode()
    url = f"/voice/recordings/{recording.pk}/parts/1/audio/"
    assert f'<audio class="playback-audio" controls preload="metadata" src="{url}"' in content
    assert "Your recording" in content and "1:02" in content  # the duration
    assert "Speaking time" in content and "0:41" in content
    assert "34%" in content  # silence
    assert "longest 4.2 s" in content
    assert f'action="/voice/recordings/{recording.pk}/delete/"' in content  # delete, on the summary
    # A speak-mode answer's text is the dictation: pace and fillers come from it.
    assert "Words a minute" in content and "usually 130–160" in content
    assert "“um” × 1" in content and "“like” × 1" in content
    assert "counted from your dictated answer" in content


def test_the_reveal_plays_it_without_a_delete_button(user_client, recorded):
    content = user_client.get(recorded.get_absolute_url()).content.decode()
    assert "playback-audio" in content
    assert "/delete/" not in content


def test_typed_answers_of_a_both_interview_are_no_transcript(user, user_client):
    answer = speaking_answer(user, mode=AnswerMode.BOTH)
    record(user_client, answer)
    content = user_client.get(f"/interviews/{answer.interview_id}/review/").content.decode()
    assert "Speaking time" in content
    assert "Words a minute" not in content and "Fillers" not in content


def test_a_server_transcript_is_shown_and_offered_for_the_note(user_client, recorded):
    Recording.objects.update(transcript="缓存用 Redis", transcript_status="done")
    content = user_client.get(recorded.get_absolute_url()).content.decode()
    assert "缓存用 Redis" in content
    assert "Add to my private note" in content
    assert "counted from the transcript" in content


def test_answers_without_recordings_show_no_player(user_client, answer):
    interview_services.answer_submit(answer=answer, text="typed", now=START)
    content = user_client.get(f"/interviews/{answer.interview_id}/review/").content.decode()
    assert "playback" not in content


REVIEW_QUERIES = 2 + 3 + 2


def test_the_summarys_queries_do_not_grow_with_recordings(
    user, user_client, django_assert_num_queries
):
    answer = speaking_answer(user, questions=4)
    url = f"/interviews/{answer.interview_id}/review/"
    record(user_client, answer)
    # Session and user; the review page's own (3); the recordings' parts and the interview's
    # way of answering (the dictated texts give pace and fillers).
    with django_assert_num_queries(REVIEW_QUERIES):
        assert user_client.get(url).status_code == 200
    interview = answer.interview
    for position in (2, 3, 4):
        later = interview_services.answer_show(
            answer=interview.answers.get(position=position), now=START
        )
        record(user_client, later)
    with django_assert_num_queries(REVIEW_QUERIES):
        response = user_client.get(url)
    assert response.content.decode().count("<audio") == 4


def test_the_attempts_page_lists_recordings_and_plays_two_in_turn(
    user, user_client, django_assert_num_queries
):
    first = speaking_answer(user)
    record(user_client, first)
    question = first.question
    from interview.tests.factories import interview_with

    second_interview = interview_with(user, [question], now=START)
    InterviewVoice.objects.create(interview=second_interview, answer_mode="speak")
    second = interview_services.answer_show(
        answer=second_interview.answers.get(position=1), now=START
    )
    record(user_client, second)
    url = f"/history/questions/{question.slug}/"
    # Session and user; question, count, page, the card; the recordings' parts, and the
    # interviews' way of answering (their texts are dictation: pace and fillers); the basket
    # (banks) for its button.
    with django_assert_num_queries(2 + 4 + 2 + 1):
        response = user_client.get(url)
    content = response.content.decode()
    assert content.count("<audio") == 2
    assert "Play these two one after the other" in content
    assert content.count("data-pair-choice checked") == 2
    assert content.count('action="/voice/recordings/') == 2
    assert "js/voice/playback" in content


def test_another_users_recordings_are_not_shown_or_playable(user, user_client, recorded):
    other = UserFactory()
    from testsupport import english_client

    client = english_client()
    client.force_login(other)
    recording = Recording.objects.get()
    assert client.get(f"/interviews/{recorded.interview_id}/review/").status_code == 404
    assert client.get(f"/voice/recordings/{recording.pk}/parts/1/audio/").status_code == 404
    content = client.get(f"/history/questions/{recorded.question.slug}/").content.decode()
    assert "<audio" not in content


def test_deleting_from_the_summary_returns_to_it_and_keeps_the_text(user_client, recorded):
    recording = Recording.objects.get()
    review = f"/interviews/{recorded.interview_id}/review/"
    response = user_client.post(
        f"/voice/recordings/{recording.pk}/delete/", {"next": f"{review}#answer-1"}
    )
    assert response.status_code == 302 and response.url.startswith(review)
    assert not Recording.objects.exists()
    content = user_client.get(review).content.decode()
    assert "<audio" not in content and "I would like to use a cache" in content
