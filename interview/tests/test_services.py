"""The interview's state changes, called directly with the time passed in."""

import random
from datetime import timedelta

import pytest
from django.db.models import ProtectedError

from interview import services
from interview.models import Answer, Interview
from interview.tests.factories import AnswerFactory, UserFactory, interview_with
from questions.tests.factories import QuestionFactory, TagFactory
from testsupport import START

pytestmark = pytest.mark.django_db


def start(user, **kwargs) -> Interview:
    options = {
        "tags": [],
        "question_count": 3,
        "minutes_per_question": None,
        "prefer_unseen": False,
        "now": START,
        "rng": random.Random(1),
    }
    return services.interview_start(user=user, **options | kwargs)


def drawn(interview) -> list:
    return [answer.question for answer in interview.answers.order_by("position")]


def shown(answer, at=START) -> Answer:
    return services.answer_show(answer=answer, now=at)


# Starting


def test_start_fixes_the_questions_with_positions_and_snapshots():
    questions = QuestionFactory.create_batch(3, supplement_md="Also: **dropout**.")
    interview = start(UserFactory())
    answers = list(interview.answers.order_by("position"))
    assert [answer.position for answer in answers] == [1, 2, 3]
    assert {answer.question for answer in answers} == set(questions)
    assert interview.question_count == 3
    assert interview.state == Interview.State.IN_PROGRESS
    for answer in answers:
        assert answer.status == Answer.Status.PENDING
        assert answer.title_snapshot == answer.question.title
        assert answer.answer_snapshot_md == answer.question.answer_md
        assert answer.supplement_snapshot_md == "Also: **dropout**."


def test_start_order_comes_from_the_random_source_and_is_kept():
    QuestionFactory.create_batch(6)
    user = UserFactory()
    first = start(user, question_count=6, rng=random.Random(42))
    second = start(user, question_count=6, rng=random.Random(42))
    orders = {tuple(drawn(start(user, question_count=6, rng=random.Random(s)))) for s in range(8)}
    assert drawn(first) == drawn(second)
    assert len(orders) > 1  # the order is shuffled, not the bank's order
    assert services.interview_current_answer(first).question == drawn(first)[0]


def test_start_draws_only_active_questions_of_the_chosen_topics():
    llm, rl = TagFactory(slug="llm", name_zh="大模型", name_en="LLMs"), TagFactory(slug="rl")
    wanted = QuestionFactory.create_batch(2, tags=[llm])
    QuestionFactory(tags=[rl])
    QuestionFactory(tags=[llm], is_active=False)
    interview = start(UserFactory(), tags=[llm], question_count=2)
    assert set(drawn(interview)) == set(wanted)
    assert interview.topics == [{"slug": "llm", "name_zh": "大模型", "name_en": "LLMs"}]


def test_start_with_no_matching_question_is_refused():
    empty = TagFactory()
    QuestionFactory(tags=[empty], is_active=False)
    with pytest.raises(services.InvalidInput):
        start(UserFactory(), tags=[empty])
    assert not Interview.objects.exists()


@pytest.mark.parametrize("minutes", [0, 31])
def test_start_refuses_a_time_outside_1_to_30_minutes(minutes):
    QuestionFactory()
    with pytest.raises(services.InvalidInput):
        start(UserFactory(), question_count=1, minutes_per_question=minutes)


@pytest.mark.parametrize("seed", range(5))
def test_prefer_unseen_draws_questions_not_shown_before_first(seed):
    user = UserFactory()
    seen = QuestionFactory.create_batch(2)
    unseen = QuestionFactory.create_batch(2)
    for question in seen:
        AnswerFactory(interview__user=user, question=question, done=True)
    # Drawn but never shown (not reached), and seen by somebody else: both still unseen.
    AnswerFactory(interview__user=user, question=unseen[0])
    AnswerFactory(question=unseen[1], done=True)

    interview = start(user, question_count=2, prefer_unseen=True, rng=random.Random(seed))

    assert set(drawn(interview)) == set(unseen)


def test_without_prefer_unseen_seen_questions_are_drawn_too():
    user = UserFactory()
    seen = QuestionFactory.create_batch(2)
    QuestionFactory.create_batch(2)
    for question in seen:
        AnswerFactory(
            interview__user=user,
            interview__state=Interview.State.FINISHED,
            question=question,
            done=True,
        )
    draws = [
        set(drawn(start(user, question_count=2, rng=random.Random(seed)))) for seed in range(10)
    ]
    assert any(draw & set(seen) for draw in draws)


def test_time_limit_is_the_chosen_minutes_for_every_question():
    QuestionFactory(answer_minutes=2)
    QuestionFactory(answer_minutes=10)
    interview = start(UserFactory(), question_count=2, minutes_per_question=7)
    assert [answer.time_limit_seconds for answer in interview.answers.all()] == [420, 420]


def test_time_limit_defaults_to_each_questions_suggested_minutes():
    short, long = QuestionFactory(answer_minutes=2), QuestionFactory(answer_minutes=10)
    interview = interview_with(UserFactory(), [short, long], now=START)
    limits = [answer.time_limit_seconds for answer in interview.answers.order_by("position")]
    assert limits == [120, 600]


# Showing a question


def test_show_starts_the_clock_once():
    interview = interview_with(UserFactory(), [QuestionFactory()], now=START, minutes=2)
    answer = shown(interview.answers.get())
    assert answer.status == Answer.Status.ACTIVE
    assert answer.shown_at == START
    assert answer.deadline == START + timedelta(minutes=2)

    again = shown(Answer.objects.get(pk=answer.pk), at=START + timedelta(seconds=50))

    assert again.shown_at == START
    assert again.deadline == START + timedelta(minutes=2)
    assert Answer.objects.get(pk=answer.pk).deadline == START + timedelta(minutes=2)


def test_editing_a_question_after_it_was_shown_leaves_the_review_unchanged(login):
    user = UserFactory()
    question = QuestionFactory(title="What is attention?", answer_md="Weights over inputs.")
    interview = interview_with(user, [question], now=START)
    answer = shown(interview.answers.get())
    services.answer_submit(answer=answer, text="Mine", now=START + timedelta(seconds=30))

    question.title = "Rewritten title"
    question.answer_md = "Rewritten answer."
    question.save()

    page = login(user).get(f"/interviews/{interview.pk}/review/").content.decode()
    assert "What is attention?" in page
    assert "Weights over inputs." in page
    assert "Rewritten" not in page


def test_a_question_in_someones_history_cannot_be_deleted():
    answer = AnswerFactory(done=True)
    with pytest.raises(ProtectedError):
        answer.question.delete()
    assert Answer.objects.filter(pk=answer.pk).exists()


# Drafts, submissions, expiry


@pytest.fixture
def active_answer():
    """The first of two questions, on screen since START with a two-minute limit."""
    questions = QuestionFactory.create_batch(2)
    interview = interview_with(UserFactory(), questions, now=START, minutes=2)
    return shown(interview.answers.get(position=1))


def reloaded(answer) -> Answer:
    return Answer.objects.get(pk=answer.pk)


def test_an_older_draft_revision_never_replaces_a_newer_one(active_answer):
    assert services.answer_save_draft(answer=active_answer, text="new", revision=200, now=START)
    kept = services.answer_save_draft(answer=active_answer, text="old", revision=100, now=START)
    assert kept is False
    assert reloaded(active_answer).draft_text == "new"
    assert reloaded(active_answer).draft_revision == 200


def test_submission_in_the_grace_period_is_on_time(active_answer):
    answer = services.answer_submit(
        answer=active_answer, text="Just in time", now=START + timedelta(seconds=124)
    )
    assert answer.status == Answer.Status.SUBMITTED
    assert answer.over_time_seconds == 0
    assert answer.seconds_used == 124


def test_late_submission_is_kept_and_marked_over_time(active_answer):
    answer = services.answer_submit(
        answer=active_answer, text="Late but whole", now=START + timedelta(seconds=210)
    )
    assert reloaded(answer).submitted_text == "Late but whole"
    assert answer.over_time_seconds == 90


def test_expiry_waits_for_the_grace_period(active_answer):
    answer = services.answer_expire(answer=active_answer, now=START + timedelta(seconds=125))
    assert answer.status == Answer.Status.ACTIVE


def test_expiry_takes_the_draft_as_an_answer_on_time(active_answer):
    services.answer_save_draft(answer=active_answer, text="draft", revision=1, now=START)
    answer = services.answer_expire(answer=active_answer, now=START + timedelta(seconds=126))
    assert answer.status == Answer.Status.SUBMITTED
    assert answer.submission == Answer.Submission.EXPIRED
    assert answer.submitted_text == "draft"
    assert answer.seconds_used == 120
    assert answer.over_time_seconds == 0


def test_the_last_answer_finishes_the_interview():
    interview = interview_with(UserFactory(), [QuestionFactory()], now=START)
    answer = shown(interview.answers.get())
    services.answer_submit(answer=answer, text="Done", now=START + timedelta(seconds=40))
    interview.refresh_from_db()
    assert interview.state == Interview.State.FINISHED
    assert interview.finished_at == START + timedelta(seconds=40)


@pytest.mark.parametrize("rating", [0, 5, "abc", None, "2.5"])
def test_rating_must_be_1_to_4(active_answer, rating):
    services.answer_submit(answer=active_answer, text="x", now=START)
    with pytest.raises(services.InvalidInput):
        services.answer_rate(answer=active_answer, rating=rating, note=None, now=START)
    assert reloaded(active_answer).rating is None


def test_note_is_limited_to_2000_characters(active_answer):
    services.answer_submit(answer=active_answer, text="x", now=START)
    with pytest.raises(services.InvalidInput):
        services.answer_rate(answer=active_answer, rating=3, note="n" * 2001, now=START)
    answer = services.answer_rate(answer=active_answer, rating=3, note="n" * 2000, now=START)
    assert reloaded(answer).note == "n" * 2000


# Ending early and practising again


def test_ending_from_elsewhere_long_after_the_deadline_is_not_hours_over_time(active_answer):
    services.answer_save_draft(answer=active_answer, text="left open", revision=1, now=START)
    services.interview_end(interview=active_answer.interview, now=START + timedelta(days=1))
    answer = reloaded(active_answer)
    assert answer.submitted_text == "left open"
    assert answer.submission == Answer.Submission.EXPIRED
    assert answer.seconds_used == 120
    assert answer.over_time_seconds == 0
    assert answer.interview.state == Interview.State.ABANDONED


def test_retry_uses_the_questions_rated_1_or_2_that_are_still_active():
    user = UserFactory()
    questions = QuestionFactory.create_batch(4)
    interview = interview_with(user, questions, now=START, minutes=4)
    for answer, rating in zip(interview.answers.order_by("position"), [2, 4, 1, 1], strict=True):
        answer = shown(answer)
        services.answer_submit(answer=answer, text="x", now=START)
        services.answer_rate(answer=answer, rating=rating, note=None, now=START)
    questions[3].is_active = False
    questions[3].save()

    again = services.interview_retry(interview=interview, now=START + timedelta(hours=1))

    assert drawn(again) == [questions[0], questions[2]]
    assert again.minutes_per_question == 4
    assert again.prefer_unseen is False


def test_retry_without_weak_answers_is_refused(active_answer):
    services.answer_submit(answer=active_answer, text="x", now=START)
    services.answer_rate(answer=active_answer, rating=3, note=None, now=START)
    with pytest.raises(services.InterviewError):
        services.interview_retry(interview=active_answer.interview, now=START)
    assert Interview.objects.count() == 1


# Edge cases found in review


def one_shown(minutes=2):
    interview = interview_with(UserFactory(), [QuestionFactory()], now=START, minutes=minutes)
    return shown(interview.answers.get())


def test_a_draft_saved_after_the_deadline_expires_as_over_time():
    """Without JavaScript nothing submits at zero; text saved later is late, not on time."""
    answer = one_shown()
    late = answer.deadline + timedelta(minutes=10)
    assert services.answer_save_draft(answer=answer, text="late text", revision=5, now=late)
    answer = services.answer_expire(answer=Answer.objects.get(pk=answer.pk), now=late)
    assert answer.submitted_text == "late text"
    assert answer.over_time_seconds == 600
    assert answer.seconds_used == 720


def test_an_expired_answer_already_rated_is_not_replaced_by_a_stale_tab():
    answer = one_shown()
    later = answer.deadline + timedelta(minutes=5)
    answer = services.answer_expire(answer=answer, now=later)
    services.answer_rate(answer=answer, rating=3, note=None, now=later)
    with pytest.raises(services.InterviewError):
        services.answer_submit(answer=answer, text="from a tab asleep for days", now=later)
    assert Answer.objects.get(pk=answer.pk).submitted_text == ""


def test_skipping_long_after_the_deadline_counts_at_most_the_limit():
    answer = one_shown(minutes=2)
    answer = services.answer_submit(
        answer=answer, text="", skip=True, now=answer.deadline + timedelta(hours=3)
    )
    assert answer.status == Answer.Status.SKIPPED
    assert answer.seconds_used == 120


def test_autosave_to_a_question_not_shown_yet_says_it_is_not_current():
    interview = interview_with(UserFactory(), QuestionFactory.create_batch(2), now=START)
    later = interview.answers.get(position=2)
    with pytest.raises(services.InterviewError, match="not the current question"):
        services.answer_save_draft(answer=later, text="x", revision=1, now=START)


def test_ending_on_the_last_question_with_text_finishes_the_interview():
    interview = interview_with(UserFactory(), [QuestionFactory()], now=START)
    shown(interview.answers.get())
    interview = services.interview_end(interview=interview, text="my answer", now=START)
    assert interview.state == Interview.State.FINISHED
    assert interview.answers.get().submitted_text == "my answer"


def test_nul_characters_are_dropped_from_typed_text():
    assert services.clean_text("a\x00b") == "ab"


# Two tabs: the newest text wins, whichever request arrives first


def test_an_idle_stale_tab_submits_the_newer_draft_saved_elsewhere():
    answer = one_shown()
    services.answer_save_draft(answer=answer, text="typed in tab A", revision=500, now=START)
    # Tab B was loaded before that save (it knew revision 100) and its timer fired.
    answer = services.answer_submit(
        answer=answer, text="", revision=100, by_timer=True, now=answer.deadline
    )
    assert answer.submitted_text == "typed in tab A"
    assert Answer.objects.get(pk=answer.pk).draft_text == "typed in tab A"


def test_newer_typing_replaces_an_automatic_submission_that_arrived_first():
    answer = one_shown()
    services.answer_save_draft(answer=answer, text="saved", revision=500, now=START)
    services.answer_submit(answer=answer, text="saved", revision=500, by_timer=True, now=START)
    answer = services.answer_submit(
        answer=answer, text="saved, plus the last words", revision=700, by_timer=True, now=START
    )
    assert answer.submitted_text == "saved, plus the last words"


def test_a_manual_submission_is_not_replaced_by_another_tab():
    answer = one_shown()
    services.answer_submit(answer=answer, text="my final answer", revision=500, now=START)
    with pytest.raises(services.InterviewError):
        services.answer_submit(answer=answer, text="other tab", revision=900, now=START)
    assert Answer.objects.get(pk=answer.pk).submitted_text == "my final answer"


def test_ending_from_a_tab_showing_an_earlier_question_keeps_the_open_questions_draft():
    interview = interview_with(UserFactory(), QuestionFactory.create_batch(2), now=START)
    first = shown(interview.answers.get(position=1))
    services.answer_submit(answer=first, text="one", now=START)
    second = shown(interview.answers.get(position=2))
    services.answer_save_draft(answer=second, text="draft of two", revision=5, now=START)
    services.interview_end(
        interview=interview, text="stale text of one", answer=first, revision=99, now=START
    )
    assert Answer.objects.get(pk=second.pk).submitted_text == "draft of two"
    assert Answer.objects.get(pk=first.pk).submitted_text == "one"


def test_an_expiry_with_nothing_written_counts_as_skipped_not_answered():
    answer = one_shown()
    answer = services.answer_expire(answer=answer, now=answer.deadline + timedelta(minutes=1))
    assert answer.status == Answer.Status.SKIPPED


def test_a_note_counts_line_breaks_as_the_browser_does():
    answer = one_shown()
    answer = services.answer_submit(answer=answer, text="x", now=START)
    note = "a\r\n" * 600 + "b" * 700  # 1,900 characters typed, 2,500 sent
    answer = services.answer_rate(answer=answer, rating=2, note=note, now=START)
    assert answer.note == note


def test_text_arriving_after_an_empty_expiry_is_kept():
    """A phone offline with typed text; another device let the question expire empty."""
    answer = one_shown()
    answer = services.answer_expire(answer=answer, now=answer.deadline + timedelta(minutes=1))
    assert answer.status == Answer.Status.SKIPPED
    late = answer.deadline + timedelta(minutes=2)
    answer = services.answer_submit(answer=answer, text="written offline", by_timer=True, now=late)
    assert answer.status == Answer.Status.SUBMITTED
    assert answer.submitted_text == "written offline"
    assert answer.over_time_seconds == 120


def test_a_draft_saved_in_time_and_sent_after_a_long_sleep_is_on_time():
    answer = one_shown(minutes=2)
    services.answer_save_draft(answer=answer, text="done in time", revision=5, now=START)
    answer = Answer.objects.get(pk=answer.pk)
    woke = answer.deadline + timedelta(hours=3)
    answer = services.answer_submit(
        answer=answer, text="done in time", revision=5, by_timer=True, now=woke
    )
    assert answer.over_time_seconds == 0
    assert answer.seconds_used == 120


def test_an_empty_expiry_never_counts_over_time():
    answer = one_shown(minutes=2)
    late = answer.deadline + timedelta(minutes=5)
    services.answer_save_draft(answer=answer, text="", revision=5, now=late)
    answer = services.answer_expire(answer=Answer.objects.get(pk=answer.pk), now=late)
    assert answer.status == Answer.Status.SKIPPED
    assert answer.over_time_seconds == 0
    assert answer.seconds_used == 120
