"""`manage.py eval_feedback`: precision, recall and F1 of key-point matching on the held-out half.

Nothing is tuned here: thresholds come from the file `tune_feedback` wrote. The output
is Markdown, ready for the README (see feedback.eval.report).
"""

import json

from django.core.management.base import BaseCommand, CommandError

from feedback.eval.data import fingerprint, split
from feedback.eval.files import add_data_arguments, load_data
from feedback.eval.grader_eval import grader_predictor
from feedback.eval.report import write_report
from feedback.eval.report_new import load_new_answers, set_methods, write_set, write_timing
from feedback.eval.tuning import stale_thresholds
from feedback.grader.services import configured_endpoint


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
        tuning, _held_out = split(answers)  # the held-out half is reported below
        if fingerprint(bank, tuning) != thresholds["tuning_fingerprint"]:
            self.stderr.write(
                self.style.WARNING(
                    "The tuning half changed since the thresholds were chosen; "
                    "run `make tune-feedback` again."
                )
            )
        write_report(self.stdout.write, bank=bank, answers=answers, thresholds=thresholds)
        try:
            second = load_new_answers(options["answers_new"], bank)
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"cannot read the second labelled set: {error}") from error
        endpoint = configured_endpoint()
        grader = grader_predictor(bank, endpoint) if endpoint else None
        if endpoint:
            self.stdout.write(
                f"\nThe AI grader is configured: {endpoint.model} at {endpoint.base_url}."
            )
        sets = (
            ("Old set, held-out half", _held_out),
            ("New set (split new)", second["new"]),
            ("Untouched third (split untouched)", second["untouched"]),
        )
        for title, chosen in sets:
            methods = set_methods(bank, chosen, thresholds, grader)
            write_set(self.stdout.write, title, chosen, methods)
        write_timing(self.stdout.write, bank, answers + second["new"] + second["untouched"])
