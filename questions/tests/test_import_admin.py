"""Import and export in the admin: upload, preview, confirm; staff only; bad files explained."""

import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from accounts.tests.factories import UserFactory
from questions.limits import IMPORT_MAX_BYTES
from questions.models import Question, Source
from testsupport import english_client

IMPORT = "/admin/questions/question/import/"
CONFIRM = "/admin/questions/question/import/confirm/"
CHANGELIST = "/admin/questions/question/"
CSV_TEXT = (
    "slug,title,answer_md,tags,key_points\n"
    'lora,什么是 LoRA？,低秩适配。,lora | 低秩适配 | LoRA,"!低秩\nLow rank\n低秩 | low rank"\n'
    "attention,What is attention?,Weighting.,,\n"
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def staff():
    user = UserFactory(is_staff=True, is_superuser=True)
    client = english_client()
    client.force_login(user)
    return client


def upload(client, content: bytes, name="bank.csv", **fields):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, content), **fields})


def preview_rows(response):
    return [(row.line, row.status, row.slug, row.fields) for row in response.context["report"].rows]


def test_the_changelist_links_to_the_import_page(staff):
    assert IMPORT in staff.get(CHANGELIST).content.decode()
    assert staff.get(IMPORT).status_code == 200


def test_upload_previews_every_row_then_confirm_imports(staff):
    response = upload(staff, CSV_TEXT.encode())
    assert response.status_code == 200
    assert preview_rows(response) == [(2, "new", "lora", []), (3, "new", "attention", [])]
    page = response.content.decode()
    assert "Every row belongs to a new source, “bank.csv”." in page
    assert "Confirm import" in page
    assert not Question.objects.exists()

    response = staff.post(CONFIRM, {"token": response.context["token"]}, follow=True)
    assert (
        "Imported into “bank.csv”: 2 created, 0 updated, 0 unchanged." in response.content.decode()
    )
    lora = Question.objects.get(slug="lora")
    assert lora.origin.key == "table:bank.csv"
    assert [tag.slug for tag in lora.tags.all()] == ["lora"]
    assert lora.key_points.as_data()[0]["aliases"] == [["低秩", "low rank"]]

    again = upload(staff, CSV_TEXT.replace("Weighting.", "Weights.").encode())
    assert again.context["source_exists"]
    assert preview_rows(again) == [
        (2, "unchanged", "lora", []),
        (3, "changed", "attention", ["answer_md"]),
    ]


def test_a_token_is_used_once_and_only_by_its_staff_member(staff):
    token = upload(staff, CSV_TEXT.encode()).context["token"]
    other = english_client()
    other.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = other.post(CONFIRM, {"token": token}, follow=True)
    assert "This preview has expired" in response.content.decode()
    staff.post(CONFIRM, {"token": token})
    assert Question.objects.count() == 2
    response = staff.post(CONFIRM, {"token": token}, follow=True)
    assert "This preview has expired" in response.content.decode()
    assert staff.post(CONFIRM, {"token": "forged"}).status_code == 302


def test_an_error_row_shows_its_row_and_field_and_offers_no_confirm(staff):
    call_command("load_question_bank", stdout=StringIO())
    response = upload(staff, b"slug,title,answer_md,difficulty\nq01,Mine,x,\nnew,New,y,9\n")
    assert preview_rows(response) == [
        (2, "error", "q01", ["slug"]),
        (3, "error", "new", ["difficulty"]),
    ]
    page = response.content.decode()
    assert "2 of 2 rows have problems, so nothing was imported." in page
    assert "from the source “llm-interview-questions.md”" in page
    assert "Confirm import" not in page
    assert Question.objects.count() == 31


def test_choosing_the_seed_source_updates_its_questions(staff):
    call_command("load_question_bank", stdout=StringIO())
    seed = Source.objects.get()
    response = upload(staff, b"slug,title,answer_md\nq01,New title,New answer\n", source=seed.pk)
    assert preview_rows(response) == [(2, "changed", "q01", ["answer_md", "title"])]
    assert "the existing source “llm-interview-questions.md”" in response.content.decode()
    staff.post(CONFIRM, {"token": response.context["token"]})
    assert Question.objects.get(slug="q01").title == "New title"
    assert Question.objects.get(slug="q01").origin == seed


MARKDOWN = "# 1. 新问题\n\n答案\n\n# 2. Another\n\nAnswer\n"


def test_markdown_upload_previews_created_then_imports_into_its_own_source(staff):
    call_command("load_question_bank", stdout=StringIO())
    response = upload(staff, MARKDOWN.encode(), name="extra.md", source_name="Extra bank")
    assert preview_rows(response) == [
        (1, "new", "extra-bank-q01", []),
        (5, "new", "extra-bank-q02", []),
    ]
    assert ">Line<" in response.content.decode()
    staff.post(CONFIRM, {"token": response.context["token"]})
    assert Source.objects.get(key="markdown:Extra bank").questions.count() == 2
    assert Question.objects.get(slug="q01").origin.key == "markdown:llm-interview-questions.md"


def test_malformed_markdown_names_its_lines(staff):
    response = upload(staff, b"# 1. Fine\n\nok\n\n# no number\n\n# 3.\n", name="bad.md")
    page = response.content.decode()
    assert "line 5: a question heading must look like" in page
    assert "line 7: the question has a number but no title" in page
    assert "Confirm import" not in page


BAD_UPLOADS = {
    "GBK csv": ("slug,title,answer_md\na,注意力,答案\n".encode("gbk"), "bank.csv", "GBK"),
    "GBK markdown": ("# 1. 注意力\n\n答案\n".encode("gbk"), "bank.md", "GBK"),
    "csv as markdown": (CSV_TEXT.encode(), "bank.md", "This looks like a table"),
    "missing columns": (b"slug,question\na,b\n", "bank.csv", "missing columns: title, answer_md"),
    "duplicate slugs": (b"slug,title,answer_md\na,A,x\na,B,y\n", "bank.csv", "appears twice"),
    "no questions": (b"\n", "bank.md", "The file holds no questions"),
    "unknown extension": (b"x", "bank.docx", "Choose the file&#x27;s format"),
    "xlsx that is not": (b"slug,title\n", "bank.xlsx", "This is not an XLSX workbook"),
}


@pytest.mark.parametrize(
    ("content", "name", "message"), BAD_UPLOADS.values(), ids=BAD_UPLOADS.keys()
)
def test_a_bad_file_gets_a_clear_message_never_a_500(staff, content, name, message):
    response = upload(staff, content, name=name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Confirm import" not in response.content.decode()
    assert not Question.objects.exists()


def test_a_file_over_the_limit_is_refused_stating_the_limit(staff, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = None
    response = upload(staff, b"x" * (IMPORT_MAX_BYTES + 1))
    assert "the limit is 5.0\xa0MB" in response.content.decode()


def test_only_staff_may_import():
    client = english_client()
    client.force_login(UserFactory())
    assert client.get(IMPORT).status_code == 302  # to the admin's login
    staff_without_rights = english_client()
    staff_without_rights.force_login(UserFactory(is_staff=True))
    assert staff_without_rights.get(IMPORT).status_code == 403


@pytest.mark.parametrize("action", ["export_csv", "export_xlsx", "export_json", "export_markdown"])
def test_export_actions_download_the_selection(staff, action):
    call_command("load_question_bank", stdout=StringIO())
    chosen = Question.objects.filter(slug__in=["q01", "q02"]).values_list("pk", flat=True)
    response = staff.post(CHANGELIST, {"action": action, "_selected_action": list(chosen)})
    assert response.status_code == 200
    assert 'attachment; filename="questions.' in response["Content-Disposition"]
    if action == "export_json":
        assert [row["slug"] for row in json.loads(response.content)] == ["q01", "q02"]
    if action == "export_markdown":
        assert response.content.decode().count("\n# ") == 2
    if action == "export_csv":
        assert response.content.startswith("\ufeffslug,".encode())
