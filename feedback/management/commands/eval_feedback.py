"""`manage.py eval_feedback`: precision, recall and F1 of key-point matching on the held-out half.

Nothing is tuned here: thresholds come from the file `tune_feedback` wrote. The output
is Markdown, ready for the README (see feedback.eval.report).
"""

import json

from django.core.management.base import BaseCommand, CommandError

from feedback.eval.data import fingerprint, split
from feedback.eval.files import add_data_arguments, load_data
from feedback.eval.report import write_report
from feedback.eval.tuning import stale_thresholds


class Command(BaseCommand):
    help = "Report precision, recall and F1 of 'point found' on the held-out labelled answers."

    def add_arguments(self, parser):
        add_data_arguments(parser)

    def handle(self, *args, **options):
        try:
            bank, answers = load_data(options)
            thresholds = json.loads(options["thresholds"].read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"cannot read the labelled data or thresholds: {error}") from error
        if stale := stale_thresholds(thresholds):
            raise CommandError(
                f"feedback/engine/matching.py does not use what {options['thresholds']} says "
                f"({'; '.join(stale)}): run `make tune-feedback` and set the constants "
                "to the tuned values."
            )
        tuning, _held_out = split(answers)
        if fingerprint(bank, tuning) != thresholds["tuning_fingerprint"]:
            self.stderr.write(
                self.style.WARNING(
                    "The tuning half changed since the thresholds were chosen; "
                    "run `make tune-feedback` again."
                )
            )
        write_report(self.stdout.write, bank=bank, answers=answers, thresholds=thresholds)
