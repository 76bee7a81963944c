"""factory_boy factories for accounts."""

from functools import cache

import factory
from django.contrib.auth.hashers import make_password

from accounts.models import User

PASSWORD = "correct-horse-battery-staple"


@cache
def hashed_password() -> str:
    # Hashing is slow by design; every user shares one hash of PASSWORD.
    return make_password(PASSWORD)


class UserFactory(factory.django.DjangoModelFactory):
    """A user who signs in with their email address and PASSWORD."""

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    password = factory.LazyFunction(hashed_password)
