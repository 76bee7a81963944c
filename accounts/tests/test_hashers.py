"""Passwords are stored as Argon2id; hashes from before still sign in and are rewritten."""

import argon2
import pytest
from django.contrib.auth.hashers import (
    PBKDF2PasswordHasher,
    check_password,
    identify_hasher,
    make_password,
)
from django.test import Client

from accounts.models import User
from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(email, password):
    client = Client(headers={"accept-language": "en"})
    response = client.post("/accounts/login/", {"login": email, "password": password})
    return client, response


def stored_hash(email) -> str:
    return User.objects.values_list("password", flat=True).get(email=email)


def test_a_new_password_is_hashed_with_argon2id_at_owasp_cost():
    encoded = make_password("a-long-enough-passphrase")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert check_password("a-long-enough-passphrase", encoded)
    assert not check_password("a-long-enough-passphrasE", encoded)


def test_signing_up_stores_argon2id(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert identify_hasher(stored_hash("new@example.com")).algorithm == "argon2"


def test_a_pbkdf2_hash_from_before_signs_in_and_is_rewritten_as_argon2id():
    old = PBKDF2PasswordHasher().encode(PASSWORD, "oldsaltoldsalt", iterations=1000)
    UserFactory(email="ada@example.com", password=old)

    client, response = sign_in("ada@example.com", PASSWORD)

    assert response.status_code == 302
    assert client.get("/account/").status_code == 200
    rewritten = stored_hash("ada@example.com")
    assert rewritten.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert check_password(PASSWORD, rewritten)
    # The session made at sign-in still holds once the hash changed under it.
    assert client.get("/account/").status_code == 200


def test_a_wrong_password_leaves_an_old_hash_as_it_was():
    old = PBKDF2PasswordHasher().encode(PASSWORD, "oldsaltoldsalt", iterations=1000)
    UserFactory(email="ada@example.com", password=old)

    _, response = sign_in("ada@example.com", "not-the-password")

    assert response.status_code == 200
    assert stored_hash("ada@example.com") == old


def test_an_argon2_hash_at_another_cost_is_brought_to_this_one_at_sign_in():
    djangos_default = argon2.PasswordHasher(time_cost=2, memory_cost=102400, parallelism=8)
    heavier = "argon2" + djangos_default.hash(PASSWORD)
    UserFactory(email="ada@example.com", password=heavier)

    _, response = sign_in("ada@example.com", PASSWORD)

    assert response.status_code == 302
    assert stored_hash("ada@example.com").startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
