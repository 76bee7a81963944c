"""Count the ratings given so far into the new tallies."""

from django.db import migrations


def count(apps, schema_editor):
    from interview.tallies import rebuild_tallies

    rebuild_tallies(
        answer_model=apps.get_model("interview", "Answer"),
        tally_model=apps.get_model("interview", "RatingTally"),
    )


class Migration(migrations.Migration):
    dependencies = [("interview", "0008_rating_tally")]

    operations = [migrations.RunPython(count, migrations.RunPython.noop)]
