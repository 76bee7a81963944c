"""The admin lists recordings and deletes them with their files."""

import pytest

from accounts.tests.factories import UserFactory
from voice.models import Recording
from voice.tests.helpers import SAMPLE, finish, post_chunk

pytestmark = pytest.mark.django_db


def test_the_admin_shows_and_deletes_a_recording_with_its_files(user_client, answer, login, media):
    post_chunk(user_client, answer, 0, SAMPLE)
    finish(user_client, answer)
    recording = Recording.objects.get()
    staff = login(UserFactory(is_staff=True, is_superuser=True))
    assert staff.get("/admin/voice/recording/").status_code == 200
    assert staff.get(f"/admin/voice/recording/{recording.pk}/change/").status_code == 200
    response = staff.post(f"/admin/voice/recording/{recording.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Recording.objects.exists()
    assert not any(path.is_file() for path in (media / "recordings").rglob("*"))
