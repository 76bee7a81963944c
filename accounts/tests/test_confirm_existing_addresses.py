"""Migration 0004: accounts from before "mandatory" confirmation keep signing in."""

import importlib
from datetime import UTC, datetime

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("accounts.migrations.0004_confirm_existing_addresses")
SIGNED_IN = datetime(2025, 3, 1, tzinfo=UTC)


def addresses(user) -> list[tuple[str, bool, bool]]:
    return list(EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary"))


def test_existing_accounts_end_up_with_a_confirmed_sign_in_address():
    admin = UserFactory(email="Root@Example.com", is_staff=True, email_address="none")
    used = UserFactory(email="used@example.com", email_address="unconfirmed", last_login=SIGNED_IN)
    never = UserFactory(email="never@example.com", email_address="unconfirmed")
    confirmed = UserFactory(email="ok@example.com")

    migration.confirm_existing_addresses(apps, None)

    assert addresses(admin) == [("root@example.com", True, True)]
    assert addresses(used) == [("used@example.com", True, True)]
    # Never signed in, never confirmed: perhaps not their address; the owner gets a link.
    assert addresses(never) == [("never@example.com", False, True)]
    assert addresses(confirmed) == [("ok@example.com", True, True)]


def test_an_address_confirmed_by_another_account_is_left_alone():
    UserFactory(email="first@example.com")
    other = UserFactory(email="second@example.com", email_address="none")
    EmailAddress.objects.filter(email="first@example.com").update(email="second@example.com")
    migration.confirm_existing_addresses(apps, None)
    assert addresses(other) == []
