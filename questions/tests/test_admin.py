"""Editors manage the question bank through the Django admin."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from interview.tests.factories import UserFactory, interview_with
from questions import generation
from questions.markdown import MARKDOWN_MAX_CHARS, render_markdown
from questions.models import Question
from questions.tests.factories import QuestionFactory, TagFactory

CHANGELIST = "/admin/questions/question/"

pytestmark = pytest.mark.django_db


class _StartTags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def start_tags(response, tag, **attrs) -> list[dict]:
    """The attributes of each `tag` element of the page that has all of `attrs`."""
    parser = _StartTags()
    parser.feed(response.content.decode())
    return [
        found
        for name, found in parser.tags
        if name == tag and all(found.get(key) == value for key, value in attrs.items())
    ]


def preview_of(response, field_name) -> str:
    """The preview's HTML as the page shows it."""
    html = response.content.decode()
    start = html.index(f'id="id_{field_name}_preview">') + len(f'id="id_{field_name}_preview">')
    return html[start : html.index("</div></section>", start)]


def shown_slugs(response):
    return sorted(question.slug for question in response.context["cl"].result_list)


def test_question_changelist_lists_questions(admin_client):
    QuestionFactory(title="什么是 LoRA？")
    response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    assert "什么是 LoRA？" in response.content.decode()


def test_question_changelist_search_looks_in_answers(admin_client):
    QuestionFactory(slug="forgetting", answer_md="这种现象被称为灾难性遗忘。")
    QuestionFactory(slug="oom", answer_md="减小批量大小。")
    response = admin_client.get(CHANGELIST, {"q": "灾难性遗忘"})
    assert shown_slugs(response) == ["forgetting"]


def test_question_changelist_filters_by_tag(admin_client):
    diffusion = TagFactory(slug="diffusion")
    QuestionFactory(slug="sd", tags=[diffusion])
    QuestionFactory(slug="ppo", tags=[TagFactory(slug="rl")])
    response = admin_client.get(CHANGELIST, {"tags__id__exact": diffusion.pk})
    assert shown_slugs(response) == ["sd"]


def change_url(question):
    return reverse("admin:questions_question_change", args=[question.pk])


def preview_url(field_name="answer_md"):
    return reverse("admin:questions_question_markdown_preview", args=[field_name])


def test_change_page_edits_markdown_beside_a_preview_of_it(admin_client):
    question = QuestionFactory(answer_md="答案里有 **重点** 和 `code`。")
    response = admin_client.get(change_url(question))
    assert response.status_code == 200
    [source] = start_tags(response, "textarea", name="answer_md")
    assert source["hx-post"] == preview_url("answer_md")
    assert source["hx-trigger"].startswith("input changed delay:")
    assert source["hx-target"] == "#id_answer_md_preview"
    assert source["hx-params"] == "answer_md,csrfmiddlewaretoken"
    assert "md-source" in source["class"]  # monospaced and tall in admin.css
    [preview] = start_tags(response, "div", id="id_answer_md_preview")
    assert preview["class"] == "md-preview prose"  # the site's Markdown styles
    assert preview_of(response, "answer_md") == (
        "<p>答案里有 <strong>重点</strong> 和 <code>code</code>。</p>\n"
    )
    assert start_tags(
        response,
        "div",
        id="id_supplement_md_preview",
        **{
            "class": (
                "md-preview prose supplement"  # styled as the site shows an editor's addition
            )
        },
    )
    stylesheets = {link["href"] for link in start_tags(response, "link", rel="stylesheet")}
    assert {"/static/css/prose.css", "/static/css/code.css", "/static/css/admin.css"} <= (
        stylesheets
    )
    scripts = {script.get("src", "") for script in start_tags(response, "script")}
    assert "/static/django_htmx/htmx-2.min.js" in scripts  # our own copy, no CDN


def test_preview_renders_unsaved_markdown_as_the_site_would(admin_client):
    response = admin_client.post(
        preview_url(), {"answer_md": "- **KV cache**\n- <script>alert(1)</script>"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<li><strong>KV cache</strong></li>" in html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_previews_of_unsaved_text_do_not_fill_the_rendering_cache(admin_client):
    before = render_markdown.cache_info().currsize
    for length in range(1, 6):
        admin_client.post(preview_url(), {"answer_md": "typing" * length})
    assert render_markdown.cache_info().currsize == before


def test_preview_of_the_editors_addition_reads_its_own_field(admin_client):
    response = admin_client.post(
        preview_url("supplement_md"), {"answer_md": "*not this*", "supplement_md": "*this*"}
    )
    assert response.content.decode() == "<p><em>this</em></p>\n"


def test_preview_refuses_text_beyond_the_limit(admin_client):
    response = admin_client.post(
        preview_url(), {"answer_md": "x" * (MARKDOWN_MAX_CHARS + 1)}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 422
    assert f"at most {MARKDOWN_MAX_CHARS} characters" in response.content.decode()


def test_preview_knows_only_the_markdown_fields(admin_client):
    assert admin_client.post(preview_url("title"), {"title": "x"}).status_code == 404


def test_preview_is_a_post(admin_client):
    assert admin_client.get(preview_url()).status_code == 405


def test_preview_needs_the_csrf_token(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    assert client.post(preview_url(), {"answer_md": "x"}).status_code == 403


def test_preview_is_for_staff_only(client):
    anonymous = client.post(preview_url(), {"answer_md": "x"})
    assert anonymous.status_code == 302
    assert "<p>" not in anonymous.content.decode()
    client.force_login(UserFactory())
    signed_in = client.post(preview_url(), {"answer_md": "x"})
    assert signed_in.status_code in (302, 403)
    assert "<p>x</p>" not in signed_in.content.decode()


def test_a_failed_save_previews_the_text_that_was_sent(admin_client):
    question = QuestionFactory(answer_md="saved")
    form = admin_client.get(change_url(question)).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data |= {"tags": [], "answer_minutes": "99", "answer_md": "**unsaved**"}
    response = admin_client.post(change_url(question), data)
    assert response.status_code == 200  # answer_minutes is out of range
    assert preview_of(response, "answer_md") == "<p><strong>unsaved</strong></p>\n"


def test_markdown_longer_than_the_limit_is_not_saved(admin_client):
    question = QuestionFactory(answer_md="saved")
    form = admin_client.get(change_url(question)).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data |= {"tags": [], "answer_md": "x" * (MARKDOWN_MAX_CHARS + 1)}
    response = admin_client.post(change_url(question), data)
    assert response.status_code == 200
    question.refresh_from_db()
    assert question.answer_md == "saved"


@pytest.mark.parametrize(
    ("action", "before", "after"), [("activate", False, True), ("deactivate", True, False)]
)
def test_bulk_actions_switch_questions_on_and_off(admin_client, action, before, after):
    chosen = QuestionFactory.create_batch(2, is_active=before)
    untouched = QuestionFactory(is_active=before)
    bank = generation.current()
    response = admin_client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [question.pk for question in chosen]},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    for question in chosen:
        question.refresh_from_db()
        assert question.is_active is after
    untouched.refresh_from_db()
    assert untouched.is_active is before
    assert [str(message) for message in response.context["messages"]] == [f"2 questions {action}d."]
    # The update sends no signals; the action makes the new generation itself, so what the
    # start page keeps of the bank is read again (questions/generation.py).
    assert generation.current() != bank


def test_tag_changelist_counts_questions(admin_client):
    tag = TagFactory(slug="fine-tuning", name_en="Fine-tuning")
    QuestionFactory.create_batch(3, tags=[tag])
    response = admin_client.get("/admin/questions/tag/")
    assert response.status_code == 200
    [listed] = response.context["cl"].result_list
    assert listed.num_questions == 3


PROTECTED = "cannot be deleted"


def test_the_change_page_of_a_question_in_history_does_not_warn_about_deleting(admin_client):
    question = QuestionFactory()
    interview_with(UserFactory(), [question], now=timezone.now())
    change = admin_client.get(change_url(question), HTTP_ACCEPT_LANGUAGE="en")
    assert PROTECTED not in change.content.decode()


def test_deleting_a_question_in_history_is_refused_and_the_delete_page_says_why(admin_client):
    question = QuestionFactory()
    interview_with(UserFactory(), [question], now=timezone.now())
    delete_url = reverse("admin:questions_question_delete", args=[question.pk])
    page = admin_client.get(delete_url, HTTP_ACCEPT_LANGUAGE="en")
    assert PROTECTED in page.content.decode()
    delete = admin_client.post(delete_url, {"post": "yes"}, HTTP_ACCEPT_LANGUAGE="en")
    assert delete.status_code == 200  # Django shows the protected objects instead
    assert PROTECTED in delete.content.decode()
    assert Question.objects.filter(pk=question.pk).exists()


def test_the_bulk_delete_action_says_why_questions_in_history_stay(admin_client):
    used, unused = QuestionFactory(), QuestionFactory()
    interview_with(UserFactory(), [used], now=timezone.now())
    response = admin_client.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [used.pk, unused.pk]},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert PROTECTED in response.content.decode()
    assert Question.objects.filter(pk__in=[used.pk, unused.pk]).count() == 2


def test_deleting_an_unused_question_says_nothing_about_history(admin_client):
    question = QuestionFactory()
    delete_url = reverse("admin:questions_question_delete", args=[question.pk])
    page = admin_client.get(delete_url, HTTP_ACCEPT_LANGUAGE="en")
    assert PROTECTED not in page.content.decode()
    admin_client.post(delete_url, {"post": "yes"})
    assert not Question.objects.filter(pk=question.pk).exists()


def test_interviews_are_read_only_in_the_admin(admin_client):
    interview = interview_with(UserFactory(), [QuestionFactory()], now=timezone.now())
    listing = admin_client.get(reverse("admin:interview_interview_changelist"))
    assert listing.status_code == 200
    page = admin_client.get(reverse("admin:interview_interview_change", args=[interview.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert admin_client.get(reverse("admin:interview_interview_add")).status_code == 403
