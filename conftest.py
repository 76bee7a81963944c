"""Fixtures every app's tests use: a frozen clock and signed-in users.

pytest-django's `client` is left as it is (the site's default language, Chinese); apps
whose tests read the English wording override it in their own conftest.
"""

import pytest
import time_machine

from accounts.tests.factories import UserFactory
from testsupport import START, english_client


@pytest.fixture
def clock():
    """Time stands still at START until the test shifts it."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def login(clock):
    """Make a new client (a browser tab of its own) signed in as the given user."""

    def signed_in(user, **kwargs):
        client = english_client(**kwargs)
        client.force_login(user)
        return client

    return signed_in


@pytest.fixture
def user_client(login, user):
    return login(user)
