"""`manage.py bank_changed`: a new bank generation, after a change no signal saw."""

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections

from questions import generation


class Command(BaseCommand):
    help = (
        "Make a new generation of the question bank, so that every server reads again what "
        "it keeps of the whole bank (the start page's topics, the bank list, progress). Run "
        "it after changing questions or topics with SQL or QuerySet.update() in a shell, and "
        "after a rolling deploy that added the generation (servers on the old code changed "
        "the bank without one)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, choices=tuple(connections), help="its alias"
        )

    def handle(self, *args, database, **options):
        generation.advance(database)
        self.stdout.write(f"New bank generation: {generation.current(database)}")
