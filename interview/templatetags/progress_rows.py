"""The progress page's repeated rows and its line charts, built in Python.

Each was a template loop (a `{% blocktranslate %}` a row, a dozen lookups) that cost most of
the page's rendering. These build the same markup, whitespace included: values escaped and
localized as `{{ }}` shows them, translated text as `{% translate %}` and
`{% blocktranslate %}` leave it (interview/tests/test_progress_markup.py renders the old
loops beside these).
"""

from functools import lru_cache
from urllib.parse import quote

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.formats import get_format, localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

register = template.Library()

_BAR = (
    '<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">'
    '<rect class="bar-track" x="0" y="0" width="100" height="10"></rect><rect class="bar-fill"'
    ' x="0" y="0" width="{}" height="10"></rect></svg>'
)


class Numbers:
    """Numbers as `{{ }}` shows them (localized), with the decimal separator looked up once."""

    def __init__(self):
        self.separator = get_format("DECIMAL_SEPARATOR")

    def __call__(self, value) -> str:
        kind = type(value)
        if kind is int:
            return str(value)
        if kind is float and "e" not in (text := repr(value)) and "n" not in text:
            return text.replace(".", self.separator)
        return conditional_escape(localize(value))


def _bar(width) -> str:
    return _BAR.format(width if type(width) is float else conditional_escape(f"{width}"))


@lru_cache(maxsize=4096)
def one_decimal(language: str, value) -> str:
    """`value|floatformat:1` in this language; averages repeat, so each is worked out once."""
    return floatformat(value, 1)


# Plural texts looked up once per language and count. Each msgid is a literal in its own
# ngettext call, where makemessages finds it.
@lru_cache(maxsize=1024)
def _ratings(language: str, count) -> str:
    return ngettext("(%(counter)s rating)", "(%(counter)s ratings)", count)


@lru_cache(maxsize=1024)
def _week_text(language: str, count) -> str:
    return ngettext(
        "Week of %(week)s: %(average)s (%(counter)s rating)",
        "Week of %(week)s: %(average)s (%(counter)s ratings)",
        count,
    )


@receiver(setting_changed)
def forget_words(**kwargs) -> None:
    """Settings (languages, formats) shape the text: start afresh."""
    one_decimal.cache_clear()
    _ratings.cache_clear()
    _week_text.cache_clear()
    _topic_link.cache_clear()
    _rating_bar.cache_clear()


@lru_cache(maxsize=4096)
def _topic_link(bank_url: str, slug: str, name: str) -> str:
    """A coverage row's start: the topic's name linking to the bank's list of it."""
    return (
        "\n    <li>\n"
        f'      <a class="bar-label" href="{bank_url}?tag='
        f'{conditional_escape(quote(slug))}">{conditional_escape(name)}</a>\n'
    )


@register.simple_tag
def coverage_bars(topics) -> SafeString:
    """A bar per topic: how much of it the user has seen, linked to the bank's list."""
    bank_url = conditional_escape(reverse("questions:list"))
    text = gettext("seen %(seen)s of %(total)s")
    number = Numbers()
    rows = []
    for topic in topics:
        seen = text % {"seen": number(topic["seen"]), "total": number(topic["total"])}
        rows.append(
            _topic_link(bank_url, topic["slug"], topic["name"]) + f"      {_bar(topic['width'])}\n"
            f'      <span class="bar-value">{seen}</span>\n'
            "    </li>\n    "
        )
    return mark_safe("".join(rows))


@register.simple_tag
def rating_bars(bars) -> SafeString:
    """A bar per topic: the average rating, and of how many ratings."""
    language = get_language()
    return mark_safe(
        "".join(_rating_bar(language, bar.label, bar.value, bar.count, bar.width) for bar in bars)
    )


@lru_cache(maxsize=4096)
def _rating_bar(language: str, label: str, value, count, width) -> str:
    """One topic's bar, kept per language and everything it shows (topics' averages repeat
    from one request to the next)."""
    shown = str(count) if type(count) is int else conditional_escape(localize(count))
    ratings = _ratings(language, count) % {"counter": shown}
    return (
        "\n    <li>\n"
        f'      <span class="bar-label">{conditional_escape(label)}</span>\n'
        f"      {_bar(width)}\n"
        f'      <span class="bar-value">{one_decimal(language, value)} '
        f'<span class="muted">{ratings}</span></span>\n'
        "    </li>\n    "
    )


@register.simple_tag
def week_items(weeks) -> SafeString:
    """A line per week: its average rating and of how many ratings."""
    number = Numbers()
    language = get_language()
    rows = []
    for row in weeks:
        week = row["week"]
        text = _week_text(language, row["count"]) % {
            "week": f"{week.year:04d}-{week.month:02d}-{week.day:02d}",
            "average": one_decimal(language, row["average"]),
            "counter": number(row["count"]),
        }
        rows.append(f"<li>{text}</li>")
    return mark_safe("".join(rows))


@register.simple_tag
def rating_chips(distribution) -> SafeString:
    """A chip per rating: how many answers got it."""
    text = gettext("%(value)s · %(label)s: %(count)s")
    number = Numbers()
    return mark_safe(
        "".join(
            f'<li class="rating-pill rating-{conditional_escape(number(value))}">'
            + text
            % {
                "value": number(value),
                "label": conditional_escape(label),
                "count": number(count),
            }
            + "</li>"
            for value, label, count in distribution
        )
    )


@register.simple_tag
def time_chart_svg(chart, label) -> SafeString:
    """A line chart with labelled axes (interview.charts.time_chart), as
    the chart template this replaced showed it; nothing without a chart."""
    if not chart:
        return mark_safe("")
    number = Numbers()
    left, right = number(chart.left), number(chart.right)
    top, bottom = number(chart.top), number(chart.bottom)
    parts = [
        f'\n<svg class="time-chart" viewBox="0 0 {number(chart.width)} {number(chart.height)}" '
        f'role="img" aria-label="{conditional_escape(label)}">\n  '
    ]
    label_x = number(_add(chart.left, -6))
    for y, text in chart.y_ticks:
        y = number(y)
        parts.append(
            f'\n  <line class="grid" x1="{left}" x2="{right}" y1="{y}" y2="{y}"></line>\n'
            f'  <text class="chart-label" x="{label_x}" y="{y}" text-anchor="end" '
            f'dominant-baseline="middle">{conditional_escape(text)}</text>\n  '
        )
    parts.append(
        f'\n  <line class="axis" x1="{left}" x2="{left}" y1="{top}" y2="{bottom}"></line>\n'
        f'  <line class="axis" x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}"></line>\n  '
    )
    label_y = number(_add(chart.height, -6))
    for x, text in chart.x_labels:
        parts.append(
            f'<text class="chart-label" x="{number(x)}" y="{label_y}" text-anchor="middle">'
            f"{conditional_escape(text)}</text>"
        )
    parts.append("\n  ")
    for line in chart.series:
        name = conditional_escape(line.name)
        parts.append(f'\n  <g class="series series-{conditional_escape(line.css)}">\n    ')
        if len(line.dots) > 1:
            parts.append(
                f'<polyline class="line" points="{conditional_escape(line.points)}"></polyline>'
            )
        parts.append("\n    ")
        for x, y, tip in line.dots:
            parts.append(
                f'<circle class="dot" cx="{number(x)}" cy="{number(y)}" r="4"><title>{name} · '
                f"{conditional_escape(tip)}</title></circle>"
            )
        parts.append("\n  </g>\n  ")
    parts.append("\n</svg>\n")
    if len(chart.series) > 1:
        parts.append('<ul class="chart-key">')
        for line in chart.series:
            parts.append(
                f'<li class="series-{conditional_escape(line.css)}"><span class="swatch" '
                f'aria-hidden="true"></span>{conditional_escape(line.name)}</li>'
            )
        parts.append("</ul>")
    parts.append("\n")
    return mark_safe("".join(parts))


@register.simple_tag
def time_chart(chart, label) -> SafeString:
    """What the chart template this replaced gave (the chart and the file's last
    newline), without the include."""
    return mark_safe(time_chart_svg(chart, label) + "\n")


def _add(value, arg: int):
    """`value|add:arg` as the filter does it for a number."""
    try:
        return int(value) + arg
    except (ValueError, TypeError):
        return value + arg
