"""Importing an Anki deck in the admin, as an editor does it: upload an .apkg, read the
preview, import, find the questions (with their figure) in the list."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from banks.tests.factories import NoteSpec, apkg, png
from questions.figures import Figure
from questions.models import Question, Source

pytestmark = pytest.mark.browser

NOTES = [
    NoteSpec(
        "guid-lora",
        ["什么是 LoRA？", 'LoRA 冻结原权重，只训练<b>低秩</b>矩阵。<img src="lora.png">'],
        tags=["fine-tuning"],
    ),
    NoteSpec("guid-kv", ["What does the KV cache save?", "Past keys and values."]),
]


@pytest.fixture
def editor(context, live_server, transactional_db, settings, tmp_path):
    """A staff user signed in to the browser; uploads and figures go to a temporary folder."""
    from accounts.models import User

    settings.MEDIA_ROOT = tmp_path
    user = User.objects.create_superuser("editor@example.com", "edit-the-bank-42")
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": session.key, "value": session.value, "url": live_server.url}])
    return user


def test_upload_preview_import_an_anki_deck(page, live_server, editor, browser_log):
    deck = apkg("anki21", NOTES, media={"lora.png": png(seed=5)})
    page.goto(f"{live_server.url}/admin/questions/question/", wait_until="load")
    page.get_by_role("link", name="Import an Anki deck").click()

    page.set_input_files(
        "input[name=package]",
        {"name": "interview.apkg", "mimeType": "application/zip", "buffer": deck},
    )
    page.get_by_role("button", name="Preview").click()
    rows = page.locator("#import-preview tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("什么是 LoRA？")
    expect(rows.nth(0)).to_contain_text("new")
    expect(rows.nth(1)).to_contain_text("What does the KV cache save?")
    # The preview writes nothing: no question, no source, no figure.
    assert not Question.objects.exists() and not Source.objects.exists()
    assert not Figure.objects.exists()

    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("2 new, 0 changed, 0 unchanged")).to_be_visible()
    expect(page.locator("#result_list")).to_contain_text("什么是 LoRA？")
    expect(page.locator("#result_list")).to_contain_text("What does the KV cache save?")
    lora = Question.objects.get(origin_key="guid-lora")
    figure = Figure.objects.get()
    assert figure.markdown_url in lora.answer_md and "**低秩**" in lora.answer_md
    assert lora.origin.kind == Source.Kind.ANKI

    # The question's page in the admin shows the imported figure in its live preview.
    page.goto(f"{live_server.url}/admin/questions/question/{lora.pk}/change/", wait_until="load")
    image = page.locator(f'img[src="{figure.markdown_url}"]').first
    expect(image).to_be_visible()
    assert image.evaluate("img => img.naturalWidth") == 2
    assert browser_log.console_errors == [] and browser_log.page_errors == []
