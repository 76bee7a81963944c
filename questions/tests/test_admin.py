"""Editors manage the question bank through the Django admin."""

import pytest
from django.urls import reverse
from django.utils import timezone

from interview.tests.factories import UserFactory, interview_with
from questions.models import Question
from questions.tests.factories import QuestionFactory, TagFactory

CHANGELIST = "/admin/questions/question/"

pytestmark = pytest.mark.django_db


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


def test_change_page_previews_the_rendered_answer(admin_client):
    question = QuestionFactory(answer_md="答案里有 **重点** 和 `code`。")
    response = admin_client.get(f"{CHANGELIST}{question.pk}/change/")
    content = response.content.decode()
    assert response.status_code == 200
    preview = content[content.index('<div class="md-preview">') :]
    assert preview.startswith(
        '<div class="md-preview"><p>答案里有 <strong>重点</strong> 和 <code>code</code>。</p>'
    )


@pytest.mark.parametrize(
    ("action", "before", "after"), [("activate", False, True), ("deactivate", True, False)]
)
def test_bulk_actions_switch_questions_on_and_off(admin_client, action, before, after):
    chosen = QuestionFactory.create_batch(2, is_active=before)
    untouched = QuestionFactory(is_active=before)
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


def test_tag_changelist_counts_questions(admin_client):
    tag = TagFactory(slug="fine-tuning", name_en="Fine-tuning")
    QuestionFactory.create_batch(3, tags=[tag])
    response = admin_client.get("/admin/questions/tag/")
    assert response.status_code == 200
    [listed] = response.context["cl"].result_list
    assert listed.num_questions == 3


def test_a_question_in_history_cannot_be_deleted_and_the_admin_says_so(admin_client):
    question = QuestionFactory()
    interview_with(UserFactory(), [question], now=timezone.now())
    change = admin_client.get(
        reverse("admin:questions_question_change", args=[question.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "cannot be deleted" in change.content.decode()
    delete = admin_client.post(
        reverse("admin:questions_question_delete", args=[question.pk]), {"post": "yes"}
    )
    assert delete.status_code == 200  # Django shows the protected objects instead
    assert Question.objects.filter(pk=question.pk).exists()


def test_interviews_are_read_only_in_the_admin(admin_client):
    interview = interview_with(UserFactory(), [QuestionFactory()], now=timezone.now())
    listing = admin_client.get(reverse("admin:interview_interview_changelist"))
    assert listing.status_code == 200
    page = admin_client.get(reverse("admin:interview_interview_change", args=[interview.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert admin_client.get(reverse("admin:interview_interview_add")).status_code == 403
