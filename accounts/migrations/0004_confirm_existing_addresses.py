# Signing in now needs a confirmed address by default (DJANGO_EMAIL_VERIFICATION). Accounts
# from before kept working without one: give every account with no address record (made
# with createsuperuser, in the admin, or before allauth) a confirmed primary one from its
# email, and confirm the unconfirmed sign-in address of every account that has signed in.
# An account that never signed in and never confirmed is left as it is: its owner gets a
# link at the first sign-in, and an address someone else signed up with stays unconfirmed.

from django.db import migrations


def confirm_existing_addresses(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    for user in User.objects.exclude(email="").iterator():
        email = user.email.lower()
        taken = EmailAddress.objects.filter(email__iexact=email, verified=True).exclude(
            user_id=user.pk
        )
        if taken.exists():
            continue
        addresses = EmailAddress.objects.filter(user_id=user.pk)
        if not addresses.exists():
            EmailAddress.objects.create(user_id=user.pk, email=email, verified=True, primary=True)
        elif user.last_login is not None:
            addresses.filter(email__iexact=email, verified=False).update(verified=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_remove_user_desired_retention"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [
        migrations.RunPython(confirm_existing_addresses, migrations.RunPython.noop, elidable=True),
    ]
