"""Voice tests: files in a temporary media folder, and an answer being spoken."""

import pytest

from testsupport import english_client
from voice.tests.helpers import speaking_answer


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def client():
    return english_client()


@pytest.fixture
def answer(user, clock):
    return speaking_answer(user)
