"""Revisions above the largest one a page can send (2**53 - 1) could only come from a
hand-made request, before the forms refused them; left in place, `revision + 1` would
overflow the 64-bit column and every later save of that answer would fail. Reset them to
0, so the next save from the page wins (the draft itself is kept)."""

from django.db import migrations

LARGEST_PAGE_REVISION = 2**53 - 1


def reset(apps, schema_editor):
    Answer = apps.get_model("interview", "Answer")
    Answer.objects.filter(draft_revision__gt=LARGEST_PAGE_REVISION).update(draft_revision=0)
    Answer.objects.filter(submitted_revision__gt=LARGEST_PAGE_REVISION).update(
        submitted_revision=0
    )


class Migration(migrations.Migration):
    dependencies = [("interview", "0004_interview_start_token")]

    operations = [migrations.RunPython(reset, migrations.RunPython.noop)]
