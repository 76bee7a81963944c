"""Every question that names the file it was imported from belongs to that file's source.

Before sources, the importer matched questions by their number across every file, so a
new file numbered 1-3 overwrote the seed's first three. From here on a question's identity
is (source, key): the key of an imported question is its slug, which stays as it was.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    Question = apps.get_model("questions", "Question")
    Source = apps.get_model("questions", "Source")
    names = (
        Question.objects.exclude(source="")
        .filter(origin__isnull=True)
        .values_list("source", flat=True)
        .distinct()
    )
    for name in list(names):
        source, _ = Source.objects.get_or_create(
            key=f"markdown:{name}"[:200], defaults={"name": name, "kind": "markdown"}
        )
        for question in Question.objects.filter(source=name, origin__isnull=True):
            question.origin = source
            question.origin_key = question.slug
            question.save(update_fields=["origin", "origin_key"])


def backwards(apps, schema_editor):
    Question = apps.get_model("questions", "Question")
    Question.objects.update(origin=None, origin_key="")
    apps.get_model("questions", "Source").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("questions", "0004_sources_and_figures")]

    operations = [migrations.RunPython(forwards, backwards)]
