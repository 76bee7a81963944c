"""The key-point sections' rows on the progress page, built in Python: the most missed
points grouped by question, and the calibration table's rows.

Each was a template loop with a `{% blocktranslate %}` a row. These build the same markup,
whitespace included: values escaped as `{{ }}` escapes them, translated text as
`{% translate %}` and `{% blocktranslate %}` leave it (feedback/tests/test_progress_markup.py
renders the old loops beside these).
"""

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

register = template.Library()


def _number(value) -> str:
    """A count as `{{ }}` shows it: a whole number as is, anything else escaped."""
    return str(value) if type(value) is int else conditional_escape(value)


@register.simple_tag
def missed_groups(groups) -> SafeString:
    """A list item per question: its most missed points, and how many more there are."""
    label = gettext("essential")  # a call of its own, where makemessages finds the msgid
    essential = f' <span class="badge badge-essential">{label}</span>'
    rows = []
    for group in groups:
        question = group["question"]
        url = conditional_escape(reverse("interview:attempts", args=[question.slug]))
        points = []
        for point in group["points"]:
            missed = ngettext(
                "missed %(misses)s of %(counter)s time",
                "missed %(misses)s of %(counter)s times",
                point["checks"],
            ) % {"misses": _number(point["misses"]), "counter": _number(point["checks"])}
            points.append(
                "\n        <li>\n"
                f'          <span class="missed-label">{conditional_escape(point["label"])}'
                f"{essential if point['essential'] else ''}</span>\n"
                f'          <span class="muted">{missed}</span>\n'
                "        </li>\n        "
            )
        more = ""
        if group["more"]:
            more = ngettext(
                "and %(counter)s more point", "and %(counter)s more points", group["more"]
            ) % {"counter": _number(group["more"])}
            more = f'<li class="muted">{more}</li>'
        rows.append(
            "\n    <li>\n"
            f'      <a class="missed-question" href="{url}">'
            f"{conditional_escape(question.title)}</a>\n"
            '      <ul class="missed-list">\n        '
            f"{''.join(points)}\n        {more}\n"
            "      </ul>\n    </li>\n    "
        )
    return mark_safe("".join(rows))


@register.simple_tag
def calibration_rows(rows) -> SafeString:
    """A table row per rating: the share of key points found, and of how many answers."""
    return mark_safe(
        "".join(
            f'\n      <tr><td><span class="rating-pill rating-{_number(row["rating"])}">'
            f"{_number(row['rating'])}</span></td><td>{_number(row['coverage_percent'])}%</td>"
            f"<td>{_number(row['count'])}</td></tr>\n    "
            for row in rows
        )
    )
