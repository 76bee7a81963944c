# Desired retention moved to practice.LearnerSettings. practice's migration 0003, which
# copies every user's value there first, runs before this one (its `run_before`), so this
# app's migrations need not name practice.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_user_desired_retention'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='user',
            name='user_desired_retention_in_range',
        ),
        migrations.RemoveField(
            model_name='user',
            name='desired_retention',
        ),
    ]
