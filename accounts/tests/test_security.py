"""Sign-in limits hold at every door: the admin, proxies, lockouts and sign-up."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

WRONG = "not-the-password"
NEW_PASSWORD = "a-new-long-passphrase-77"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    # Dozens of failed sign-ins each hash a password; the factory's stored hash is PBKDF2.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


def english_client(**headers) -> Client:
    return Client(headers={"accept-language": "en", **headers})


@pytest.fixture
def client():
    return english_client()


@pytest.fixture
def staff():
    return UserFactory(email="admin@example.com", is_staff=True, is_superuser=True)


def sign_in(client, email, password, **extra):
    return client.post("/accounts/login/", {"login": email, "password": password}, **extra)


def signed_in_email(client) -> str | None:
    response = client.get("/account/")
    if response.status_code != 200:
        return None
    return response.context["user"].email


# The admin door


def test_admin_login_page_sends_visitors_to_the_site_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_admin_login_form_no_longer_signs_anyone_in(client, staff):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": staff.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert signed_in_email(client) is None


def test_staff_signs_in_on_the_site_login_and_reaches_the_admin(client, staff):
    response = sign_in(client, staff.email, PASSWORD, QUERY_STRING="next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_signed_in_user_who_is_not_staff_is_refused_by_the_admin(client):
    client.force_login(UserFactory())
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403


def test_after_the_limit_the_right_password_opens_no_door_until_the_lock_passes(client, staff):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(5):
            sign_in(client, staff.email, WRONG)

        right = sign_in(client, staff.email, PASSWORD, QUERY_STRING="next=/admin/")
        assert "Too many failed sign-in attempts" in right.content.decode()
        client.post("/admin/login/", {"username": staff.email, "password": PASSWORD})
        assert signed_in_email(client) is None
        assert client.get("/admin/").status_code == 302

        clock.shift(timedelta(minutes=5, seconds=1))
        response = sign_in(client, staff.email, PASSWORD, QUERY_STRING="next=/admin/")
        assert response["Location"] == "/admin/"
        assert client.get("/admin/").status_code == 200


# Whose address counts


def fail_ten_times_from(forwarded_for: str) -> None:
    """Ten failed sign-ins on made-up emails: the per-address limit, not any account's."""
    attacker = english_client(x_forwarded_for=forwarded_for)
    for number in range(10):
        sign_in(attacker, f"nobody{number}@example.com", WRONG)


def test_without_trusted_proxies_a_forged_forwarded_for_does_not_escape_the_address_limit():
    victim = UserFactory()
    fail_ten_times_from("203.0.113.66")
    other = english_client(x_forwarded_for="203.0.113.7")
    response = sign_in(other, victim.email, PASSWORD)
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert signed_in_email(other) is None


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_bucket(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    victim, target = UserFactory(), UserFactory()
    fail_ten_times_from("203.0.113.66")

    other = english_client(x_forwarded_for="203.0.113.7")
    assert sign_in(other, victim.email, PASSWORD).status_code == 302
    assert signed_in_email(other) == victim.email

    # The attacker's own proxy-written address is still the last entry, whatever is before it.
    forged = english_client(x_forwarded_for="198.51.100.1, 203.0.113.66")
    response = sign_in(forged, target.email, PASSWORD)
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert signed_in_email(forged) is None


# The owner of a locked account


def reset_link(mail) -> str:
    return re.search(r"https?://testserver(/accounts/password/reset/key/\S+)", mail.body)[1]


def lock_out(email: str) -> None:
    attacker = english_client(x_forwarded_for="203.0.113.66")
    for _ in range(5):
        sign_in(attacker, email, WRONG)


def test_the_lock_message_shows_the_owner_the_way_out(client):
    owner = UserFactory()
    lock_out(owner.email)
    response = sign_in(client, owner.email, PASSWORD)
    assert "or reset your password to sign in right away" in response.content.decode()
    assert signed_in_email(client) is None


def reset_password(client, mailoutbox, email: str, new: str):
    """Ask for a reset mail, follow its link and choose `new`, as the owner would."""
    client.post("/accounts/password/reset/", {"email": email})
    assert mailoutbox[-1].to == [email]
    form_url = client.get(reset_link(mailoutbox[-1]))["Location"]
    return client.post(form_url, {"password1": new, "password2": new})


def test_a_password_reset_lifts_the_lock_and_signs_the_owner_in(client, mailoutbox):
    owner = UserFactory()  # made like createsuperuser: no allauth EmailAddress row
    lock_out(owner.email)

    response = reset_password(client, mailoutbox, owner.email, NEW_PASSWORD)
    assert response.status_code == 302
    assert signed_in_email(client) == owner.email

    # The account's failed-attempt count is gone, not just bypassed once.
    client.post("/accounts/logout/")
    assert sign_in(client, owner.email, NEW_PASSWORD).status_code == 302
    assert signed_in_email(client) == owner.email


def test_the_account_can_be_locked_again_after_a_reset(client, mailoutbox):
    owner = UserFactory()
    lock_out(owner.email)
    reset_password(client, mailoutbox, owner.email, NEW_PASSWORD)
    lock_out(owner.email)
    response = sign_in(english_client(), owner.email, NEW_PASSWORD)
    assert "Too many failed sign-in attempts" in response.content.decode()
