"""`manage.py load_question_bank`: load the committed fixture into an empty bank only,
through the importer's one door (import_source), as the fixture's own source."""

import json

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from questions.importer.fixture import fixture_source
from questions.importer.sources import import_source
from questions.models import KeyPoint, Question

FIXTURE = settings.BASE_DIR / "fixtures" / "questions.json"


class Command(BaseCommand):
    help = (
        "Load fixtures/questions.json if the question bank is empty; otherwise only add the "
        "fixture's key points and related questions to questions that have none."
    )

    def handle(self, *args, **options):
        existing = Question.objects.count()
        if existing:
            objects = json.loads(FIXTURE.read_text(encoding="utf-8"))
            added = [
                f"{count} {what}"
                for count, what in [
                    (self.add_missing_key_points(objects), "key points"),
                    (self.add_missing_related(objects), "related questions"),
                ]
                if count
            ]
            but = f" but for {' and '.join(added)} added to questions that had none"
            self.stdout.write(
                f"The question bank already has {existing} questions; left unchanged"
                + (but if added else "")
                + ". Use import_questions to bring it up to date with a seed file."
            )
            return
        source, items = fixture_source(json.loads(FIXTURE.read_text(encoding="utf-8")))
        import_source(
            key=source["key"], name=source["name"], kind=source["kind"], items=items, dry_run=False
        )
        self.stdout.write(
            self.style.SUCCESS(f"Loaded {Question.objects.count()} questions from {FIXTURE.name}.")
        )

    @transaction.atomic
    def add_missing_key_points(self, objects: list[dict]) -> int:
        """A bank loaded before key points existed gets the fixture's, matched by slug."""
        slugs = {
            o["pk"]: o["fields"]["slug"] for o in objects if o["model"] == "questions.question"
        }
        without = {
            question.slug: question
            for question in Question.objects.filter(
                slug__in=slugs.values(), key_points__isnull=True
            )
        }
        points = [
            KeyPoint(
                question=without[slugs[o["fields"]["question"]]],
                **{key: value for key, value in o["fields"].items() if key != "question"},
            )
            for o in objects
            if o["model"] == "questions.keypoint" and slugs.get(o["fields"]["question"]) in without
        ]
        KeyPoint.objects.bulk_create(points)
        return len(points)

    @transaction.atomic
    def add_missing_related(self, objects: list[dict]) -> int:
        """A bank loaded before related questions existed gets the fixture's pairs, matched by
        slug, where neither question has any related question yet."""
        questions = [o for o in objects if o["model"] == "questions.question"]
        slugs = {o["pk"]: o["fields"]["slug"] for o in questions}
        pairs = {
            frozenset((o["fields"]["slug"], slugs[other]))
            for o in questions
            for other in o["fields"].get("related", [])
            if other in slugs
        }
        without = {
            question.slug: question
            for question in Question.objects.filter(
                slug__in=[slug for pair in pairs for slug in pair], related__isnull=True
            )
        }
        added = 0
        for first, second in (sorted(pair) for pair in pairs):
            if first in without and second in without:
                without[first].related.add(without[second])
                added += 1
        return added
