"""Shared fixtures: an English-speaking client, a frozen clock and signed-in users."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client

from interview.tests.factories import UserFactory

# 09:00 in Shanghai, the site's time zone.
START = datetime(2025, 3, 3, 1, 0, tzinfo=UTC)


def english_client(**kwargs) -> Client:
    # Assertions read the English wording; the site's default language is Chinese.
    return Client(headers={"accept-language": "en"}, **kwargs)


@pytest.fixture
def client():
    return english_client()


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

    def signed_in(user, **kwargs) -> Client:
        client = english_client(**kwargs)
        client.force_login(user)
        return client

    return signed_in


@pytest.fixture
def user_client(login, user):
    return login(user)
