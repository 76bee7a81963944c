"""The Anki import's writes: open an .apkg, preview it, then import it all or nothing."""

from dataclasses import dataclass

from django.db import transaction

from banks.anki.collection import Collection, read_collection
from banks.anki.notes import Deck, Mapping, build_deck
from banks.anki.package import Package, read_package
from questions.importer.sources import ImportRefused, ImportReport, import_source
from questions.models import Source


@dataclass
class Opened:
    """An .apkg read into memory: its media and its collection's notes."""

    package: Package
    collection: Collection


@dataclass
class AnkiPreview:
    deck: Deck
    report: ImportReport
    refusal: str = ""


def anki_open(*, data: bytes) -> Opened:
    """Read an .apkg; raises PackageRefused (with a message for the admin) if it is not one."""
    package = read_package(data)
    return Opened(package=package, collection=read_collection(package.collection))


def anki_preview(*, opened: Opened, mappings: dict[int, Mapping]) -> AnkiPreview:
    """What importing would do, note by note; nothing is written."""
    deck, _resolver = build_deck(
        opened.collection, opened.package.media, mappings=mappings, store=False
    )
    try:
        report = _import(deck, dry_run=True)
    except ImportRefused as refused:
        report = refused.report or ImportReport()
        return AnkiPreview(deck=deck, report=report, refusal=refused.message)
    return AnkiPreview(deck=deck, report=report)


def anki_import(*, opened: Opened, mappings: dict[int, Mapping]) -> ImportReport:
    """Import the deck, its figures and questions, or nothing (raises ImportRefused)."""
    resolver = None
    try:
        with transaction.atomic():
            deck, resolver = build_deck(
                opened.collection, opened.package.media, mappings=mappings, store=True
            )
            report = _import(deck, dry_run=False)
            source = Source.objects.get(key=deck.source_key)
            source.figures.model.objects.filter(
                pk__in=[figure.pk for figure in resolver.created]
            ).update(origin=source)
    except Exception:
        # The rows rolled back; the files they named go too.
        for figure in resolver.created if resolver else []:
            figure.file.delete(save=False)
        raise
    return report


def _import(deck: Deck, *, dry_run: bool) -> ImportReport:
    return import_source(
        key=deck.source_key,
        name=deck.source_name,
        kind=Source.Kind.ANKI,
        items=deck.items,
        dry_run=dry_run,
    )
