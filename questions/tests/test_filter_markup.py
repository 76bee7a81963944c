"""The bank list's filter fields built in Python (questions/filter_html.py) send the markup
the form's widget templates rendered: byte for byte, in each language, for a visitor and a
reader (with the status field), with chosen, missing, wrong and hostile values."""

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.utils import translation

from accounts.tests.factories import UserFactory
from questions.extensions import list_extensions
from questions.forms import QuestionFilterForm
from questions.models import Tag
from questions.tests.factories import TagFactory
from testsupport import START

# The fields as the list's template had them before they moved to Python.
OLD = Template(
    "{% load core_tags %}"
    '<div class="field field-search">\n'
    '    <label for="{{ form.q.id_for_label }}">{{ form.q.label }}</label>\n'
    "    {{ form.q }}\n"
    "  </div>\n"
    '  <div class="field">\n'
    '    <label for="{{ form.tag.id_for_label }}">{{ form.tag.label }}</label>\n'
    "    {{ form.tag|select_html }}\n"
    "  </div>\n"
    '  <div class="field">\n'
    '    <label for="{{ form.difficulty.id_for_label }}">{{ form.difficulty.label }}</label>\n'
    "    {{ form.difficulty|select_html }}\n"
    "  </div>\n"
    "  {% if form.status %}\n"
    '  <div class="field">\n'
    '    <label for="{{ form.status.id_for_label }}">{{ form.status.label }}</label>\n'
    "    {{ form.status|select_html }}\n"
    "  </div>\n"
    "  {% endif %}\n  "
    "{% if form.status %}personal{% endif %}"
)
NEW = Template(
    "{% load question_list %}{% filter_fields form %}{% if form.fields.status %}personal{% endif %}"
)
HOSTILE = "<script>alert(\"x\")</script> & 'q' {{ x }} %s"

QUERIES = [
    None,
    {},
    {"q": "注意力", "tag": "llm", "difficulty": "3", "status": "due"},
    {"q": HOSTILE, "tag": HOSTILE, "difficulty": HOSTILE, "status": HOSTILE},
    {"q": "", "tag": "", "difficulty": "", "status": ""},
    {"tag": "xss", "difficulty": "9", "status": "starred"},
    {"q": "x" * 201, "tag": "nope", "difficulty": "1", "status": "new"},
    {"q": HOSTILE, "tag": "xss", "difficulty": "2", "status": "due"},
    {"q": "  ", "difficulty": "1"},
]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("signed_in", [False, True])
def test_the_fields_are_the_widgets_they_replaced(language, query, signed_in):
    TagFactory(slug="llm", name_zh="大模型", name_en="LLMs & co")
    TagFactory(slug="xss", name_zh=f"主题{HOSTILE}", name_en=f"Topic {HOSTILE}")
    user = UserFactory() if signed_in else AnonymousUser()
    with translation.override(language):
        form = QuestionFilterForm(query, extensions=list_extensions(user), user=user, now=START)
        if form.is_bound:
            form.is_valid()
        old = OLD.render(Context({"form": form}))
        new = NEW.render(Context({"form": form}))
        again = NEW.render(Context({"form": form}))  # kept
    assert new == old and again == old
    assert ("personal" in new) == signed_in
    assert "<script>" not in new


@pytest.mark.django_db
def test_the_topics_are_read_afresh(django_assert_num_queries):
    form = QuestionFilterForm(None)
    with django_assert_num_queries(1):
        assert "Later" not in NEW.render(Context({"form": form}))
    TagFactory(slug="later", name_zh="后来", name_en="Later")
    form = QuestionFilterForm(None)  # the next request's (a form reads its topics once)
    with translation.override("en"), django_assert_num_queries(1):
        assert "Later" in NEW.render(Context({"form": form}))


@pytest.mark.django_db
def test_kept_fields_follow_the_values_sent_the_errors_and_the_language():
    TagFactory(slug="llm", name_zh="大模型", name_en="LLMs")
    seen = set()
    for language in ("zh-hans", "en"):
        for query in ({"difficulty": "2"}, {"difficulty": "3"}, {"difficulty": "x"}, None):
            with translation.override(language):
                form = QuestionFilterForm(query)
                if form.is_bound:
                    form.is_valid()
                html = NEW.render(Context({"form": form}))
                assert html == OLD.render(Context({"form": form}))
                seen.add(html)
    assert len(seen) == 8


@pytest.mark.django_db
def test_a_search_text_or_a_refused_value_is_never_kept():
    """What a visitor can vary without end (the search text, a value the form refuses) is
    never kept, so ever new values cannot fill the store: the fields beside a search text
    are kept without it, refused values are built each time; chosen topics and
    difficulties are kept."""
    from questions import filter_html

    TagFactory(slug="llm", name_zh="大模型", name_en="LLMs")
    filter_html._kept.clear()
    for number in range(5):
        for query in ({"q": f"needle {number}"}, {"tag": f"no-such-topic-{number}"}):
            form = QuestionFilterForm(query)
            form.is_valid()
            assert NEW.render(Context({"form": form})) == OLD.render(Context({"form": form}))
    assert len(filter_html._kept) == 1  # the fields beside any search text
    assert not any("needle" in html for html in filter_html._kept.values())
    assert not any("needle" in html for html in filter_html._search_boxes.values())
    form = QuestionFilterForm({"tag": "llm", "difficulty": "2"})
    form.is_valid()
    NEW.render(Context({"form": form}))
    assert len(filter_html._kept) == 2


class _BeforeForm(forms.Form):
    """The topic field as it was: a ModelChoiceField that queries the slug itself."""

    tag = forms.ModelChoiceField(queryset=Tag.objects.all(), to_field_name="slug", required=False)


@pytest.mark.django_db
@pytest.mark.parametrize("sent", ["llm", "LLM", "nope", "", " llm", HOSTILE, "a\x00b", None])
def test_the_topic_is_found_as_the_model_choice_field_found_it(sent):
    """The form finds the topic among the topics it read; what it accepts, what it refuses
    and what it says then are what the field's own query gave."""
    llm = TagFactory(slug="llm", name_zh="大模型", name_en="LLMs")
    data = {} if sent is None else {"tag": sent}
    form, before = QuestionFilterForm(data), _BeforeForm(data)
    assert form.is_valid() == before.is_valid()
    assert form.errors.get("tag") == before.errors.get("tag")
    if before.is_valid():
        found = form.cleaned_data["tag"]
        assert found == before.cleaned_data["tag"]
        if found is not None:
            assert (found.pk, found.slug) == (llm.pk, llm.slug)
