"""Feedback tests reuse the interview tests' frozen clock, users and clients."""

from interview.tests.conftest import client, clock, login, user, user_client  # noqa: F401
