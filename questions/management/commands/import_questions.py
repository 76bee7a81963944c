"""`manage.py import_questions PATH [--dry-run] [--metadata FILE] [--source NAME]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from questions.importer import (
    ImportProblem,
    ImportRefused,
    check_metadata,
    import_markdown,
    parse_questions,
    read_metadata,
    read_question_file,
    split_front_matter,
)


class Command(BaseCommand):
    help = (
        "Create or update one source's questions from a Markdown file with one '# NN. title' "
        "per question. The file is its own source (named after the file unless --source says "
        "otherwise): it never changes another source's questions."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Markdown file in the seed's format")
        parser.add_argument("--dry-run", action="store_true", help="report, change nothing")
        parser.add_argument(
            "--metadata",
            type=Path,
            help="JSON with tags, difficulty, minutes and editor additions per question key",
        )
        parser.add_argument(
            "--source",
            help="the source's name (default: the file's name); the same name updates it again",
        )

    def handle(self, *args, path: Path, dry_run: bool, metadata: Path | None, **options):
        name = options.get("source") or path.name
        try:
            front, text = split_front_matter(read_question_file(path))
            parsed = parse_questions(text)
            if metadata:
                meta = read_metadata(metadata, parsed)
            elif front is not None:
                meta = check_metadata(front, parsed, where="front matter")
            else:
                meta = None
        except ImportProblem as problem:
            for line, message in problem.problems:
                where = f"{path}:{line}" if line else str(path)
                self.stderr.write(f"{where}: {message}")
            raise CommandError(
                f"{path}: {len(problem.problems)} problem(s) found; nothing was imported."
            ) from problem

        try:
            report = import_markdown(parsed, name=name, metadata=meta, dry_run=dry_run)
        except ImportRefused as refused:
            rows = refused.report.errors if refused.report else []
            for row in rows:
                self.stderr.write(f"{path}:{row.line}: {row.key}: {row.message}")
            raise CommandError(
                f"{path}: {len(rows) or 1} problem(s) found; nothing was imported."
                + ("" if rows else f" {refused.message}")
            ) from refused
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(f"warning: {warning}"))
        for label, slugs in (
            ("created", report.created),
            ("updated", report.updated),
            ("unchanged", report.unchanged),
        ):
            if slugs and verbosity_shows(options, label):
                self.stdout.write(f"{label}: {', '.join(slugs)}")
        self.stdout.write(f"source: {name} ({report.source_key})")
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
