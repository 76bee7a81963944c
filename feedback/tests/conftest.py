"""Feedback tests read the English wording; the root conftest has the clock and users."""

import pytest

from testsupport import english_client


@pytest.fixture
def client():
    return english_client()
