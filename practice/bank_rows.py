"""The reader's status and star in each row of the bank list, built in Python: the markup of
practice/_question_status.html with practice/_star.html, without two templates a row
(questions.rows says how; a test renders both). Needs the questions annotated by
practice.bank.annotate_status (`status`, `card`)."""

from html import escape

from django.utils import timezone
from django.utils.translation import gettext

from interview.models import Answer
from practice.bank import DUE, NEW, SCHEDULED
from questions.extensions import RowRequest
from questions.rows import ESCAPES, SlugUrl, is_plain_slug, per_language

_STAR = (
    '<form class="star-form" method="post" action="{url}"\n'
    '      hx-post="{url}" hx-target="this" hx-swap="outerHTML">\n'
    "  {csrf}\n"
    '  <input type="hidden" name="next" value="{next}">\n  '
)
# The star's form around its URL (twice): the rows fill them in without a format() a row.
_STAR_OPEN, _STAR_BETWEEN, _STAR_CLOSE = _STAR.split("{url}")
_STARRED = (
    '\n  <button class="star-button" type="submit" name="starred" value="0" aria-pressed="true"\n'
    '          title="{title}"><span aria-hidden="true">★</span> '
    '<span class="star-label">{label}</span></button>\n  \n</form>'
)
_UNSTARRED = (
    '\n  <button class="star-button" type="submit" name="starred" value="1" aria-pressed="false"\n'
    '          title="{title}"><span aria-hidden="true">☆</span> '
    '<span class="star-label">{label}</span></button>\n  \n</form>'
)


@per_language
def _words() -> dict:
    """What the rows say, in the active language."""
    # Each msgid a literal in a call of its own, where makemessages finds it (not in an
    # f-string's expression).
    new, due = escape(gettext("New")), escape(gettext("Due"))
    return {
        "starred": _STARRED.format(
            title=escape(gettext("Remove the star")), label=escape(gettext("Starred"))
        ),
        "unstarred": _UNSTARRED.format(
            title=escape(gettext("Star this question to practise it later")),
            label=escape(gettext("Star")),
        ),
        "badges": {
            NEW: f'<span class="badge badge-new">{new}</span>\n  ',
            DUE: f'<span class="badge badge-due">{due}</span>\n  ',
        },
        "next_review": escape(gettext("Next review")),
        "next": gettext("Next %(date)s"),
        "last_rating": escape(gettext("Last rating")),
        "ratings": {value: escape(str(label)) for value, label in Answer.Rating.choices},
    }


def status_pieces(questions, request: RowRequest) -> list[str]:
    """Each question's `<div class="question-status">`, its star form included."""
    star_url = SlugUrl.of("practice:star")
    before, after = star_url.escaped()
    # What follows the URL's second time, the same in every row.
    close = _STAR_CLOSE.format(csrf=request.csrf_input, next=request.next_url)
    words = _words()
    starred, unstarred, badges = words["starred"], words["unstarred"], words["badges"]
    next_review, next_words, last_rating = words["next_review"], words["next"], words["last_rating"]
    ratings = words["ratings"]
    pieces = []
    for question in questions:
        card = question.card
        status = question.status
        badge = badges.get(status, "")
        if status == SCHEDULED:
            due = timezone.localtime(card.due)
            when = next_words % {"date": f"{due.month:02d}-{due.day:02d}"}
            badge = f'<span class="badge" title="{next_review}">{when}</span>\n  '
        rating = card.last_rating if card is not None else None
        if rating:
            label = ratings.get(rating)
            if label is None:
                label = escape(str(card.get_last_rating_display()))
            pill = (
                f'<span class="rating-pill rating-{rating}" title="{last_rating}">'
                f"{rating} · {label}</span>"
            )
        else:
            pill = ""
        slug = question.slug
        url = f"{before}{slug}{after}" if is_plain_slug(slug) else star_url(slug).translate(ESCAPES)
        button = starred if card is not None and card.starred else unstarred
        pieces.append(
            f'<div class="question-status">\n  {badge}\n  {pill}\n  '
            f"{_STAR_OPEN}{url}{_STAR_BETWEEN}{url}{close}{button}\n\n</div>\n"
        )
    return pieces


_ACTIONS = (
    '\n<div class="actions question-actions">\n'
    '  <form method="post" action="{practise}" data-submit-once>\n'
    "    {csrf}\n"
    '    <input type="hidden" name="token" value="{token}">\n'
    '    <input type="hidden" name="next" value="{next}">\n'
    '    <button class="button button-primary" type="submit">{label}</button>\n'
    "  </form>\n"
    "  {star}\n\n"
    "  {due}\n"
    "</div>\n"
)


@per_language
def _actions_words() -> dict:
    return {
        "practise": escape(gettext("Practise this question")),
        "next_review": gettext("Next review %(date)s"),
    }


def question_actions(question, card, request: RowRequest, *, token: str) -> str:
    """practice/_question_actions.html (with practice/_star.html) for `question` and the
    reader's `card` (or None): "Practise this question", the star and when it is due."""
    words = _actions_words()
    star = _STAR.format(
        url=SlugUrl.of("practice:star")(question.slug).translate(ESCAPES),
        csrf=request.csrf_input,
        next=request.next_url,
    )
    button = _words()["starred" if card is not None and card.starred else "unstarred"]
    due = ""
    if card is not None and card.due:
        day = timezone.localtime(card.due)
        date = f"{day.year:04d}-{day.month:02d}-{day.day:02d}"
        due = f'<span class="muted">{words["next_review"] % {"date": date}}</span>'
    return _ACTIONS.format(
        practise=SlugUrl.of("practice:practise")(question.slug).translate(ESCAPES),
        csrf=request.csrf_input,
        token=token,
        next=request.next_url,
        label=words["practise"],
        star=star + button,
        due=due,
    )
