"""Moving desired retention from accounts.User to practice.LearnerSettings keeps every value."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from practice.models import LearnerSettings

# The state just before the copy: the field still on the user, the new table empty.
BEFORE = [("accounts", "0002_user_desired_retention"), ("practice", "0002_learnersettings")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_every_users_desired_retention_moves_to_practice_and_back():
    old_apps = migrate(BEFORE)
    try:
        User = old_apps.get_model("accounts", "User")
        chose = User.objects.create(email="chose@example.com", desired_retention=0.95)
        default = User.objects.create(email="default@example.com")
        low = User.objects.create(email="low@example.com", desired_retention=0.8)

        migrate(latest())
        assert dict(LearnerSettings.objects.values_list("user_id", "desired_retention")) == {
            chose.pk: 0.95,
            default.pk: 0.9,
            low.pk: 0.8,
        }

        # Backwards: the field comes back on the user with each user's value.
        old_apps = migrate(BEFORE)
        User = old_apps.get_model("accounts", "User")
        assert dict(User.objects.values_list("pk", "desired_retention")) == {
            chose.pk: 0.95,
            default.pk: 0.9,
            low.pk: 0.8,
        }
        assert not old_apps.get_model("practice", "LearnerSettings").objects.exists()
    finally:
        migrate(latest())
