"""Sign-in limits hold at every door: the admin, proxies, lockouts and sign-up."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.models import User
from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

WRONG = "not-the-password"
NEW_PASSWORD = "a-new-long-passphrase-77"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    # Dozens of failed sign-ins each hash a password; the factory's stored hash stays readable.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *settings.PASSWORD_HASHERS,
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
    owner = UserFactory()
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


# Sign-up does not tell which addresses have accounts

CHOSEN = "someone-elses-passphrase-9"


def sign_up(client, email, password=CHOSEN):
    return client.post(
        "/accounts/signup/", {"email": email, "password1": password, "password2": password}
    )


def page_without_secrets(client, url, email) -> str:
    """The page at `url` with the address and per-request tokens (CSRF, CSP nonce) blanked."""
    html = client.get(url).content.decode().replace(email, "EMAIL")
    return re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": |nonce=)"[^"]+"', r"\1TOKEN", html)


def test_sign_up_answers_the_same_for_a_new_and_an_existing_address(mailoutbox):
    owner = UserFactory(email="ada@example.com")
    new, known = english_client(), english_client()

    first = sign_up(new, "grace@example.com")
    second = sign_up(known, "Ada@Example.com")

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert page_without_secrets(new, first["Location"], "grace@example.com") == (
        page_without_secrets(known, second["Location"], "ada@example.com")
    )
    assert signed_in_email(new) is None
    assert signed_in_email(known) is None
    assert sorted(mail.to[0] for mail in mailoutbox) == ["ada@example.com", "grace@example.com"]
    assert User.objects.filter(email__iexact="ada@example.com").get() == owner


def test_the_owner_of_an_existing_address_is_told_and_keeps_their_password(client, mailoutbox):
    owner = UserFactory(email="ada@example.com")
    sign_up(client, "ada@example.com")

    [mail] = mailoutbox
    assert mail.to == ["ada@example.com"]
    assert mail.subject == "Mock Interview: this email address already has an account"
    assert "/accounts/password/reset/" in mail.body
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    assert not owner.check_password(CHOSEN)
    assert User.objects.count() == 1
    assert sign_in(client, "ada@example.com", CHOSEN).status_code == 200
    assert signed_in_email(client) is None


def confirmation_link(mail) -> str:
    return re.search(r"https?://testserver(/accounts/confirm-email/\S+)", mail.body)[1]


def test_a_new_address_gets_an_account_that_the_mailed_link_signs_in(client, mailoutbox):
    sign_up(client, "grace@example.com")
    user = User.objects.get(email="grace@example.com")
    assert user.check_password(CHOSEN)
    assert signed_in_email(client) is None

    link = confirmation_link(mailoutbox[0])
    assert client.get(link).status_code == 200  # a page with a Confirm button
    assert client.post(link).status_code == 302
    assert signed_in_email(client) == "grace@example.com"


def test_by_default_an_unconfirmed_account_gets_a_link_instead_of_signing_in(client, mailoutbox):
    sign_up(client, "grace@example.com")
    response = sign_in(client, "grace@example.com", CHOSEN)
    assert response["Location"] == "/accounts/confirm-email/"
    assert signed_in_email(client) is None

    assert client.post(confirmation_link(mailoutbox[-1])).status_code == 302
    assert signed_in_email(client) == "grace@example.com"


def test_accounts_confirmed_before_sign_in_as_before(client):
    UserFactory(email="old@example.com")  # as migration 0004 left an older account
    assert sign_in(client, "old@example.com", PASSWORD).status_code == 302
    assert signed_in_email(client) == "old@example.com"


def test_staff_made_with_createsuperuser_sign_in_without_a_link(client, mailoutbox):
    call_command("createsuperuser", email="root@example.com", interactive=False, verbosity=0)
    root = User.objects.get(email="root@example.com")
    root.set_password(PASSWORD)
    root.save()
    assert sign_in(client, "root@example.com", PASSWORD).status_code == 302
    assert signed_in_email(client) == "root@example.com"
    assert client.get("/admin/").status_code == 200
    assert mailoutbox == []


def test_an_account_made_in_the_admin_that_is_not_staff_confirms_by_link(client, mailoutbox):
    UserFactory(email="new@example.com", email_address="none")
    response = sign_in(client, "new@example.com", PASSWORD)
    assert response["Location"] == "/accounts/confirm-email/"
    assert signed_in_email(client) is None
    assert mailoutbox[-1].to == ["new@example.com"]


def test_staff_with_an_unconfirmed_address_confirm_it_like_anyone(client, mailoutbox):
    """Only an account with no address record at all was made by an administrator."""
    UserFactory(email="ops@example.com", is_staff=True, email_address="unconfirmed")
    response = sign_in(client, "ops@example.com", PASSWORD)
    assert response["Location"] == "/accounts/confirm-email/"
    assert signed_in_email(client) is None


def test_the_operator_can_let_unconfirmed_accounts_sign_in(client, settings):
    settings.EMAIL_VERIFICATION_AT_SIGN_IN = "optional"
    sign_up(client, "grace@example.com")
    assert sign_in(client, "grace@example.com", CHOSEN).status_code == 302
    assert signed_in_email(client) == "grace@example.com"


class CountingHasher(MD5PasswordHasher):
    """A fast hasher that counts how many passwords were hashed."""

    calls = 0

    def encode(self, password, salt):
        CountingHasher.calls += 1
        return super().encode(password, salt)


def test_an_existing_address_costs_the_same_password_hash_as_a_new_one(settings):
    settings.PASSWORD_HASHERS = ["accounts.tests.test_security.CountingHasher"]
    UserFactory(email="ada@example.com", password="unusable")
    hashes = []
    for email in ("grace@example.com", "ada@example.com"):
        CountingHasher.calls = 0
        assert sign_up(english_client(), email).status_code == 302
        hashes.append(CountingHasher.calls)
    assert hashes == [1, 1]


def test_in_development_the_page_says_mail_is_printed_on_the_console(client, settings):
    sign_up(client, "grace@example.com")
    assert "printed in the terminal" not in client.get("/accounts/confirm-email/").content.decode()
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    sign_up(client, "ada@example.com")
    page = client.get("/accounts/confirm-email/").content.decode()
    assert "printed in the terminal where the server runs" in page


def test_a_class_behind_one_address_can_sign_in_together(client):
    """More than allauth's default of 30 sign-ins a minute from one address succeed."""
    users = UserFactory.create_batch(40)
    for user in users:
        response = Client().post("/accounts/login/", {"login": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.status_code
