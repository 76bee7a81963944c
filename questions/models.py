"""The question bank: questions with Markdown model answers, and their topic tags."""

import unicodedata

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.text import is_chinese
from questions.limits import DEFAULT_ANSWER_MINUTES, MAX_MINUTES, MIN_MINUTES
from questions.markdown import render_markdown


def normalize_for_search(text: str) -> str:
    """Fold text the same way for storage and queries, so every database matches alike.

    NFKC turns styled letters (the seed's 𝗣𝗿𝗲-𝘁𝗿𝗮𝗶𝗻𝗶𝗻𝗴) and full-width forms into
    plain ones; casefold makes the match case-insensitive beyond ASCII.
    """
    return unicodedata.normalize("NFKC", text).casefold()


class TagQuerySet(models.QuerySet):
    def with_active_counts(self):
        """Each tag with `active_count`, its number of active questions (in the same query),
        by slug: Django leaves Meta.ordering out of a query that groups, and without it
        PostgreSQL listed the topics in whatever order its plan gave (by id, on a big bank)."""
        return self.annotate(
            active_count=models.Count("questions", filter=Q(questions__is_active=True))
        ).order_by("slug")


class Tag(models.Model):
    """A topic a candidate filters by, named in both UI languages."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=60)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language."""
        language = get_language() or ""
        return self.name_zh if is_chinese(language) else self.name_en


class Difficulty(models.IntegerChoices):
    EASY = 1, _("Easy")
    MEDIUM = 2, _("Medium")
    HARD = 3, _("Hard")


class QuestionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def tagged(self, *slugs):
        """Questions carrying any of the given tag slugs."""
        slugs = [slug for slug in slugs if slug]
        if not slugs:
            return self
        return self.filter(tags__slug__in=slugs).distinct()

    def search(self, text: str):
        """Questions whose title or answers contain every word of `text` (substring match)."""
        terms = normalize_for_search(text).split()
        condition = Q()
        for term in terms:
            condition &= Q(search_text__contains=term)
        return self.filter(condition)

    def for_listing(self):
        # The columns the list shows (its rows, the add-ons' pieces of them); the long
        # Markdown and the rest stay in the database. Its topics and related questions come
        # apart (questions.rows.listing_for).
        return self.only(
            "number", "slug", "title", "difficulty", "answer_minutes", "is_active"
        ).order_by("number", "slug")


def related_for_display() -> models.Prefetch:
    """A question's related questions as pages show them: active ones, number and title only."""
    return models.Prefetch(
        "related", queryset=Question.objects.active().only("pk", "number", "slug", "title")
    )


class Source(models.Model):
    """Where questions came from: the seed, an uploaded file, an Anki deck.

    A question's identity is (its source, the source's own key for it), never its number:
    importing one source never touches another's questions. Questions written in the admin
    have no source.
    """

    class Kind(models.TextChoices):
        MARKDOWN = "markdown", _("Markdown")
        TABLE = "table", _("Table (CSV, XLSX, JSON)")
        ANKI = "anki", _("Anki deck")

    # Stable and unique: e.g. "markdown:llm-interview-questions.md" or "anki:1699999999".
    key = models.CharField(_("key"), max_length=200, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.name


class Question(models.Model):
    """One interview question and its model answer, written in Markdown."""

    # The number printed in the seed; not unique because the seed prints "09" twice.
    number = models.PositiveSmallIntegerField(_("number"))
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("question"), max_length=300)
    answer_md = models.TextField(_("model answer (Markdown)"), blank=True)
    supplement_md = models.TextField(
        _("editor's addition (Markdown)"),
        blank=True,
        help_text=_("Text written by our editors beyond the original source; shown labelled."),
    )
    tags = models.ManyToManyField(Tag, related_name="questions", blank=True, verbose_name=_("tags"))
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    answer_minutes = models.PositiveSmallIntegerField(
        _("suggested answer time (minutes)"), default=DEFAULT_ANSWER_MINUTES
    )
    # Both ways: marking one question related to another marks the other too.
    related = models.ManyToManyField(
        "self",
        blank=True,
        verbose_name=_("related questions"),
        help_text=_("The same question asked another way, or one that leads on to it."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive questions are hidden from everyone.")
    )
    # A free-text attribution shown to editors (e.g. the seed's file name).
    source = models.CharField(_("attribution"), max_length=200, blank=True)
    # The import this question belongs to, and that source's own key for it (the seed's
    # slug, an Anki note's GUID, a table row's slug); both empty for questions written here.
    origin = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("source"),
    )
    origin_key = models.CharField(_("key in its source"), max_length=200, blank=True)
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["number", "slug"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [
            models.Index(fields=["is_active", "number"]),
            # The bank list's order among the active questions, the whole bank's and each
            # difficulty's: a page (and a difficulty's count) is read from the index, in
            # order, instead of sorting every question's row (questions.pages).
            models.Index(
                fields=["number", "slug"], condition=Q(is_active=True), name="question_listing"
            ),
            models.Index(
                fields=["difficulty", "number", "slug"],
                condition=Q(is_active=True),
                name="question_listing_difficulty",
            ),
            # The pool's size and average suggested time, read on every start page
            # (interview.estimates): from this index alone, not the questions' wide rows.
            models.Index(fields=["is_active", "answer_minutes"], name="question_active_minutes"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(answer_minutes__gte=MIN_MINUTES) & Q(answer_minutes__lte=MAX_MINUTES),
                name="question_answer_minutes_1_to_30",
            ),
            models.UniqueConstraint(
                fields=["origin", "origin_key"],
                condition=Q(origin__isnull=False),
                name="question_unique_key_in_source",
            ),
        ]

    def __str__(self):
        return f"{self.number:02d}. {self.title}"

    def save(self, *args, **kwargs):
        self.search_text = normalize_for_search(
            "\n".join([self.title, self.answer_md, self.supplement_md])
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("questions:detail", args=[self.slug])

    @property
    def answer_html(self):
        return render_markdown(self.answer_md)

    @property
    def supplement_html(self):
        return render_markdown(self.supplement_md)


class KeyPointQuerySet(models.QuerySet):
    def as_data(self) -> list[dict]:
        """The points as plain data, in order: what an answer snapshots when shown."""
        return [point.as_data() for point in self.order_by("position", "pk")]


class KeyPoint(models.Model):
    """One thing a good answer to a question says, with the words that show it.

    Editor's content, kept apart from the seed text. `aliases` is a list of groups; each
    group lists spellings of one term (Chinese, English, abbreviations). The point counts
    as made when every group has a term in the answer.
    """

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="key_points")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    label_zh = models.CharField(_("label (Chinese)"), max_length=120)
    label_en = models.CharField(_("label (English)"), max_length=200)
    aliases = models.JSONField(
        _("alias groups"),
        default=list,
        help_text=_("Each group lists spellings of one term; every group must match."),
    )
    essential = models.BooleanField(
        _("essential"), default=False, help_text=_("An interviewer would insist on this one.")
    )
    # Phrases that make the point in other words, each on its own ("训练…高效").
    synonyms = models.JSONField(
        _("synonyms"),
        default=list,
        blank=True,
        help_text=_("Phrases that make the point by themselves; … where other words may come."),
    )

    objects = KeyPointQuerySet.as_manager()

    class Meta:
        ordering = ["question", "position", "pk"]
        verbose_name = _("key point")
        verbose_name_plural = _("key points")

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        language = get_language() or ""
        return self.label_zh if is_chinese(language) else self.label_en

    def as_data(self) -> dict:
        data = {
            "label_zh": self.label_zh,
            "label_en": self.label_en,
            "essential": self.essential,
            "aliases": [list(group) for group in self.aliases],
        }
        # Only when there are some, so snapshots of points without them stay as they were.
        return data | {"synonyms": list(self.synonyms)} if self.synonyms else data


# Figures and the bank's generation live in their own modules; importing them here
# registers their models.
from questions.figures import Figure  # noqa: E402, F401
from questions.generation import BankGeneration  # noqa: E402, F401
