"""The bank's generation (questions/generation.py): its table and its one row."""

from django.db import migrations, models


def first_row(apps, schema_editor):
    generation = apps.get_model("questions", "BankGeneration")
    generation.objects.using(schema_editor.connection.alias).get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0008_active_minutes_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="BankGeneration",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("value", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(first_row, migrations.RunPython.noop),
    ]
