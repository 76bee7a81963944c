"""The Anki pages: the admin's import (upload → preview → confirm) and the downloads."""

import io
import os
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from banks.anki import limits
from banks.tests.anki_decks import BASIC, NoteSpec, NoteTypeSpec, apkg, open_package, png
from practice.tests.factories import CardFactory
from questions.models import Question, Source
from questions.tests.factories import QuestionFactory, TagFactory

UPLOAD = reverse("banks:anki_import")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def staff_client(login, admin_user):
    return login(admin_user)


def _upload(client, data: bytes, name="deck.apkg"):
    return client.post(UPLOAD, {"package": SimpleUploadedFile(name, data)})


def _deck():
    notes = [
        NoteSpec("g1", ["What is attention?", "Weights.<img src='a.png'>"], tags=["llm"]),
        NoteSpec("g2", ["What is RAG?", "Retrieval.[sound:x.mp3]"]),
    ]
    return apkg("anki21b", notes, media={"a.png": png(3), "x.mp3": b"ID3"})


@pytest.mark.django_db
def test_only_staff_reach_the_import(client, user_client):
    for visitor in (client, user_client):
        response = visitor.get(UPLOAD)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_upload_preview_confirm(staff_client):
    response = _upload(staff_client, _deck())
    assert response.status_code == 302
    preview_url = response["Location"]

    preview = staff_client.get(preview_url)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "What is attention?" in page and "2 new, 0 changed" in page
    assert "x.mp3" in page  # audio is named as not imported
    assert not Question.objects.exists()

    done = staff_client.post(preview_url)
    assert done.status_code == 302
    assert done["Location"] == reverse("admin:questions_question_changelist")
    assert Question.objects.filter(origin__kind=Source.Kind.ANKI).count() == 2
    assert staff_client.get(preview_url).status_code == 302  # the upload is gone


@pytest.mark.django_db
def test_a_preview_left_waiting_for_a_day_is_deleted_by_the_next_upload(staff_client, tmp_path):
    waiting = tmp_path / "imports" / "anki"
    first = _upload(staff_client, _deck())
    (left,) = waiting.iterdir()
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(left, (two_days_ago, two_days_ago))

    second = _upload(staff_client, _deck())

    token = second["Location"].rstrip("/").split("/")[-1]
    assert [path.name for path in waiting.iterdir()] == [f"{token.replace('-', '')}.apkg"]
    gone = staff_client.get(first["Location"], follow=True)
    assert "That upload is gone" in gone.content.decode()


def test_preview_offers_the_field_mapping(staff_client):
    three = NoteTypeSpec("Vocabulary", ["Word", "Meaning", "Example"], id=1_600_000_000_007)
    notes = [
        NoteSpec("g3", ["token", "a unit of text", "“hello” is one token"], notetype="Vocabulary")
    ]
    preview_url = _upload(staff_client, apkg("anki21", notes, notetypes=(BASIC, three)))["Location"]

    page = staff_client.get(preview_url).content.decode()
    assert f'name="title_{three.id}"' in page and "Example" in page

    staff_client.post(preview_url, {f"title_{three.id}": "2", f"answer_{three.id}": "1"})

    question = Question.objects.get()
    assert (question.title, question.answer_md) == ("“hello” is one token", "a unit of text")


@pytest.mark.django_db
def test_the_same_field_for_both_is_refused(staff_client):
    three = NoteTypeSpec("Vocabulary", ["Word", "Meaning", "Example"], id=1_600_000_000_007)
    notes = [NoteSpec("g3", ["token", "a unit", "ex"], notetype="Vocabulary")]
    preview_url = _upload(staff_client, apkg("anki21", notes, notetypes=(BASIC, three)))["Location"]

    response = staff_client.post(preview_url, {f"title_{three.id}": "1", f"answer_{three.id}": "1"})

    assert response.status_code == 400 and b"different fields" in response.content
    assert not Question.objects.exists()


def _zip(members: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4", "it is not a ZIP file"),
        (_zip({"notes.txt": b"hi"}), "holds no Anki collection"),
        (_zip({"collection.anki2": b"garbage"}), "not a readable Anki database"),
        (_zip({"collection.anki2": b"x", "/etc/passwd": b"x"}), "outside itself"),
    ],
)
def test_bad_files_get_a_clear_message(staff_client, data, message):
    response = _upload(staff_client, data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_a_file_over_the_limit_is_refused_before_reading(staff_client, monkeypatch):
    monkeypatch.setattr(limits, "MAX_PACKAGE_BYTES", 1000)

    response = _upload(staff_client, _deck())

    assert response.status_code == 400 and "may be at most" in response.content.decode()


@pytest.fixture
def big_bank(db):
    tags = [TagFactory() for _ in range(5)]
    return [QuestionFactory(tags=tags[n % 5 : n % 5 + 2]) for n in range(30)]


def test_the_bank_list_links_to_the_decks(client, big_bank):
    response = client.get(reverse("questions:list"))

    assert reverse("banks:anki_downloads") in response.content.decode()


def test_downloads_page_queries(client, user_client, big_bank, django_assert_num_queries):
    with django_assert_num_queries(2):
        page = client.get(reverse("banks:anki_downloads")).content.decode()
    assert reverse("banks:anki_bank") + "?topic=topic-" in page
    assert reverse("banks:anki_mine", args=["starred"]) not in page

    with django_assert_num_queries(4):  # the session and the user besides
        page = user_client.get(reverse("banks:anki_downloads")).content.decode()
    for mode in ("due", "weakest", "starred"):
        assert reverse("banks:anki_mine", args=[mode]) in page


def test_anyone_downloads_the_bank_or_a_topic(client, big_bank, django_assert_num_queries):
    with django_assert_num_queries(2):  # the questions, their tags
        response = client.get(reverse("banks:anki_bank"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="mock-interview.apkg"'
    tag = big_bank[0].tags.first()

    with django_assert_num_queries(3):  # the topic besides
        topic = client.get(reverse("banks:anki_bank"), {"topic": tag.slug})
    assert topic.status_code == 200 and tag.slug in topic["Content-Disposition"]
    assert client.get(reverse("banks:anki_bank"), {"topic": "nope"}).status_code == 404


def test_a_user_downloads_their_starred_questions(
    user_client, user, big_bank, django_assert_num_queries
):
    for question in big_bank[:12]:
        CardFactory(user=user, question=question, starred=True)
    CardFactory(question=big_bank[20], starred=True)  # someone else's star

    with django_assert_num_queries(5):  # session, user, the stars, the questions, their tags
        response = user_client.get(reverse("banks:anki_mine", args=["starred"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/apkg"
    assert len(open_package(response.content)["notes"]) == 12


def test_personal_decks_need_a_sign_in_and_a_known_mode(client, user_client, big_bank):
    starred = reverse("banks:anki_mine", args=["starred"])
    assert client.get(starred).status_code == 302
    assert user_client.get(reverse("banks:anki_mine", args=["mix"])).status_code == 404
    # Nothing due yet: back to the page, with a message rather than an empty deck.
    response = user_client.get(reverse("banks:anki_mine", args=["due"]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("banks:anki_downloads")
    assert "Nothing is due" in response.content.decode()


@pytest.mark.django_db
def test_the_admin_question_list_links_to_the_anki_import(staff_client):
    response = staff_client.get(reverse("admin:questions_question_changelist"))

    assert f'href="{UPLOAD}">Import an Anki deck<' in response.content.decode()
