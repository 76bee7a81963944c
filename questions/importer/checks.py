"""Checking imported questions before anything is written: every fault, by row and field."""

import hashlib
import re

from django.utils.text import slugify
from django.utils.translation import gettext as _

from questions.keypoints import clean_key_point, key_point_problems
from questions.limits import MAX_MINUTES, MIN_MINUTES
from questions.models import Difficulty, Question, Tag

MAX_TITLE_CHARS = Question._meta.get_field("title").max_length
MAX_SLUG_CHARS = Question._meta.get_field("slug").max_length
MAX_KEY_CHARS = Question._meta.get_field("origin_key").max_length
MAX_NUMBER = 32767  # PositiveSmallIntegerField
SLUG = re.compile(r"^[-a-zA-Z0-9_]+\Z")
TAG_SLUG_CHARS = Tag._meta.get_field("slug").max_length
TAG_NAME_CHARS = Tag._meta.get_field("name_zh").max_length


def item_problems(item) -> list[tuple[str, str]]:
    """What is wrong with one ImportedQuestion, as (field, message) pairs."""
    problems: list[tuple[str, str]] = []
    if not isinstance(item.key, str) or not item.key.strip():
        problems.append(("key", _("The question has no key in its source.")))
    elif len(item.key) > MAX_KEY_CHARS:
        problems.append(
            ("key", _("The key is longer than %(limit)d characters.") % {"limit": MAX_KEY_CHARS})
        )
    title = item.title.strip() if isinstance(item.title, str) else ""
    if not title:
        problems.append(("title", _("The question has no title.")))
    elif len(title) > MAX_TITLE_CHARS:
        problems.append(
            (
                "title",
                _("The title is longer than %(limit)d characters.") % {"limit": MAX_TITLE_CHARS},
            )
        )
    for name in ("title", "answer_md", "supplement_md"):
        if "\x00" in (getattr(item, name) or ""):
            problems.append((name, _("Null characters are not allowed.")))
    if item.slug and (not SLUG.match(item.slug) or len(item.slug) > MAX_SLUG_CHARS):
        problems.append(
            (
                "slug",
                _(
                    "“%(slug)s” is not a valid slug: use at most %(limit)d letters, digits, "
                    "hyphens and underscores."
                )
                % {"slug": item.slug, "limit": MAX_SLUG_CHARS},
            )
        )
    if item.number is not None and (
        isinstance(item.number, bool)
        or not isinstance(item.number, int)
        or not 0 <= item.number <= MAX_NUMBER
    ):
        problems.append(
            (
                "number",
                _("The number must be a whole number from 0 to %(limit)d.") % {"limit": MAX_NUMBER},
            )
        )
    if item.difficulty is not None and item.difficulty not in Difficulty.values:
        problems.append(("difficulty", _("Difficulty must be 1, 2 or 3.")))
    if item.answer_minutes is not None and (
        isinstance(item.answer_minutes, bool)
        or not isinstance(item.answer_minutes, int)
        or not MIN_MINUTES <= item.answer_minutes <= MAX_MINUTES
    ):
        problems.append(
            (
                "answer_minutes",
                _("The suggested time must be %(min)d to %(max)d minutes.")
                % {"min": MIN_MINUTES, "max": MAX_MINUTES},
            )
        )
    problems.extend(("tags", problem) for problem in _tag_problems(item.tags))
    if item.key_points is not None:
        if not isinstance(item.key_points, list):
            problems.append(("key_points", _("Key points must be a list.")))
        else:
            for number, point in enumerate(item.key_points, start=1):
                for problem in key_point_problems(point):
                    problems.append(
                        (
                            "key_points",
                            _("Key point %(number)d: %(problem)s")
                            % {"number": number, "problem": problem},
                        )
                    )
    return problems


def _tag_problems(tags) -> list[str]:
    if not isinstance(tags, list):
        return [_("Topics must be a list.")]
    problems = []
    for tag in tags:
        if (
            not isinstance(tag, tuple | list)
            or len(tag) != 3
            or not all(isinstance(part, str) and part.strip() for part in tag)
        ):
            problems.append(
                _("A topic needs a slug, a Chinese name and an English name: %(tag)r")
                % {"tag": tag}
            )
            continue
        slug, name_zh, name_en = tag
        if not SLUG.match(slug) or len(slug) > TAG_SLUG_CHARS:
            problems.append(_("“%(slug)s” is not a valid topic slug.") % {"slug": slug})
        if len(name_zh) > TAG_NAME_CHARS or len(name_en) > TAG_NAME_CHARS:
            problems.append(
                _("A topic name may have at most %(limit)d characters.") % {"limit": TAG_NAME_CHARS}
            )
    return problems


def cleaned_points(item) -> list[dict] | None:
    if item.key_points is None:
        return None
    return [clean_key_point(point) for point in item.key_points]


def derived_slug(key: str, title: str) -> str:
    """A slug for a question that did not ask for one: its key when that is already a slug,
    else its title's ASCII words, else a short hash of the key."""
    if SLUG.match(key) and len(key) <= MAX_SLUG_CHARS:
        return key.lower()
    base = slugify(title)[:60].strip("-")
    if len(base) >= 3:
        return base
    return "q-" + hashlib.sha1(key.encode()).hexdigest()[:10]
