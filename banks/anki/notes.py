"""Anki notes become questions: fields → title and model answer, tags and deck → topics,
images → figures.

A note's first field is the title and its second the model answer, unless the admin maps a
note type's fields otherwise on the preview. Notes of the note type our own export writes
carry the Markdown they were made from, which is taken as it is (so a round trip gives back
the same questions).
"""

import hashlib
import re
from dataclasses import dataclass, field
from html import escape, unescape
from pathlib import PurePosixPath

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from banks.anki import html, limits
from banks.anki.collection import Collection, Note, NoteType
from questions.figures import Figure
from questions.figures_store import FigureRefused, check_image, figure_from_bytes
from questions.importer.sources import ImportedQuestion

# The fields of the note type banks.anki_export writes (the Markdown is hidden on cards).
FRONT, BACK, ANSWER_MD, SUPPLEMENT_MD = "Question", "Answer", "AnswerMarkdown", "SupplementMarkdown"
MARKDOWN_LINK = re.compile(r"(!\[[^\]]*\]\()([^)\s]+)(\))")


@dataclass(frozen=True)
class Mapping:
    """Which field of a note type is the title and which the model answer (indexes)."""

    title: int = 0
    answer: int = 1


class MediaResolver:
    """Turns a media file named by a note into the Markdown that shows it.

    For the preview (`store=False`) nothing is written: a figure already stored gets its
    address, a new one a placeholder; on import (`store=True`) it is stored as a Figure.
    """

    def __init__(self, media: dict[str, bytes], *, store: bool):
        self.media = media
        self.store = store
        self.used: set[str] = set()
        self.notes: list[str] = []
        self.created: list[Figure] = []
        self._urls: dict[str, str | None] = {}

    def url(self, name: str) -> str | None:
        """The figure address for media `name`, or None (missing or refused, noted)."""
        if name in self._urls:
            return self._urls[name]
        self._urls[name] = url = self._resolve(name)
        return url

    def _resolve(self, name: str) -> str | None:
        data = self.media.get(name)
        if data is None:
            self.notes.append(_("The image %(name)s is not in the package.") % {"name": name})
            return None
        self.used.add(name)
        label = PurePosixPath(name).name
        try:
            if not self.store:
                check_image(data, name=label)
                digest = hashlib.sha256(data).hexdigest()
                existing = Figure.objects.filter(sha256=digest).order_by("created_at").first()
                return existing.markdown_url if existing else f"/figures/new-{digest[:16]}"
            known = Figure.objects.filter(sha256=hashlib.sha256(data).hexdigest()).exists()
            figure = figure_from_bytes(data, name=label)
        except FigureRefused as refused:
            self.notes.append(refused.message)
            return None
        if not known:
            self.created.append(figure)
        return figure.markdown_url

    def markdown(self, name: str, alt: str) -> str:
        url = self.url(name)
        alt = re.sub(r"([\\\[\]])", r"\\\1", " ".join(alt.split()))
        return f"![{alt}]({url or name})"

    def rewrite(self, markdown: str) -> str:
        """Markdown images that name a media file of the package point at its figure."""

        def replace(match: re.Match) -> str:
            name = PurePosixPath(match[2]).name
            if name not in self.media:
                return match[0]
            return f"{match[1]}{self.url(name) or match[2]}{match[3]}"

        return MARKDOWN_LINK.sub(replace, markdown)


@dataclass
class Deck:
    """What an .apkg would import: the source, the questions, and what the preview says."""

    source_key: str
    source_name: str
    items: list[ImportedQuestion]
    notes: list[str] = field(default_factory=list)


def is_ours(notetype: NoteType) -> bool:
    return notetype.fields[:4] == [FRONT, BACK, ANSWER_MD, SUPPLEMENT_MD]


def mappable(collection: Collection) -> list[NoteType]:
    """The note types of the notes whose fields the admin chooses: those with more than a
    title and an answer (our own export's excepted: it says which is which)."""
    used = {note.notetype_id for note in collection.notes}
    return sorted(
        (
            notetype
            for notetype in collection.notetypes.values()
            if notetype.id in used and len(notetype.fields) > 2 and not is_ours(notetype)
        ),
        key=lambda notetype: (notetype.name, notetype.id),
    )


def build_deck(
    collection: Collection, media: dict, *, mappings: dict[int, Mapping], store: bool
) -> tuple[Deck, MediaResolver]:
    """The questions the collection's notes make, with the given field mappings."""
    resolver = MediaResolver(media, store=store)
    key, name = source_of(collection)
    deck = Deck(source_key=key, source_name=name, items=[])
    sounds = set()
    for line, note in enumerate(collection.notes, start=1):
        notetype = collection.notetypes.get(note.notetype_id)
        if notetype is None:
            deck.notes.append(_("Note %(line)d has no note type; it was skipped.") % {"line": line})
            continue
        mapping = mappings.get(notetype.id, Mapping())
        for value in note.fields:
            sounds.update(html.sounds(value))
        deck.items.append(_question(note, notetype, mapping, resolver, line, deck.notes))
    if sounds:
        deck.notes.append(
            ngettext(
                "%(count)d audio file is not imported (the site has no audio): %(names)s",
                "%(count)d audio files are not imported (the site has no audio): %(names)s",
                len(sounds),
            )
            % {"count": len(sounds), "names": ", ".join(sorted(sounds)[:5])}
        )
    other = set(media) - resolver.used - sounds
    if other:
        deck.notes.append(
            ngettext(
                "%(count)d media file no note shows as an image is ignored: %(names)s",
                "%(count)d media files no note shows as an image are ignored: %(names)s",
                len(other),
            )
            % {"count": len(other), "names": ", ".join(sorted(other)[:5])}
        )
    deck.notes.extend(resolver.notes)
    return deck, resolver


def _question(note: Note, notetype: NoteType, mapping: Mapping, resolver, line, notes):
    fields = note.fields + [""] * (len(notetype.fields) - len(note.fields))
    title_html = fields[mapping.title] if mapping.title < len(fields) else ""
    answer_html = fields[mapping.answer] if 0 <= mapping.answer < len(fields) else ""
    title = html.plain_text(title_html)
    if len(title) > limits.TITLE_MAX_CHARS:
        notes.append(_("Note %(line)d: its title was cut to %(limit)d characters.") % {
            "line": line, "limit": limits.TITLE_MAX_CHARS})  # fmt: skip
        title = title[: limits.TITLE_MAX_CHARS - 1] + "…"
    supplement = ""
    if is_ours(notetype) and mapping == Mapping():
        answer = resolver.rewrite(_markdown_field(fields[2]))
        supplement = resolver.rewrite(_markdown_field(fields[3]))
    else:
        answer = html.to_markdown(answer_html, figure=resolver.markdown)
    return ImportedQuestion(
        key=note.guid,
        title=title,
        answer_md=answer,
        supplement_md=supplement,
        # Our own decks carry their topics as tags; the deck is only their container.
        tags=_tags(note, with_deck=not is_ours(notetype)),
        line=line,
    )


def markdown_field(markdown: str) -> str:
    """Markdown kept in an Anki field (which holds HTML): escaped, lines as <br>."""
    return escape(markdown, quote=False).replace("\n", "<br>")


def _markdown_field(value: str) -> str:
    return unescape(re.sub(r"<br\s*/?>", "\n", value))


def _tags(note: Note, *, with_deck: bool) -> list[tuple[str, str, str]]:
    names = list(note.tags)
    if note.deck and with_deck:
        names.append(note.deck.replace("::", " / "))
    tags, seen = [], set()
    for name in names:
        slug = tag_slug(name)
        if slug not in seen:
            seen.add(slug)
            label = name[: limits.TAG_NAME_MAX_CHARS]
            tags.append((slug, label, label))
    return tags


def tag_slug(name: str) -> str:
    """An ASCII slug for an Anki tag or deck name (a short hash when it has no ASCII)."""
    slug = slugify(name.replace("::", "-").replace("/", "-"))[: limits.TAG_SLUG_MAX_CHARS]
    return slug.strip("-") or "anki-" + hashlib.sha1(name.encode()).hexdigest()[:10]


def source_of(collection: Collection) -> tuple[str, str]:
    """The source's key and name: the notes' one top-level deck, else the collection."""
    roots = {note.deck.split("::")[0] for note in collection.notes if note.deck}
    if len(roots) == 1:
        root = roots.pop()
        deck_id = collection.root_deck_ids.get(root)
        if deck_id is not None:
            return f"anki:deck:{deck_id}", root
    return f"anki:collection:{collection.created}", _("Anki collection")
