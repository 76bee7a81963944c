"""factory_boy factories for accounts."""

from functools import cache

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from accounts.models import User

PASSWORD = "correct-horse-battery-staple"


@cache
def hashed_password() -> str:
    # Hashing is slow by design; every user shares one hash of PASSWORD.
    return make_password(PASSWORD)


class UserFactory(factory.django.DjangoModelFactory):
    """A user who signs in with their email address and PASSWORD.

    Their address is confirmed, as after sign-up's link: `email_address="unconfirmed"`
    leaves it unconfirmed, `email_address="none"` makes no address record at all (as
    createsuperuser and the admin's "Add user" do).
    """

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    password = factory.LazyFunction(hashed_password)

    @factory.post_generation
    def email_address(user, create, extracted, **kwargs):
        state = extracted or "confirmed"
        if not create or state == "none":
            return
        assert state in ("confirmed", "unconfirmed"), state
        EmailAddress.objects.create(
            user=user, email=user.email.lower(), verified=state == "confirmed", primary=True
        )
