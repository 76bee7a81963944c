"""Taking an interview through the pages: the clock, drafts, answers, ratings and errors."""

import re
from datetime import timedelta

import pytest
from django.utils.timezone import localtime

from accounts.tests.factories import PASSWORD
from interview.models import Answer, Interview
from interview.tests.factories import interview_with
from questions.tests.factories import QuestionFactory, TagFactory
from testsupport import START, english_client

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
LIMIT = 120  # every interview here gives two minutes per question


def html(response) -> str:
    return response.content.decode()


def is_fragment(response) -> bool:
    return "<html" not in html(response)


def remaining(response) -> int:
    """The seconds left according to the countdown the page starts from."""
    match = re.search(r'data-remaining="(\d+)"', html(response))
    assert match, "the page shows no countdown"
    return int(match[1])


def textarea(response) -> str:
    match = re.search(r'<textarea\b[^>]*\bname="text"[^>]*>(.*?)</textarea>', html(response), re.S)
    assert match, "the page has no answer box"
    return match[1]


def user_answer(response) -> str:
    match = re.search(r'<div\b[^>]*\bclass="user-answer"[^>]*>(.*?)</div>', html(response), re.S)
    assert match, "the page shows no user answer"
    return match[1]


def url(interview, position=None, action="") -> str:
    path = f"/interviews/{interview.pk}/"
    if position is not None:
        path += f"q/{position}/"
    return path + (f"{action}/" if action else "")


def answer_at(interview, position) -> Answer:
    return Answer.objects.get(interview=interview, position=position)


def seconds(n):
    return timedelta(seconds=n)


@pytest.fixture
def questions():
    return [
        QuestionFactory(title="What is attention?", answer_md="Attention **weights** inputs."),
        QuestionFactory(title="What is LoRA?", answer_md="Low-rank adapters."),
        QuestionFactory(title="What is RLHF?", answer_md="Reward models and PPO."),
    ]


@pytest.fixture
def interview(user, questions):
    """Three questions, two minutes each, started at START; nothing shown yet."""
    return interview_with(user, questions, now=START, minutes=2)


@pytest.fixture
def on_first(user_client, interview):
    """The first question is on screen since START."""
    assert user_client.get(url(interview, 1)).status_code == 200
    return interview


def finish(client, interview):
    """Answer every question in turn, rating the first 1 and the others 4."""
    for position in range(1, interview.question_count + 1):
        client.get(url(interview, position))
        client.post(
            url(interview, position, "submit"), {"text": f"Answer {position}", "action": "submit"}
        )
        rating = 1 if position == 1 else 4
        client.post(url(interview, position, "rate"), {"rating": rating})
    interview.refresh_from_db()
    assert interview.state == Interview.State.FINISHED


# The whole flow


def test_a_whole_interview_from_start_to_practising_again(user, login, clock):
    llm = TagFactory(slug="llm", name_en="LLMs")
    first = QuestionFactory(tags=[llm], title="What is attention?", answer_md="It **weighs**.")
    second = QuestionFactory(tags=[llm], title="What is LoRA?", answer_md="Low-rank adapters.")
    QuestionFactory(tags=[TagFactory(slug="rl")], title="What is PPO?")
    client = login(user)

    start_page = client.get("/interviews/")
    assert start_page.status_code == 200
    assert 'value="llm"' in html(start_page)

    started = client.post(
        "/interviews/",
        {
            "topics": ["llm"],
            "question_count": 2,
            "minutes": 2,
            "prefer_unseen": "on",
            "token": "first-start",
        },
    )
    interview = Interview.objects.get(user=user)
    assert started.status_code == 302
    assert started.url == f"/interviews/{interview.pk}/"
    assert {answer.question for answer in interview.answers.all()} == {first, second}
    assert interview.topics[0]["slug"] == "llm"
    title_1 = answer_at(interview, 1).title_snapshot
    title_2 = answer_at(interview, 2).title_snapshot

    assert client.get(started.url).url == url(interview, 1)
    question_page = client.get(url(interview, 1))
    assert question_page.status_code == 200
    assert title_1 in html(question_page)
    assert "Question 1 of 2" in html(question_page)
    assert remaining(question_page) == LIMIT

    saved = client.post(
        url(interview, 1, "autosave"), {"text": "first draft", "revision": 1}, **HTMX
    )
    assert saved.status_code == 200
    assert is_fragment(saved)
    assert f"Draft saved at {localtime(START):%H:%M:%S}" in html(saved)
    saved = client.post(url(interview, 1, "autosave"), {"text": "second\ndraft"})
    assert saved.status_code == 302
    assert saved.url == url(interview, 1)

    clock.shift(seconds(20))
    reloaded = client.get(url(interview, 1))
    assert "Draft saved." in html(reloaded)
    assert remaining(reloaded) == LIMIT - 20
    assert textarea(reloaded) == "second\ndraft"
    other_tab = login(user)
    assert remaining(other_tab.get(url(interview, 1))) == LIMIT - 20
    assert textarea(other_tab.get(url(interview, 1))) == "second\ndraft"

    typed = "Line one\n<script>alert(1)</script>\n<b>x</b>"
    submitted = client.post(url(interview, 1, "submit"), {"action": "submit", "text": typed})
    assert submitted.status_code == 302
    assert submitted.url == url(interview, 1)
    reveal = client.get(url(interview, 1))
    assert user_answer(reveal) == (
        "Line one\n&lt;script&gt;alert(1)&lt;/script&gt;\n&lt;b&gt;x&lt;/b&gt;"
    )
    assert "<script>alert(1)" not in html(reveal)
    assert "Time used 00:20 of 02:00" in html(reveal)
    model_answer = {first: "It <strong>weighs</strong>.", second: "Low-rank adapters."}
    assert model_answer[answer_at(interview, 1).question] in html(reveal)
    assert "data-remaining" not in html(reveal)

    rated = client.post(url(interview, 1, "rate"), {"rating": 1}, **HTMX)
    assert rated.status_code == 200
    assert is_fragment(rated)
    assert "Saved: Missed it" in html(rated)
    assert re.search(r'class="rating-button rating-1"[^>]*aria-pressed="true"', html(rated))
    assert answer_at(interview, 1).rating == 1

    assert f'href="{url(interview, 2)}"' in html(reveal)  # "Next question", no redirect
    assert client.get(url(interview)).url == url(interview, 2)
    second_page = client.get(url(interview, 2))
    assert title_2 in html(second_page)
    assert remaining(second_page) == LIMIT

    clock.shift(seconds(150))  # 30 s past the deadline, beyond the grace period
    last = client.post(
        url(interview, 2, "submit"), {"action": "submit", "text": "Adapters"}, **HTMX
    )
    assert last.status_code == 200
    assert is_fragment(last)
    assert "Over time by 00:30" in html(last)
    assert f'href="{url(interview, action="review")}"' in html(last)
    interview.refresh_from_db()
    assert interview.state == Interview.State.FINISHED

    rated = client.post(url(interview, 2, "rate"), {"rating": 3})
    assert rated.status_code == 302
    assert rated.url == url(interview, 2)

    review = client.get(url(interview, action="review"))
    content = html(review)
    assert title_1 in content
    assert title_2 in content
    assert "00:20" in content
    assert "02:30" in content
    assert "+00:30 over" in content
    assert "1 · Missed it" in content
    assert "3 · Good" in content
    assert "2 / 2" in content  # answered
    assert "2.0 / 4" in content  # average rating
    assert "02:50" in content  # total time
    assert "Practise the 1 question rated 1–2 again" in content

    again = client.post(url(interview, action="retry"), {"token": "retry-1"})
    retry = Interview.objects.exclude(pk=interview.pk).get()
    assert again.status_code == 302
    assert again.url == f"/interviews/{retry.pk}/"
    assert [answer.question for answer in retry.answers.all()] == [answer_at(interview, 1).question]
    assert retry.minutes_per_question == 2


def test_practise_again_is_offered_only_when_something_was_rated_1_or_2(user_client, interview):
    for position in (1, 2, 3):
        user_client.get(url(interview, position))
        user_client.post(url(interview, position, "submit"), {"text": "x", "action": "submit"})
        user_client.post(url(interview, position, "rate"), {"rating": 3})
    review = user_client.get(url(interview, action="review"))
    assert "Practise the" not in html(review)
    assert f'action="{url(interview, action="retry")}"' not in html(review)

    refused = user_client.post(url(interview, action="retry"), {"token": "t"}, follow=True)
    assert "No questions in this interview were rated 1 or 2." in html(refused)
    assert Interview.objects.count() == 1


def test_a_reload_or_a_second_tab_never_restarts_the_clock(user, login, clock, on_first):
    clock.shift(seconds(45))
    assert remaining(login(user).get(url(on_first, 1))) == LIMIT - 45
    clock.shift(seconds(70))
    assert remaining(login(user).get(url(on_first, 1))) == LIMIT - 115
    assert answer_at(on_first, 1).shown_at == START


def test_later_questions_cannot_be_peeked_at(user_client, on_first):
    response = user_client.get(url(on_first, 3), follow=True)
    assert response.redirect_chain[-1][0] == url(on_first, 1)
    assert answer_at(on_first, 3).status == Answer.Status.PENDING


# The clock running out


def test_a_question_past_its_deadline_is_taken_from_the_draft(user_client, clock, on_first):
    user_client.post(url(on_first, 1, "autosave"), {"text": "what I had", "revision": 5})
    clock.shift(seconds(LIMIT + 6))
    response = user_client.get(url(on_first, 1))
    answer = answer_at(on_first, 1)
    assert answer.status == Answer.Status.SUBMITTED
    assert answer.submission == Answer.Submission.EXPIRED
    assert answer.submitted_text == "what I had"
    assert answer.over_time_seconds == 0
    assert "Submitted automatically when the time ran out" in html(response)
    assert "Over time" not in html(response)
    assert user_answer(response) == "what I had"


def test_the_grace_period_keeps_the_question_open(user_client, clock, on_first):
    clock.shift(seconds(LIMIT + 5))
    response = user_client.get(url(on_first, 1))
    assert remaining(response) == 0
    assert answer_at(on_first, 1).status == Answer.Status.ACTIVE


def test_a_late_answer_is_kept_in_full_and_marked_over_time(user_client, clock, on_first):
    clock.shift(seconds(LIMIT + 90))
    typed = "A long answer " * 50
    response = user_client.post(
        url(on_first, 1, "submit"), {"text": typed, "action": "submit"}, follow=True
    )
    answer = answer_at(on_first, 1)
    assert answer.submitted_text == typed
    assert answer.submission == Answer.Submission.MANUAL
    assert answer.over_time_seconds == 90
    assert "Over time by 01:30" in html(response)


def test_a_late_answer_after_the_server_took_the_draft_replaces_it(user_client, clock, on_first):
    user_client.post(url(on_first, 1, "autosave"), {"text": "old draft"})
    clock.shift(seconds(LIMIT + 10))
    user_client.get(url(on_first, 1))  # the server takes the draft
    assert answer_at(on_first, 1).submission == Answer.Submission.EXPIRED
    clock.shift(seconds(10))

    response = user_client.post(
        url(on_first, 1, "submit"), {"text": "newer text", "action": "submit"}, follow=True
    )

    answer = answer_at(on_first, 1)
    assert answer.submitted_text == "newer text"
    assert answer.over_time_seconds == 20
    assert "Over time by 00:20" in html(response)
    assert user_answer(response) == "newer text"


def test_an_answer_inside_the_grace_period_is_on_time(user_client, clock, on_first):
    clock.shift(seconds(LIMIT + 4))
    response = user_client.post(
        url(on_first, 1, "submit"), {"text": "phew", "action": "submit"}, follow=True
    )
    assert answer_at(on_first, 1).over_time_seconds == 0
    assert "Over time" not in html(response)


def test_the_timer_submitting_is_recorded(user_client, clock, on_first):
    clock.shift(seconds(LIMIT))
    response = user_client.post(
        url(on_first, 1, "submit"), {"text": "cut off", "by_timer": "1", "action": "submit"}, **HTMX
    )
    answer = answer_at(on_first, 1)
    assert answer.submission == Answer.Submission.TIMER
    assert answer.submitted_text == "cut off"
    assert "Submitted automatically when the time ran out" in html(response)


# Drafts


def test_a_late_autosave_never_replaces_a_newer_draft(user_client, on_first):
    autosave = url(on_first, 1, "autosave")
    user_client.post(autosave, {"text": "newer", "revision": 200}, **HTMX)
    response = user_client.post(autosave, {"text": "older", "revision": 100}, **HTMX)
    assert response.status_code == 200
    assert "A newer draft is already saved." in html(response)
    assert answer_at(on_first, 1).draft_text == "newer"
    assert textarea(user_client.get(url(on_first, 1))) == "newer"


def test_a_late_plain_autosave_does_not_claim_it_was_saved(user_client, on_first):
    autosave = url(on_first, 1, "autosave")
    user_client.post(autosave, {"text": "newer", "revision": 200}, **HTMX)
    response = user_client.post(autosave, {"text": "older", "revision": 100}, follow=True)
    assert "A newer draft is already saved." in html(response)
    assert "Draft saved." not in html(response)
    assert textarea(response) == "newer"


def test_an_autosave_without_revision_goes_after_the_stored_one(user_client, on_first):
    autosave = url(on_first, 1, "autosave")
    user_client.post(autosave, {"text": "from the script", "revision": 200}, **HTMX)
    user_client.post(autosave, {"text": "from the button"})
    answer = answer_at(on_first, 1)
    assert answer.draft_text == "from the button"
    assert answer.draft_revision == 201


@pytest.mark.parametrize("revision", ["abc", "1e3", "-1", str(2**53), str(2**63), str(10**30)])
def test_a_malformed_revision_is_refused_and_changes_nothing(user_client, on_first, revision):
    autosave = url(on_first, 1, "autosave")
    user_client.post(autosave, {"text": "saved before", "revision": 5}, **HTMX)
    response = user_client.post(autosave, {"text": "typed", "revision": revision}, **HTMX)
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#flash"
    assert "revision" in html(response)
    answer = answer_at(on_first, 1)
    assert (answer.draft_text, answer.draft_revision) == ("saved before", 5)


def test_an_autosave_after_submitting_is_refused(user_client, on_first):
    user_client.post(url(on_first, 1, "submit"), {"text": "final", "action": "submit"})
    response = user_client.post(
        url(on_first, 1, "autosave"), {"text": "late keystrokes", "revision": 9}, **HTMX
    )
    assert response.status_code == 409
    assert is_fragment(response)
    assert response["HX-Retarget"] == "#flash"
    assert "already been answered" in html(response)
    answer = answer_at(on_first, 1)
    assert answer.submitted_text == "final"
    assert answer.draft_text == "final"


def test_a_beacon_autosave_answers_with_a_bare_status(user_client, on_first):
    autosave = url(on_first, 1, "autosave")
    saved = user_client.post(autosave, {"text": "leaving", "beacon": "1", "revision": 3})
    assert saved.status_code == 204
    assert answer_at(on_first, 1).draft_text == "leaving"
    user_client.post(url(on_first, 1, "submit"), {"text": "final", "action": "submit"})
    refused = user_client.post(autosave, {"text": "leaving", "beacon": "1", "revision": 4})
    assert refused.status_code == 409


# Skipping and ending early


def test_skipping_keeps_what_was_typed_and_moves_on(user_client, on_first):
    response = user_client.post(
        url(on_first, 1, "submit"), {"action": "skip", "text": "half an idea"}, follow=True
    )
    answer = answer_at(on_first, 1)
    assert answer.status == Answer.Status.SKIPPED
    assert answer.draft_text == "half an idea"
    assert answer.submitted_text == ""
    assert "Skipped" in html(response)
    assert user_answer(response) == "half an idea"
    assert user_client.get(url(on_first)).url == url(on_first, 2)


def test_ending_from_the_answer_form_keeps_the_typed_answer(user_client, clock, on_first):
    clock.shift(seconds(30))
    response = user_client.post(
        url(on_first, 1, "submit"), {"action": "end", "text": "as far as I got"}
    )
    assert response.status_code == 302
    assert response.url == url(on_first, action="review")
    first = answer_at(on_first, 1)
    assert first.status == Answer.Status.SUBMITTED
    assert first.submitted_text == "as far as I got"
    assert first.seconds_used == 30
    statuses = [answer_at(on_first, position).status for position in (2, 3)]
    assert statuses == [Answer.Status.NOT_REACHED, Answer.Status.NOT_REACHED]
    on_first.refresh_from_db()
    assert on_first.state == Interview.State.ABANDONED

    review = html(user_client.get(response.url))
    assert "Interview ended. The remaining questions are marked not reached." in review
    assert review.count("Not reached") >= 2
    assert "Ended early" in review


def test_ending_with_nothing_typed_records_a_skip(user_client, on_first):
    user_client.post(url(on_first, 1, "submit"), {"action": "end", "text": "  "})
    assert answer_at(on_first, 1).status == Answer.Status.SKIPPED


def test_ending_over_htmx_sends_the_browser_to_the_review(user_client, on_first):
    response = user_client.post(
        url(on_first, 1, "submit"), {"action": "end", "text": "typed"}, **HTMX
    )
    assert response["HX-Redirect"] == url(on_first, action="review")
    assert answer_at(on_first, 1).submitted_text == "typed"


def test_ending_from_the_start_page_list_keeps_the_saved_draft(user_client, clock, on_first):
    user_client.post(url(on_first, 1, "autosave"), {"text": "saved earlier"})
    start_page = html(user_client.get("/interviews/"))
    assert f'action="{url(on_first, action="end")}"' in start_page
    clock.shift(seconds(40))

    response = user_client.post(url(on_first, action="end"))

    assert response.status_code == 302
    assert response.url == url(on_first, action="review")
    answer = answer_at(on_first, 1)
    assert answer.submitted_text == "saved earlier"
    assert answer.seconds_used == 40
    assert answer_at(on_first, 2).status == Answer.Status.NOT_REACHED
    assert f'action="{url(on_first, action="end")}"' not in html(user_client.get("/interviews/"))


def test_ending_twice_says_it_is_over(user_client, on_first):
    user_client.post(url(on_first, action="end"))
    response = user_client.post(url(on_first, action="end"), follow=True)
    assert response.status_code == 200
    assert "This interview is over" in html(response)


# Bad input


@pytest.mark.parametrize("rating", ["0", "5", "abc", None])
def test_a_rating_outside_1_to_4_is_refused(user_client, on_first, rating):
    user_client.post(url(on_first, 1, "submit"), {"text": "answer", "action": "submit"})
    data = {} if rating is None else {"rating": rating}

    plain = user_client.post(url(on_first, 1, "rate"), data, follow=True)
    htmx = user_client.post(url(on_first, 1, "rate"), data, **HTMX)

    assert plain.status_code == 200
    assert "Choose a rating from 1 to 4." in html(plain)
    assert htmx.status_code == 422
    assert is_fragment(htmx)
    assert "Choose a rating from 1 to 4." in html(htmx)
    assert answer_at(on_first, 1).rating is None


@pytest.mark.parametrize(
    "path",
    [
        "/interviews/999999/",
        "/interviews/999999/review/",
        "/interviews/999999/q/1/",
        "{interview}q/9/",
    ],
)
def test_an_unknown_interview_or_position_is_not_found(user_client, interview, path):
    assert user_client.get(path.format(interview=url(interview))).status_code == 404


@pytest.mark.parametrize("action", ["autosave", "submit", "rate"])
def test_posting_to_an_unknown_position_is_not_found(user_client, on_first, action):
    response = user_client.post(url(on_first, 9, action), {"text": "x", "rating": 3})
    assert response.status_code == 404


def test_answering_a_later_question_is_refused(user_client, on_first):
    plain = user_client.post(
        url(on_first, 3, "submit"), {"text": "jumping ahead", "action": "submit"}, follow=True
    )
    htmx = user_client.post(
        url(on_first, 3, "submit"), {"text": "jumping ahead", "action": "submit"}, **HTMX
    )
    assert plain.redirect_chain[-1][0] == url(on_first, 1)
    assert "That is not the current question of this interview." in html(plain)
    assert htmx.status_code == 409
    assert "That is not the current question of this interview." in html(htmx)
    assert answer_at(on_first, 3).status == Answer.Status.PENDING
    assert answer_at(on_first, 3).submitted_text == ""


def test_answering_a_question_not_reached_is_refused(user_client, on_first):
    user_client.post(url(on_first, action="end"))
    response = user_client.post(
        url(on_first, 3, "submit"), {"text": "after the end", "action": "submit"}, **HTMX
    )
    assert response.status_code == 409
    assert "This interview is over" in html(response)
    assert answer_at(on_first, 3).status == Answer.Status.NOT_REACHED
    assert user_client.get(url(on_first, 3)).url == url(on_first, action="review")


def test_submitting_the_same_answer_twice_keeps_the_first(user_client, on_first):
    user_client.post(url(on_first, 1, "submit"), {"text": "first", "action": "submit"})
    response = user_client.post(
        url(on_first, 1, "submit"), {"text": "second", "action": "submit"}, **HTMX
    )
    assert response.status_code == 409
    assert "already submitted" in html(response)
    assert answer_at(on_first, 1).submitted_text == "first"


def test_rating_before_submitting_is_refused(user_client, on_first):
    response = user_client.post(url(on_first, 1, "rate"), {"rating": 3}, **HTMX)
    assert response.status_code == 409
    assert "Submit or skip this question before rating it." in html(response)
    assert answer_at(on_first, 1).rating is None


def test_an_unknown_action_is_refused(user_client, on_first):
    response = user_client.post(url(on_first, 1, "submit"), {"action": "cheat", "text": "t"})
    assert response.status_code == 422
    assert "Unknown action." in html(response)
    assert answer_at(on_first, 1).status == Answer.Status.ACTIVE


def test_an_answer_too_long_stays_on_the_page_and_saves_nothing(user_client, on_first):
    user_client.post(url(on_first, 1, "autosave"), {"text": "short draft"})
    too_long = "字" * 20_001

    plain = user_client.post(url(on_first, 1, "submit"), {"text": too_long, "action": "submit"})
    htmx = user_client.post(
        url(on_first, 1, "submit"), {"text": too_long, "action": "submit"}, **HTMX
    )
    autosaved = user_client.post(url(on_first, 1, "autosave"), {"text": too_long}, **HTMX)

    assert plain.status_code == 422
    assert textarea(plain) == too_long
    assert "Your answer is 20001 characters long; the limit is 20000." in html(plain)
    for response in (htmx, autosaved):
        assert response.status_code == 422
        assert is_fragment(response)
        assert "the limit is 20000" in html(response)
    answer = answer_at(on_first, 1)
    assert answer.status == Answer.Status.ACTIVE
    assert answer.draft_text == "short draft"


def test_line_breaks_sent_by_a_browser_do_not_count_twice(user_client, on_first):
    # Browsers send a textarea's line breaks as CRLF though maxlength counts them once.
    typed = ("x" * 99 + "\r\n") * 200  # 20,000 characters as typed
    response = user_client.post(url(on_first, 1, "submit"), {"text": typed, "action": "submit"})
    assert response.status_code == 302
    assert answer_at(on_first, 1).status == Answer.Status.SUBMITTED


def test_a_finished_interview_takes_no_more_answers_but_ratings_change(user_client, interview):
    finish(user_client, interview)
    submitted = answer_at(interview, 1).submitted_text

    submit = user_client.post(
        url(interview, 1, "submit"), {"text": "again", "action": "submit"}, **HTMX
    )
    autosave = user_client.post(url(interview, 1, "autosave"), {"text": "again"}, **HTMX)
    plain = user_client.post(
        url(interview, 1, "submit"), {"text": "again", "action": "submit"}, follow=True
    )

    for response in (submit, autosave):
        assert response.status_code == 409
        assert "This interview is over" in html(response)
    assert "This interview is over" in html(plain)
    assert answer_at(interview, 1).submitted_text == submitted

    review_url = url(interview, action="review")
    review = user_client.get(review_url)
    assert f'name="next" value="{review_url}"' in html(review)
    changed = user_client.post(url(interview, 1, "rate"), {"rating": 3, "next": review_url})
    assert changed.status_code == 302
    assert changed.url == review_url
    assert answer_at(interview, 1).rating == 3
    assert "Practise the" not in html(user_client.get(review_url))


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/review/", "javascript:alert(1)"]
)
def test_a_rating_never_redirects_off_the_site(user_client, interview, next_url):
    finish(user_client, interview)
    response = user_client.post(url(interview, 2, "rate"), {"rating": 2, "next": next_url})
    assert response.status_code == 302
    assert response.url == url(interview, 2)
    assert answer_at(interview, 2).rating == 2


def test_a_note_is_kept_with_the_rating(user_client, on_first):
    user_client.post(url(on_first, 1, "submit"), {"text": "answer", "action": "submit"})
    user_client.post(url(on_first, 1, "rate"), {"rating": 2, "note": "Mention <KV cache>"})
    page = html(user_client.get(url(on_first, 1)))
    assert answer_at(on_first, 1).note == "Mention <KV cache>"
    assert "Mention &lt;KV cache&gt;" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"question_count": 3}, "Only 2 questions match these topics."),
        ({"question_count": 0}, "Ensure this value is greater than or equal to 1."),
        ({"question_count": 1, "topics": ["empty"]}, "No active questions have these topics."),
        ({"question_count": 1, "topics": ["nope"]}, "Select a valid choice."),
        ({"question_count": 1, "minutes": 45}, "Select a valid choice."),
    ],
)
def test_the_start_form_explains_what_is_wrong(user_client, data, message):
    QuestionFactory.create_batch(2)
    QuestionFactory(tags=[TagFactory(slug="empty")], is_active=False)
    response = user_client.post("/interviews/", data | {"token": "t"})
    assert response.status_code == 422
    assert message in html(response)
    assert not Interview.objects.exists()


@pytest.mark.parametrize("action", ["autosave", "submit", "rate"])
def test_answer_actions_only_accept_post(user_client, on_first, action):
    assert user_client.get(url(on_first, 1, action)).status_code == 405


@pytest.mark.parametrize("action", ["end", "retry"])
def test_interview_actions_only_accept_post(user_client, on_first, action):
    assert user_client.get(url(on_first, action=action)).status_code == 405


@pytest.mark.parametrize("path", ["{interview}", "{interview}q/1/", "{interview}review/"])
def test_pages_refuse_post(user_client, on_first, path):
    response = user_client.post(path.format(interview=url(on_first)))
    assert response.status_code == 405


# CSRF


@pytest.fixture
def csrf_client(user, clock):
    client = english_client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_the_start_form_works_with_its_token(csrf_client):
    QuestionFactory()
    form = csrf_client.get("/interviews/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html(form))[1]
    start_token = re.search(r'name="token" value="([^"]+)"', html(form))[1]
    response = csrf_client.post(
        "/interviews/",
        {"question_count": 1, "csrfmiddlewaretoken": token, "token": start_token},
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "path",
    [
        "/interviews/",
        "{interview}q/1/autosave/",
        "{interview}q/1/submit/",
        "{interview}q/1/rate/",
        "{interview}end/",
        "{interview}retry/",
        "/account/delete/",
    ],
)
def test_posts_without_a_csrf_token_are_forbidden(csrf_client, on_first, path):
    QuestionFactory()
    data = {"text": "x", "rating": 1, "question_count": 1, "password": PASSWORD}
    response = csrf_client.post(path.format(interview=url(on_first)), data)
    assert response.status_code == 403
    assert Interview.objects.count() == 1
    answer = answer_at(on_first, 1)
    assert answer.status == Answer.Status.ACTIVE
    assert answer.draft_text == ""


def test_nul_characters_in_a_draft_are_dropped_not_a_server_error(user_client, on_first):
    response = user_client.post(
        url(on_first, 1, "autosave"), {"text": "a\x00b", "revision": "9"}, **HTMX
    )
    assert response.status_code == 200
    assert answer_at(on_first, 1).draft_text == "ab"


def test_an_htmx_rating_on_the_review_page_keeps_its_way_back(user_client, on_first):
    user_client.post(url(on_first, 1, "submit"), {"text": "x", "action": "submit"})
    review = url(on_first, action="review")
    response = user_client.post(url(on_first, 1, "rate"), {"rating": "2", "next": review}, **HTMX)
    assert f'name="next" value="{review}"' in html(response)


def test_autosave_tells_the_page_whether_its_text_was_kept(user_client, on_first):
    kept = user_client.post(url(on_first, 1, "autosave"), {"text": "new", "revision": "50"}, **HTMX)
    stale = user_client.post(
        url(on_first, 1, "autosave"), {"text": "old", "revision": "40"}, **HTMX
    )
    assert (kept["X-Draft-Saved"], kept["X-Draft-Revision"]) == ("1", "50")
    assert (stale["X-Draft-Saved"], stale["X-Draft-Revision"]) == ("0", "50")


def test_an_autosave_sent_again_after_it_was_stored_is_told_it_was_kept(user_client, on_first):
    # A server killed after the commit but before the answer: the page sends it once more.
    data = {"text": "typed", "revision": "50"}
    first = user_client.post(url(on_first, 1, "autosave"), data, **HTMX)
    again = user_client.post(url(on_first, 1, "autosave"), data, **HTMX)
    other = user_client.post(
        url(on_first, 1, "autosave"), {"text": "other", "revision": "50"}, **HTMX
    )
    assert (first["X-Draft-Saved"], first["X-Draft-Revision"]) == ("1", "50")
    assert (again["X-Draft-Saved"], again["X-Draft-Revision"]) == ("1", "50")
    assert (other["X-Draft-Saved"], other["X-Draft-Revision"]) == ("0", "50")
    assert answer_at(on_first, 1).draft_text == "typed"


def test_an_autosave_that_lost_the_race_to_its_own_submit_is_quiet(user_client, on_first):
    user_client.post(url(on_first, 1, "submit"), {"text": "same", "action": "submit"})
    late = user_client.post(url(on_first, 1, "autosave"), {"text": "same", "revision": "9"}, **HTMX)
    assert late.status_code == 204


def test_a_repeated_htmx_submit_shows_the_answer_kept_with_a_message(user_client, on_first):
    user_client.post(url(on_first, 1, "submit"), {"text": "first", "action": "submit"})
    again = user_client.post(
        url(on_first, 1, "submit"), {"text": "second", "action": "submit"}, **HTMX
    )
    assert again.status_code == 409
    assert "already submitted" in html(again)
    assert "first" in user_answer(again)
    assert answer_at(on_first, 1).submitted_text == "first"


@pytest.mark.parametrize(
    ("by_timer", "submission"), [("0", "manual"), ("1", "timer"), ("", "manual")]
)
def test_the_page_says_whether_the_timer_or_the_user_submitted(
    user_client, on_first, by_timer, submission
):
    response = user_client.post(
        url(on_first, 1, "submit"),
        {"text": "mine", "by_timer": by_timer, "action": "submit"},
        **HTMX,
    )
    assert response.status_code == 200
    assert answer_at(on_first, 1).submission == submission
