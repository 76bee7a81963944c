"""Importing questions in the admin, as an editor does it: upload a CSV, read the preview,
confirm, find the questions in the list."""

import os

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from questions.models import Question

pytestmark = pytest.mark.browser

CSV_TEXT = (
    "slug,title,answer_md,tags,difficulty,answer_minutes,key_points\n"
    'lora-basics,什么是 LoRA？,"LoRA 冻结原权重，只训练低秩矩阵 **A** 和 **B**。",'
    'lora | 低秩适配 | LoRA,2,3,"!低秩\nLow rank\n低秩 | low rank"\n'
    "q01,改写种子题,不会被导入,,,,\n"
    'kv-cache,What does the KV cache save?,"It keeps past keys and values.",,1,2,\n'
)
FIXED = CSV_TEXT.replace("q01,改写种子题,不会被导入,,,,\n", "")
# The README's screenshot is retaken only when asked (SCREENSHOTS=1): tests never rewrite
# files the repository tracks.
SCREENSHOT = settings.BASE_DIR / "docs" / "admin-import-preview.png"


@pytest.fixture
def editor(context, live_server, transactional_db, settings, tmp_path):
    """A staff user signed in to the browser; uploads wait in a temporary media folder."""
    from accounts.models import User

    settings.MEDIA_ROOT = tmp_path
    user = User.objects.create_superuser("editor@example.com", "edit-the-bank-42")
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": session.key, "value": session.value, "url": live_server.url}])
    return user


def choose_file(page, text: str, name="team-bank.csv"):
    page.set_input_files(
        "input[name=file]", {"name": name, "mimeType": "text/csv", "buffer": text.encode()}
    )


def test_upload_preview_confirm(page, live_server, question_bank, editor, browser_log):
    page.goto(f"{live_server.url}/admin/questions/question/", wait_until="load")
    page.get_by_role("link", name="Import questions").click()

    # A row that would overwrite the seed's q01 is refused, and nothing can be confirmed.
    choose_file(page, CSV_TEXT)
    page.get_by_role("button", name="Preview").click()
    rows = page.locator("#import-preview tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(1)).to_contain_text("error")
    expect(rows.nth(1)).to_contain_text("from the source “llm-interview-questions.md”")
    expect(page.get_by_text("1 of 3 rows have problems, so nothing was imported.")).to_be_visible()
    expect(page.get_by_role("button", name="Confirm import")).to_have_count(0)
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=SCREENSHOT)

    # Without it, both rows are new, in the new source named after the file.
    choose_file(page, FIXED)
    page.get_by_role("button", name="Preview").click()
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("new")
    expect(rows.nth(0)).to_contain_text("lora-basics")
    expect(page.get_by_text("Every row belongs to a new source, “team-bank.csv”.")).to_be_visible()
    assert not Question.objects.filter(slug="lora-basics").exists()

    page.get_by_role("button", name="Confirm import").click()
    expect(page.get_by_text("Imported into “team-bank.csv”: 2 created")).to_be_visible()
    page.get_by_role("searchbox").fill("LoRA")
    page.keyboard.press("Enter")
    expect(page.locator("#result_list")).to_contain_text("什么是 LoRA？")
    lora = Question.objects.get(slug="lora-basics")
    assert lora.key_points.as_data()[0]["label_en"] == "Low rank"
    assert Question.objects.get(slug="q01").title != "改写种子题"
    assert browser_log.console_errors == [] and browser_log.page_errors == []


@pytest.mark.parametrize("viewport", [{"width": 375, "height": 800}], ids=["narrow"])
@pytest.mark.parametrize("color_scheme", ["dark"])
def test_the_preview_reads_on_a_phone_in_dark(page, live_server, question_bank, editor):
    page.goto(f"{live_server.url}/admin/questions/question/import/", wait_until="load")
    choose_file(page, CSV_TEXT)
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#import-preview tbody tr")).to_have_count(3)
    width = page.evaluate("document.documentElement.scrollWidth")
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path="/tmp/admin-import-narrow-dark.png", full_page=True)
    assert width <= 375 + 1, "the preview makes the page scroll sideways"
