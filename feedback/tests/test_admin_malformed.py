"""The admin's own POST endpoints (Markdown preview, key-point check and suggestions) take
the malformed-input corpus without a 5xx, and whatever they save is a valid key point."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from questions.keypoints import key_point_problems
from questions.models import KeyPoint
from questions.tests.factories import QuestionFactory
from testsupport.malformed import BAD_VALUES, send

pytestmark = pytest.mark.django_db

ANSWER = "- **PagedAttention**：把 KV cache 分页存放\n- 连续批处理：动态加入新请求"


def endpoints(question):
    """Endpoint name: (URL, a valid request, the fields to corrupt)."""
    row = "key_points-0-"
    suggestion = "form-0-"
    return {
        "preview": (
            reverse("admin:questions_question_markdown_preview", args=["answer_md"]),
            {"answer_md": "**bold**"},
            ["answer_md"],
        ),
        "check": (
            reverse("admin:questions_question_key_points_check"),
            {
                "keypoint_sample": "paging",
                "key_points-TOTAL_FORMS": "1",
                "key_points-INITIAL_FORMS": "0",
                row + "position": "1",
                row + "label_zh": "分页",
                row + "label_en": "Paging",
                row + "alias_text": "paging | 分页",
                row + "essential": "on",
            },
            [
                "keypoint_sample",
                "key_points-TOTAL_FORMS",
                row + "position",
                row + "label_zh",
                row + "alias_text",
                row + "essential",
                row + "DELETE",
            ],
        ),
        "suggest": (
            reverse("admin:questions_question_key_points_suggest", args=[question.pk]),
            {
                "form-TOTAL_FORMS": "1",
                "form-INITIAL_FORMS": "1",
                suggestion + "add": "on",
                suggestion + "label_zh": "分页注意力",
                suggestion + "label_en": "PagedAttention",
                suggestion + "alias_text": "PagedAttention",
                suggestion + "source": "bold",
            },
            [
                "form-TOTAL_FORMS",
                suggestion + "add",
                suggestion + "label_zh",
                suggestion + "alias_text",
                suggestion + "source",
            ],
        ),
    }


FIELD_COUNTS = {"preview": 1, "check": 7, "suggest": 5}
CASES = [
    (endpoint, index, case)
    for endpoint, count in FIELD_COUNTS.items()
    for index in range(count)
    for case in [*BAD_VALUES, "missing", "not-utf8", "json-body"]
]


@pytest.fixture
def admin_client(client):
    """A superuser sharing the factories' one password hash (pytest-django's hashes anew)."""
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(("endpoint", "field_index", "case"), CASES)
def test_admin_endpoints_take_malformed_input_without_a_server_error(
    admin_client, endpoint, field_index, case
):
    question = QuestionFactory(answer_md=ANSWER)
    url, valid, fields = endpoints(question)[endpoint]
    field = fields[field_index]
    response = send(admin_client, url, valid, field, case)
    assert response.status_code < 500, response.content[:300]
    for point in KeyPoint.objects.all():
        assert key_point_problems(point.as_data()) == []
