"""`manage.py import_questions PATH [--dry-run] [--metadata FILE]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from questions.importer import (
    ImportProblem,
    import_questions,
    parse_questions,
    read_metadata,
    read_question_file,
)


class Command(BaseCommand):
    help = "Create or update questions from a Markdown file with one '# NN. title' per question."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Markdown file in the seed's format")
        parser.add_argument("--dry-run", action="store_true", help="report, change nothing")
        parser.add_argument(
            "--metadata",
            type=Path,
            help="JSON with tags, difficulty, minutes and editor additions per question slug",
        )

    def handle(self, *args, path: Path, dry_run: bool, metadata: Path | None, **options):
        try:
            parsed = parse_questions(read_question_file(path))
            meta = read_metadata(metadata, parsed) if metadata else None
        except ImportProblem as problem:
            for line, message in problem.problems:
                where = f"{path}:{line}" if line else str(path)
                self.stderr.write(f"{where}: {message}")
            raise CommandError(
                f"{path}: {len(problem.problems)} problem(s) found; nothing was imported."
            ) from problem

        report = import_questions(parsed, source=path.name, metadata=meta, dry_run=dry_run)
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(f"warning: {warning}"))
        for label, slugs in (
            ("created", report.created),
            ("updated", report.updated),
            ("unchanged", report.unchanged),
        ):
            if slugs and verbosity_shows(options, label):
                self.stdout.write(f"{label}: {', '.join(slugs)}")
        prefix = "Dry run, nothing saved: would have " if dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{len(report.created)} created, {len(report.updated)} updated, "
                f"{len(report.unchanged)} unchanged ({len(parsed)} questions in {path.name})."
            )
        )


def verbosity_shows(options, label: str) -> bool:
    """List unchanged slugs only at -v 2; created and updated ones always."""
    return label != "unchanged" or options.get("verbosity", 1) >= 2
