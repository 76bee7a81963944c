"""Checking key points, wherever they come from (the importer's metadata, the admin)."""

import re

from django.utils.translation import gettext as _

from questions.models import normalize_for_search

LABEL_ZH_MAX = 120
LABEL_EN_MAX = 200
ALIAS_MAX = 80
# An editor's phrases that make a point in other words ("训练…高效"): how many, how long.
SYNONYMS_MAX = 20
SYNONYM_MAX = 80
# Folded the way the matcher folds: case, width and separators do not make another alias.
SEPARATORS = re.compile(r"[\s\-_]+")


def alias_key(alias: str) -> str:
    return SEPARATORS.sub("", normalize_for_search(alias))


def key_point_problems(data) -> list[str]:
    """What is wrong with one key point as plain data ({label_zh, label_en, essential,
    aliases: [[...], ...], and optionally synonyms: [...]}); empty when it is fine."""
    return [problem for problems in key_point_field_problems(data).values() for problem in problems]


def key_point_field_problems(data) -> dict[str, list[str]]:
    """key_point_problems by the key they concern ("label_zh", "label_en", "essential",
    "aliases", "synonyms"; "" for the point as a whole), so a form can show each beside its
    field."""
    if not isinstance(data, dict):
        return {"": [_("A key point must be an object with labels and alias groups.")]}
    problems: dict[str, list[str]] = {}
    # The message names the empty label: the importer lists problems away from the fields.
    labels = (
        ("label_zh", LABEL_ZH_MAX, _("The Chinese label may not be empty.")),
        ("label_en", LABEL_EN_MAX, _("The English label may not be empty.")),
    )
    for key, limit, empty in labels:
        label = data.get(key)
        if not isinstance(label, str) or not label.strip():
            problems.setdefault(key, []).append(empty)
        elif len(label) > limit:
            problems.setdefault(key, []).append(
                _("A label may have at most %(limit)d characters.") % {"limit": limit}
            )
        elif "\x00" in label:
            # A NUL cannot be stored in PostgreSQL text or JSON, and never belongs in a term.
            problems.setdefault(key, []).append(_("Null characters are not allowed."))
    if not isinstance(data.get("essential", False), bool):
        problems["essential"] = [_("“Essential” must be true or false.")]
    if alias_problems := _alias_problems(data.get("aliases")):
        problems["aliases"] = alias_problems
    if synonym_problems := _synonym_problems(data.get("synonyms", [])):
        problems["synonyms"] = synonym_problems
    return problems


def _synonym_problems(phrases) -> list[str]:
    if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
        return [_("Synonyms must be a list of phrases.")]
    if len(phrases) > SYNONYMS_MAX:
        return [_("At most %(limit)d phrases.") % {"limit": SYNONYMS_MAX}]
    if any(len(phrase) > SYNONYM_MAX or "\x00" in phrase for phrase in phrases):
        return [_("A phrase may have at most %(limit)d characters.") % {"limit": SYNONYM_MAX}]
    return []


def _alias_problems(groups) -> list[str]:
    if not isinstance(groups, list) or not groups:
        return [_("A key point needs at least one group of alias terms.")]
    problems = []
    seen = set()
    for group in groups:
        if not isinstance(group, list) or not [
            a for a in group if isinstance(a, str) and a.strip()
        ]:
            problems.append(_("An alias group may not be empty."))
            continue
        for alias in group:
            if not isinstance(alias, str) or not alias.strip():
                problems.append(_("An alias may not be empty."))
                continue
            if "\x00" in alias:
                problems.append(_("Null characters are not allowed."))
                continue
            if len(alias) > ALIAS_MAX:
                problems.append(
                    _("An alias may have at most %(limit)d characters.") % {"limit": ALIAS_MAX}
                )
            key = alias_key(alias)
            if key in seen:
                problems.append(_("The alias “%(alias)s” appears twice.") % {"alias": alias})
            seen.add(key)
    return problems


def clean_key_point(data: dict) -> dict:
    """The point with labels and aliases trimmed, in the shape KeyPoint.as_data() gives
    (synonyms only when there are some)."""
    point = {
        "label_zh": data["label_zh"].strip(),
        "label_en": data["label_en"].strip(),
        "essential": bool(data.get("essential", False)),
        "aliases": [
            [alias.strip() for alias in group if alias.strip()] for group in data["aliases"]
        ],
    }
    synonyms = [phrase.strip() for phrase in data.get("synonyms") or [] if phrase.strip()]
    return point | {"synonyms": synonyms} if synonyms else point
