"""One service per state change: the start limit inside the start, the draft's one door,
and submit's defaults for what a plain form leaves out."""

from datetime import timedelta

import pytest
from django.utils import translation

from interview import selection, services
from interview.limits import START_LIMIT, START_WINDOW_SECONDS
from interview.models import Answer, Interview
from interview.tests.factories import UserFactory, interview_with
from questions.tests.factories import QuestionFactory
from testsupport import START

pytestmark = pytest.mark.django_db


def start(user, questions, token="", now=START):
    return services.interview_start(
        user=user,
        tags=[],
        question_count=len(questions),
        minutes_per_question=None,
        prefer_unseen=False,
        now=now,
        questions=questions,
        token=token,
    )


def on_the_clock(user, text="", revision=0) -> Answer:
    interview = interview_with(user, QuestionFactory.create_batch(2), now=START)
    answer = services.answer_show(answer=interview.answers.get(position=1), now=START)
    Answer.objects.filter(pk=answer.pk).update(draft_text=text, draft_revision=revision)
    answer.refresh_from_db()
    return answer


# The start limit


def test_the_start_service_refuses_starts_over_the_limit(user, clock):
    questions = [QuestionFactory()]
    for number in range(START_LIMIT):
        start(user, questions, token=f"t{number}")
        Interview.objects.filter(user=user).update(state=Interview.State.FINISHED)
    with translation.override("en"), pytest.raises(services.TooManyStarts) as refused:
        start(user, questions, token="one-more")
    assert "Wait a little before starting another" in refused.value.message
    assert isinstance(refused.value, services.InterviewError)
    assert Interview.objects.filter(user=user).count() == START_LIMIT
    start(UserFactory(), questions)  # each user has a limit of their own


def test_the_limit_counts_the_interviews_started_in_the_last_window(user, clock):
    questions = [QuestionFactory()]
    half = START_WINDOW_SECONDS // 2
    for number in range(START_LIMIT):
        # Two thirds at the start, the rest half a window later.
        at = START if number < START_LIMIT * 2 // 3 else START + timedelta(seconds=half)
        start(user, questions, token=f"t{number}", now=at)
        Interview.objects.filter(user=user).update(state=Interview.State.FINISHED)
    again = start(user, questions, token="t0", now=START + timedelta(seconds=half))
    assert Interview.objects.filter(user=user).count() == START_LIMIT  # a repeat is no start
    assert again.start_token == "t0"
    with pytest.raises(services.TooManyStarts):
        start(
            user, questions, token="full", now=START + timedelta(seconds=START_WINDOW_SECONDS - 1)
        )
    # A window after them the first two thirds are out of it; the last third still counts.
    later = START + timedelta(seconds=START_WINDOW_SECONDS)
    for number in range(START_LIMIT * 2 // 3):
        start(user, questions, token=f"later{number}", now=later)
        Interview.objects.filter(user=user).update(state=Interview.State.FINISHED)
    with pytest.raises(services.TooManyStarts):
        start(user, questions, token="over", now=later)


def test_a_retry_counts_against_the_same_limit_once(user, clock):
    questions = [QuestionFactory()]
    weak = start(user, questions)
    services.answer_show(answer=weak.answers.get(), now=START)
    answer = services.answer_submit(answer=weak.answers.get(), text="x", now=START)
    services.answer_rate(answer=answer, rating=1, note=None, now=START)
    for number in range(START_LIMIT - 2):
        start(user, questions, token=f"t{number}")
        Interview.objects.filter(user=user).update(state=Interview.State.FINISHED)
    retried = services.interview_retry(interview=weak, now=START)  # the limit's last start
    assert [a.question for a in retried.answers.all()] == questions
    with pytest.raises(services.TooManyStarts):
        services.interview_retry(interview=weak, now=START)


def test_over_the_limit_practise_says_so_on_the_question(user, user_client, clock):
    question = QuestionFactory()
    for number in range(START_LIMIT):
        start(user, [question], token=f"t{number}")
        Interview.objects.filter(user=user).update(state=Interview.State.FINISHED)
    response = user_client.post(
        f"/practice/questions/{question.slug}/practise/", {"token": "late"}, follow=True
    )
    assert "Wait a little before starting another" in response.content.decode()
    assert Interview.objects.filter(user=user).count() == START_LIMIT


# The draft's one door


def test_a_draft_on_the_clock_is_kept_in_one_statement(user, django_assert_num_queries):
    answer = on_the_clock(user)
    with django_assert_num_queries(1):
        saved = services.draft_save(
            user=user, interview_id=answer.interview_id, position=1, text="a", revision=7, now=START
        )
    assert saved == services.DraftSave(kept=True, revision=7)
    answer.refresh_from_db()
    assert (answer.draft_text, answer.draft_revision) == ("a", 7)


def test_a_draft_without_a_revision_goes_above_everything_stored(user):
    answer = on_the_clock(user, text="older", revision=40)
    saved = services.draft_save(
        user=user, interview_id=answer.interview_id, position=1, text="b", revision=None, now=START
    )
    assert saved.kept and saved.revision == 41
    assert saved.answer.pk == answer.pk


def test_a_stale_draft_is_not_kept_and_says_what_is_stored(user):
    answer = on_the_clock(user, text="newer", revision=40)
    saved = services.draft_save(
        user=user, interview_id=answer.interview_id, position=1, text="old", revision=5, now=START
    )
    assert not saved.kept
    assert services.stored_revision(saved.answer) == 40
    answer.refresh_from_db()
    assert answer.draft_text == "newer"


def test_a_draft_of_someone_elses_answer_is_not_found(user):
    answer = on_the_clock(UserFactory())
    with pytest.raises(Answer.DoesNotExist):
        services.draft_save(
            user=user, interview_id=answer.interview_id, position=1, text="x", revision=9, now=START
        )


def test_a_draft_that_lost_the_race_to_its_own_submit_says_so(user):
    answer = on_the_clock(user)
    services.answer_submit(answer=answer, text="final", revision=3, now=START)
    with pytest.raises(services.DraftAlreadySubmitted):
        services.draft_save(
            user=user,
            interview_id=answer.interview_id,
            position=1,
            text="final",
            revision=2,
            now=START,
        )
    with pytest.raises(services.InterviewError) as refused:
        services.draft_save(
            user=user,
            interview_id=answer.interview_id,
            position=1,
            text="something else",
            revision=4,
            now=START,
        )
    assert not isinstance(refused.value, services.DraftAlreadySubmitted)


# What the answer form sent


def test_submitting_without_text_submits_the_saved_draft(user):
    answer = on_the_clock(user, text="saved draft", revision=12)
    done = services.answer_submit_sent_at(
        interview_id=answer.interview_id,
        position=answer.position,
        user_id=user.pk,
        text=None,
        revision=None,
        now=START,
    )
    assert (done.submitted_text, done.submitted_revision) == ("saved draft", 12)


def test_text_without_a_revision_is_numbered_by_the_clock(user):
    answer = on_the_clock(user, text="draft", revision=12)
    done = services.answer_submit_sent_at(
        interview_id=answer.interview_id,
        position=answer.position,
        user_id=user.pk,
        text="typed",
        revision=None,
        now=START,
    )
    assert done.submitted_text == "typed"
    assert done.submitted_revision == services.sent_revision(START) == int(START.timestamp() * 1000)


# The preferred mode


def test_due_reviews_are_the_preferred_mode():
    preferred = [mode.key for mode in selection.modes() if mode.preferred]
    assert preferred == ["due"]
    assert not selection.get_mode(selection.MIX).preferred
