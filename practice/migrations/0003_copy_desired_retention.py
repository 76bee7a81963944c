"""Copy every user's desired retention from accounts.User to practice.LearnerSettings.

Runs after the field exists (accounts 0002) and before accounts drops it (accounts 0003).
Backwards, the values go back onto the users (accounts 0003 reversed has re-added the field)
and the settings rows are removed.
"""

from django.db import migrations

BATCH = 1000


def copy_to_learner_settings(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    LearnerSettings = apps.get_model("practice", "LearnerSettings")
    rows = (
        LearnerSettings(user_id=pk, desired_retention=retention)
        for pk, retention in User.objects.order_by("pk").values_list("pk", "desired_retention")
    )
    LearnerSettings.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)


def copy_back_to_users(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    LearnerSettings = apps.get_model("practice", "LearnerSettings")
    users = []
    for user_id, retention in LearnerSettings.objects.values_list("user_id", "desired_retention"):
        users.append(User(pk=user_id, desired_retention=retention))
    User.objects.bulk_update(users, ["desired_retention"], batch_size=BATCH)
    # As before the copy: the settings table empty, the values on the users only.
    LearnerSettings.objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_user_desired_retention"),
        ("practice", "0002_learnersettings"),
    ]
    run_before = [
        ("accounts", "0003_remove_user_desired_retention"),
    ]

    operations = [
        migrations.RunPython(copy_to_learner_settings, copy_back_to_users, elidable=False),
    ]
