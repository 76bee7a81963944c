"""The start form: topics as chips with their question counts, and the expected length."""

import re

import pytest
from django.test import Client

from interview.forms import StartForm
from interview.models import Interview
from questions import generation
from questions.models import Question
from questions.tests.factories import QuestionFactory, TagFactory
from testsupport import START

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def topic_counts(content: str) -> dict[str, str]:
    """Each topic chip's label and the count beside it."""
    chips = re.findall(
        r'<label class="topic-chip">.*?<span>(.*?)</span>.*?<span class="topic-count" '
        r'aria-hidden="true">(\d+)</span>',
        content,
        re.S,
    )
    return dict(chips)


def estimate(content: str) -> str:
    """The expected length beside Start."""
    found = re.search(r'<p id="estimate".*?>(.*?)</p>', content, re.S)
    assert found, "no estimate on the page"
    return " ".join(re.sub(r"<[^>]+>", " ", found[1]).split())


def estimate_note(content: str) -> str:
    """The note beside the estimate when fewer questions will come than were asked for."""
    found = re.search(r'<p id="estimate-note"[^>]*>(.*?)</p>', content, re.S)
    return " ".join(found[1].split()) if found else ""


@pytest.fixture
def bank():
    """Diffusion: two active questions of 2 and 4 minutes and a retired one; RL: one of 10."""
    diffusion = TagFactory(slug="diffusion", name_en="Diffusion")
    rl = TagFactory(slug="rl", name_en="Reinforcement")
    TagFactory(slug="empty", name_en="Empty")
    QuestionFactory(tags=[diffusion], answer_minutes=2)
    QuestionFactory(tags=[diffusion], answer_minutes=4)
    QuestionFactory(tags=[diffusion], answer_minutes=30, is_active=False)
    QuestionFactory(tags=[rl], answer_minutes=10)


def test_each_topic_shows_how_many_active_questions_it_has(user_client, bank):
    content = html(user_client.get("/interviews/"))
    assert topic_counts(content) == {"Diffusion": "2", "Empty": "0", "Reinforcement": "1"}
    # Still real checkboxes, named by their label; the count is read out in words.
    assert re.search(
        r'<label class="topic-chip"><input type="checkbox" name="topics" value="diffusion"'
        r'[^>]*> <span>Diffusion</span><span class="visually-hidden">\(2 questions\)</span>',
        content,
        re.S,
    )


def test_the_page_says_about_how_long_the_interview_will_take(user_client, bank):
    # Every topic, each question's suggested time: 3 questions at (2 + 4 + 10) / 3 minutes.
    response = user_client.get("/interviews/")
    assert response.context["form"]["question_count"].value() == 5
    assert estimate(html(response)) == "About 16 minutes · 3 questions"
    # Five asked for, three in the bank: said beside the estimate, not cut silently.
    assert estimate_note(html(response)) == "Only 3 questions are available, not 5."


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # A fixed time per question.
        ({"question_count": "2", "minutes": "7"}, "About 14 minutes · 2 questions"),
        # One topic's suggested times: (2 + 4) / 2 = 3 minutes each.
        ({"topics": "diffusion", "question_count": "2"}, "About 6 minutes · 2 questions"),
        # No more questions than the topics have.
        (
            {"topics": "diffusion", "question_count": "9", "minutes": "5"},
            "About 10 minutes · 2 questions",
        ),
        ({"question_count": "1"}, "About 5 minutes · 1 question"),
        # Values the form would refuse give a hint from sensible ones, never an error.
        ({"question_count": "abc", "minutes": "99"}, "About 16 minutes · 3 questions"),
    ],
)
def test_the_estimate_follows_the_form_over_htmx(user_client, bank, values, expected):
    response = user_client.get(
        "/interviews/",
        {"estimate": "1", "mode": "mix", "top_up": "on"} | values,
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    content = html(response)
    assert content.lstrip().startswith('<p id="estimate"')  # the fragment alone
    assert "<html" not in content
    assert estimate(content) == expected


def test_a_mode_with_nothing_to_offer_gives_no_estimate(user_client, bank):
    values = {"estimate": "1", "mode": "due", "question_count": "5"}  # nothing is due yet
    content = html(user_client.get("/interviews/", values, HTTP_HX_REQUEST="true"))
    assert estimate(content) == ""
    # Topped up with new questions, it has all three.
    content = html(
        user_client.get("/interviews/", values | {"top_up": "on"}, HTTP_HX_REQUEST="true")
    )
    assert estimate(content) == "About 16 minutes · 3 questions"


def test_the_form_asks_for_the_estimate_only_on_change_and_without_its_tokens(user_client, bank):
    content = html(user_client.get("/interviews/"))
    [tag] = re.findall(r'<p id="estimate"[^>]*>', content)
    assert 'hx-get="/interviews/"' in tag
    # Any change of the form, and typing in the number (once it rests for 300 ms).
    assert (
        'hx-trigger="change from:closest form, '
        'input changed delay:300ms from:[name=question_count]"' in tag
    )
    assert 'hx-params="not csrfmiddlewaretoken,token"' in tag


@pytest.mark.parametrize(
    ("count", "note"),
    [
        ("2", ""),
        ("3", ""),
        ("4", "Only 3 questions are available, not 4."),
        ("250", "An interview has at most 200 questions; 250 is too many."),
    ],
)
def test_a_number_that_cannot_be_met_is_said_beside_the_estimate(user_client, bank, count, note):
    values = {"estimate": "1", "mode": "mix", "question_count": count}
    content = html(user_client.get("/interviews/", values, HTTP_HX_REQUEST="true"))
    assert estimate_note(content) == note
    # Redrawn with the estimate, in its own place under it (out of band).
    assert (
        '<p id="estimate-note" class="estimate-note" aria-live="polite" hx-swap-oob="true">'
        in content
    )


def test_the_note_in_chinese(user, bank):
    client = Client(headers={"accept-language": "zh-hans"})
    client.force_login(user)
    values = {"estimate": "1", "mode": "mix", "question_count": "4"}
    content = html(client.get("/interviews/", values, HTTP_HX_REQUEST="true"))
    assert estimate_note(content) == "只有 3 道题可选，不是 4 道。"


def test_top_up_is_offered_under_due_only_and_ignored_for_other_modes(user, user_client, bank):
    content = html(user_client.get("/interviews/"))
    cells = re.findall(
        r'<div class="mode-cell">(.*?)</div>\s*(?=<div class="mode-cell">|</div>)', content, re.S
    )
    with_top_up = [cell for cell in cells if 'name="top_up"' in cell]
    assert len(with_top_up) == 1 and 'value="due"' in with_top_up[0]
    assert content.count('name="top_up"') == 1
    # "New questions" with top_up sent anyway: the interview is drawn as "new", no top-up.
    response = user_client.post(
        "/interviews/",
        {"token": "t", "mode": "new", "question_count": "1", "top_up": "on"},
    )
    assert response.status_code == 302
    assert Interview.objects.get(user=user).mode == "new"


def test_top_up_is_not_kept_for_a_mode_without_one(user):
    QuestionFactory()
    data = {"token": "t", "mode": "new", "question_count": "1", "top_up": "on"}
    form = StartForm(data, user=user, now=START)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["top_up"] is False
    form = StartForm(data | {"mode": "due"}, user=user, now=START)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["top_up"] is True


def test_each_form_has_fields_of_its_own(user):
    """The start form's fields are copied per form (start_forms.CopiedFields) as Django
    copies them: what one form changes, another never sees."""
    one, two = StartForm(user=user, now=START), StartForm(user=user, now=START)
    assert one["token"].value() != two["token"].value()
    for name, base in StartForm.base_fields.items():
        assert len({id(base), id(one.fields[name]), id(two.fields[name])}) == 3
        assert one.fields[name].widget is not two.fields[name].widget
        one.fields[name].widget.attrs["data-x"] = "1"
        one.fields[name].error_messages["x"] = "x"
        one.fields[name].validators.append(len)
        assert "data-x" not in two.fields[name].widget.attrs | base.widget.attrs
        assert "x" not in two.fields[name].error_messages | base.error_messages
        assert len not in two.fields[name].validators + base.validators


def test_the_topics_and_the_pool_are_read_again_after_every_change_to_the_bank(user_client, bank):
    # Kept per process under the bank's generation (questions/generation.py): a change
    # through the ORM, or one elsewhere that makes a new generation as another server's
    # would, shows on the next page.
    assert topic_counts(html(user_client.get("/interviews/")))["Diffusion"] == "2"
    diffusion = TagFactory(slug="diffusion")
    QuestionFactory(tags=[diffusion], answer_minutes=6)
    assert topic_counts(html(user_client.get("/interviews/")))["Diffusion"] == "3"
    retired = Question.objects.filter(tags=diffusion, answer_minutes=6)
    retired.first().tags.clear()
    assert topic_counts(html(user_client.get("/interviews/")))["Diffusion"] == "2"
    # An update that bypasses the signals, then the new generation it owes (as another
    # process's change would arrive): the page follows the database, not what it kept.
    # Before: the two left in Diffusion, Reinforcement's and the one without a topic.
    assert estimate(html(user_client.get("/interviews/"))) == "About 22 minutes · 4 questions"
    Question.objects.filter(tags=diffusion).update(is_active=False)
    generation.advance()
    content = html(user_client.get("/interviews/"))
    assert topic_counts(content)["Diffusion"] == "0"
    assert estimate(content) == "About 16 minutes · 2 questions"
