"""`manage.py tune_feedback`: choose thresholds on the tuning half and write them down."""

import json

from django.core.management.base import BaseCommand, CommandError

from feedback.eval.data import fingerprint, split
from feedback.eval.files import add_data_arguments, load_data
from feedback.eval.tuning import stale_thresholds, tune


class Command(BaseCommand):
    help = (
        "Tune the matcher's statement rules and fuzzy threshold, and the baselines' cut-offs, "
        "on the tuning half."
    )

    def add_arguments(self, parser):
        add_data_arguments(parser)

    def handle(self, *args, **options):
        try:
            bank, answers = load_data(options)
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"cannot read the labelled data: {error}") from error
        tuning, _held_out = split(answers)
        chosen = tune(bank, tuning)
        record = {
            "split": "by question: slugs ordered by SHA-256, first half tunes",
            "tuning_questions": sorted({answer.question for answer in tuning}),
            "tuning_answers": len(tuning),
            "tuning_fingerprint": fingerprint(bank, tuning),
            **chosen,
        }
        options["thresholds"].write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        self.stdout.write(f"Tuned on {len(tuning)} answers; wrote {options['thresholds']}:")
        for name, value in chosen.items():
            self.stdout.write(f"  {name} = {value}")
        for problem in stale_thresholds(chosen):
            self.stdout.write(
                self.style.WARNING(f"Set the constant in feedback/engine/matching.py: {problem}.")
            )
