"""Copy each interview's user onto its answers (a denormalised column, always equal to
interview.user), so a user's answers are found without joining every interview."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_users(apps, schema_editor):
    Answer = apps.get_model("interview", "Answer")
    Interview = apps.get_model("interview", "Interview")
    Answer.objects.update(
        user_id=Subquery(Interview.objects.filter(pk=OuterRef("interview_id")).values("user_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("interview", "0006_answer_key_points_snapshot"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="answer",
            name="user",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="answers",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(copy_users, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="answer",
            name="user",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="answers",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddIndex(
            model_name="answer",
            index=models.Index(
                fields=["user", "question", "-shown_at"], name="answer_user_attempts"
            ),
        ),
        migrations.AddIndex(
            model_name="answer",
            index=models.Index(fields=["user", "submitted_at"], name="answer_user_submitted"),
        ),
    ]
