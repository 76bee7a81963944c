"""`manage.py load_question_bank`: load the committed fixture into an empty bank only."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from questions.models import Question

FIXTURE = settings.BASE_DIR / "fixtures" / "questions.json"


class Command(BaseCommand):
    help = "Load fixtures/questions.json if the question bank is empty; otherwise do nothing."

    def handle(self, *args, **options):
        existing = Question.objects.count()
        if existing:
            self.stdout.write(
                f"The question bank already has {existing} questions; left unchanged. "
                "Use import_questions to bring it up to date with a seed file."
            )
            return
        call_command("loaddata", FIXTURE, verbosity=options["verbosity"])
        self.stdout.write(
            self.style.SUCCESS(f"Loaded {Question.objects.count()} questions from {FIXTURE.name}.")
        )
