"""List, or with --delete remove, stored recording files that no row names."""

from django.core.management.base import BaseCommand

from core import clock
from voice.files import delete_files
from voice.limits import ORPHAN_MIN_AGE_SECONDS
from voice.services import orphan_files


class Command(BaseCommand):
    help = (
        "List recording files no part or chunk names (old enough that it is safe while "
        "people record: voice.limits.ORPHAN_MIN_AGE_SECONDS); --delete removes them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="Remove them (default: list).")

    def handle(self, *args, delete=False, **options):
        orphans = orphan_files(now=clock.now())
        for name in orphans:
            self.stdout.write(name)
        minutes = ORPHAN_MIN_AGE_SECONDS // 60
        if delete:
            deleted = delete_files(orphans)
            self.stdout.write(f"Deleted {deleted} orphaned file(s).")
        else:
            self.stdout.write(
                f"{len(orphans)} orphaned file(s) older than {minutes} minutes; "
                "run with --delete to remove them."
            )
