"""`manage.py bench_feedback`: how long match_key_points takes on a long answer (see
feedback.eval.bench)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from feedback.eval.bench import POINT_COUNT, TIMED_RUNS, bank_points, write_bench
from feedback.eval.data import load_bank
from feedback.eval.files import FIXTURE, METADATA


class Command(BaseCommand):
    help = "Time match_key_points on a 20,000-character mixed answer against 10 key points."

    def add_arguments(self, parser):
        parser.add_argument("--metadata", type=Path, default=METADATA, help="key points")
        parser.add_argument("--fixture", type=Path, default=FIXTURE, help="model answers")
        parser.add_argument("--runs", type=int, default=TIMED_RUNS, help="timed repetitions")

    def handle(self, *args, **options):
        bank = load_bank(options["metadata"], options["fixture"])
        if len(bank_points(bank)) < POINT_COUNT:
            raise CommandError(f"{options['metadata']} has fewer than {POINT_COUNT} key points")
        write_bench(self.stdout.write, bank=bank, runs=options["runs"])
