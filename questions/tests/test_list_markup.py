"""The bank list's rows built in Python (questions/rows.py, practice/bank_rows.py,
banks/rows.py) send the markup the template loop they replaced rendered: byte for byte,
escaped the same way, in each language, for a visitor and for a reader with every status,
a star and a basket, with hostile text in titles, topic names and the page's address."""

from datetime import datetime, timedelta
from types import SimpleNamespace
from uuid import uuid4

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.utils import timezone, translation

from banks.services.basket import basket_add
from practice.tests.factories import CardFactory
from questions.extensions import list_extensions, question_slots
from questions.models import Question, related_for_display
from questions.rows import listing_for
from questions.tests.factories import QuestionFactory, TagFactory
from testsupport import START
from testsupport.markup import tokens

# The templates as they were before they moved to Python (the star and the basket's toggle
# are still templates of their own, which the views of those buttons render).
RELATED_NOTE = Template(
    "{% load i18n %}{% comment %}\nA note.\n{% endcomment %}{% with related=question.related.all"
    ' %}{% if related %}<span class="related-note">{% translate "Related:" %}{% for other in'
    ' related %} <a href="{{ other.get_absolute_url }}" title="{{ other.title }}">'
    '{% blocktranslate with number=other.number|stringformat:"02d" %}Q{{ number }}'
    "{% endblocktranslate %}</a>{% endfor %}</span>{% endif %}{% endwith %}"
)
QUESTION_STATUS = Template(
    "{% load i18n tz interview_tags once %}{% comment %}\nThe status.\n{% endcomment %}"
    "{% get_current_timezone as TZ %}{% once question.status card.due card.last_rating TZ %}"
    '<div class="question-status">\n'
    '  {% if question.status == "new" %}<span class="badge badge-new">{% translate "New" %}'
    "</span>\n"
    '  {% elif question.status == "due" %}<span class="badge badge-due">{% translate "Due" %}'
    "</span>\n"
    '  {% elif question.status == "scheduled" %}<span class="badge" title="{% translate'
    ' \'Next review\' %}">{% blocktranslate with date=card.due|date:"m-d" %}Next {{ date }}'
    "{% endblocktranslate %}</span>\n"
    "  {% endif %}\n"
    '  {% if card.last_rating %}<span class="rating-pill rating-{{ card.last_rating }}"'
    " title=\"{% translate 'Last rating' %}\">{{ card.last_rating }} · "
    "{{ card.get_last_rating_display }}</span>{% endif %}\n"
    '  {% endonce %}{% include "practice/_star.html" %}\n'
    "</div>\n"
)
LOOP = Template(
    "{% load i18n once %}\n"
    "    {% get_current_language as LANG %}\n"
    "    {% for question in page.object_list %}\n"
    '    <li class="question-row">\n'
    '      <span class="qnum">{{ question.number|stringformat:"02d" }}</span>\n'
    "      {% once question.listing_key %}\n"
    '      <div class="question-main">\n'
    '        <a class="question-title" href="{{ question.get_absolute_url }}">'
    "{{ question.title }}</a>\n"
    "        {% include related_note %}\n"
    '        {% include "questions/_question_meta.html" %}\n'
    "      </div>\n"
    "      {% endonce %}\n"
    "      {% if user.is_authenticated %}{% include question_status with card=question.card %}"
    "{% endif %}\n"
    "      {% for slot in question_slots %}{% if slot.row_template %}"
    "{% include slot.row_template %}{% endif %}{% endfor %}\n"
    "    </li>\n"
    "    {% endfor %}\n  "
)
NEW = Template("{% load question_list %}{% question_rows %}")

HOSTILE = "<script>alert(\"x\")</script> & 'q' {{ b }} %(number)s"


@pytest.fixture
def bank(db):
    """Questions of every kind a row shows: topics with hostile names, related questions
    (one retired), hostile titles, every difficulty, odd minutes and numbers."""
    hostile_tag = TagFactory(slug="xss", name_zh=f"主题{HOSTILE}", name_en=f"Topic {HOSTILE}")
    plain_tag = TagFactory(slug="llm", name_zh="大模型", name_en="LLMs & co")
    questions = [
        QuestionFactory(number=1, title=HOSTILE, tags=[hostile_tag, plain_tag], difficulty=1),
        QuestionFactory(number=7, title="注意力 <b>", tags=[plain_tag], answer_minutes=1),
        QuestionFactory(number=123, slug="s-3", difficulty=3, answer_minutes=30),
        QuestionFactory(number=4, title=f"related {HOSTILE}"),
        QuestionFactory(number=5),
        QuestionFactory(number=6),
        QuestionFactory(number=8),
    ]
    retired = QuestionFactory(number=9, is_active=False)
    questions[0].related.add(questions[3], questions[1], retired)
    return questions


def rendered(user, questions, path: str, *, csrf_token="tok3n"):
    """The old loop and the new rows for this reader, in one context as the view builds it."""
    request = RequestFactory().get(path)
    request.user = user
    now = START
    page = list(
        Question.objects.filter(pk__in=[q.pk for q in questions])
        .for_listing()
        .prefetch_related("tags", related_for_display())
    )
    for question in page:
        question.listing_key = f"{question.pk}:{uuid4()}"  # rendered afresh
    extensions = list_extensions(user)
    for extension in extensions:
        extension.annotate(page, user=user, now=now)
    slots, slot_context = question_slots(user, page)
    context = {
        "request": request,
        "user": user,
        "csrf_token": csrf_token,
        "page": SimpleNamespace(object_list=page),
        "bank_url": "/questions/",
        "question_slots": slots,
        "listing": listing_for([question.pk for question in page]),
        "row_extensions": [extension for extension in extensions if extension.row_pieces],
        "related_note": RELATED_NOTE,
        "question_status": QUESTION_STATUS,
        **slot_context,
    }
    old = LOOP.render(Context(context))
    new = NEW.render(Context(context))
    assert NEW.render(Context(context)) == new  # kept rows, the same
    return old, new


def reader_with_everything(questions):
    """A reader with a question new, seen, due, scheduled (late in the evening, so the day
    depends on the time zone), rated, starred, and some in the basket."""
    card = CardFactory(question=questions[1], starred=True)
    user = card.user
    CardFactory(user=user, question=questions[2], first_seen_at=START)
    CardFactory(user=user, question=questions[3], scheduled=True, due=START - timedelta(hours=1))
    late = datetime(2025, 3, 9, 23, 30, tzinfo=timezone.get_fixed_timezone(0))
    CardFactory(user=user, question=questions[4], scheduled=True, due=late, last_rating=1)
    CardFactory(user=user, question=questions[5], scheduled=True, due=late, starred=True)
    for question in (questions[0], questions[5]):
        basket_add(user=user, question=question, now=START)
    return user


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("zone", ["Asia/Shanghai", "UTC"])
@pytest.mark.parametrize(
    "path", ["/questions/", '/questions/?q=<script>"x"&tag=a&page=2', "/questions/?q=%25s"]
)
def test_the_rows_are_the_loop_they_replaced(bank, language, zone, path):
    from django.contrib.auth.models import AnonymousUser

    user = reader_with_everything(bank)
    with translation.override(language), timezone.override(zone):
        for reader in (user, AnonymousUser()):
            old, new = rendered(reader, bank, path)
            assert "question-row" in new
            assert new == old
    assert "basket-toggle" in new or reader.is_anonymous


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_status_and_button_shows(bank, language):
    user = reader_with_everything(bank)
    with translation.override(language), timezone.override("UTC"):
        old, new = rendered(user, bank, "/questions/")
    assert new == old
    for piece in ("badge-new", "badge-due", "rating-pill rating-1", 'aria-pressed="true"'):
        assert piece in new
    assert "&lt;script&gt;" in new and "<script>" not in new
    assert new.count("related-note") == 3  # both ways; the retired one in none


def test_without_a_csrf_token_the_forms_have_no_token_field(bank):
    user = reader_with_everything(bank)
    with translation.override("en"):
        old, new = rendered(user, bank, "/questions/", csrf_token="NOTPROVIDED")
    assert new == old and "csrfmiddlewaretoken" not in new


def test_a_slot_without_pieces_of_its_own_renders_its_row_template(bank, monkeypatch):
    from questions import extensions

    user = reader_with_everything(bank)
    plain = [
        extensions.QuestionSlot(slot.name, slot.annotate, slot.row_template)
        for slot in extensions._question_slots
    ]
    monkeypatch.setattr(extensions, "_question_slots", plain)
    with translation.override("en"):
        old, new = rendered(user, bank, "/questions/")
    assert new == old and "basket-toggle" in new


def test_a_kept_row_changes_with_what_it_shows(bank):
    from django.contrib.auth.models import AnonymousUser

    with translation.override("en"):
        rendered(AnonymousUser(), bank, "/questions/")
        bank[1].title = "A new title"
        bank[1].save()
        bank[2].tags.add(TagFactory(slug="new-topic", name_en="New topic"))
        bank[4].related.add(bank[5])
        old, new = rendered(AnonymousUser(), bank, "/questions/")
    assert new == old
    for shown in ("A new title", "New topic", "/questions/question-"):
        assert shown in new


def test_the_pieces_kept_on_the_page_follow_what_they_show(user_client, user, clock):
    """The heading and form, the basket's badge and the pagination are kept ({% once %})
    under what they show: a second visit is the same page, a changed count or page is not."""
    questions = [QuestionFactory(number=n) for n in range(1, 26)]
    first = user_client.get("/questions/").content.decode()
    assert user_client.get("/questions/").content.decode().count("basket-count") == 1
    basket_add(user=user, question=questions[0], now=START)
    second = user_client.get("/questions/").content.decode()
    assert '<span class="basket-count">0</span>' in first
    assert '<span class="basket-count">1</span>' in second
    assert 'rel="next"' in first and 'rel="prev"' not in first
    later = user_client.get("/questions/?page=2").content.decode()
    assert 'rel="prev"' in later and 'rel="next"' not in later
    assert "filters-personal" in first
    assert "filters-personal" not in Client().get("/questions/").content.decode()


def test_a_visitors_list_sets_no_csrf_cookie_and_a_readers_rows_share_the_pages_token(
    user_client,
):
    """A visitor's rows have no forms, so the list (a search as htmx sends it, say) reads no
    CSRF token and sets no cookie; a reader's star forms carry the page's one token."""
    for number in range(1, 4):
        QuestionFactory(number=number)
    visitor = Client().get("/questions/?q=a", HTTP_HX_REQUEST="true")
    assert visitor.status_code == 200
    assert "csrftoken" not in visitor.cookies
    page = user_client.get("/questions/").content.decode()
    assert page.count('class="star-form"') == 3
    assert len(tokens(page)) == 1
