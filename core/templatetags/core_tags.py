"""Template helpers every app may use."""

import hashlib
import hmac
import uuid
from functools import lru_cache

from django import template
from django.conf import settings
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

from core import choices
from core.context_tag import context_tag

register = template.Library()

DRAFT_OWNER_SALT = "core.draft-owner"


@register.simple_tag
def new_token() -> str:
    """A fresh one-time token for a form that must not act twice (see interview_start)."""
    return uuid.uuid4().hex


def draft_owner(user) -> str:
    """Whose copies of answers this device may keep: the same for one user on every page,
    different between users, and meaningless to whoever reads the browser's storage."""
    return _draft_owner(str(user.pk), settings.SECRET_KEY)


@lru_cache(maxsize=4096)
def _draft_owner(pk: str, secret: str) -> str:
    """Kept per process: an HMAC per page is a hundred calls (the secret is part of the key,
    so a changed one is never answered from memory). `salted_hmac(DRAFT_OWNER_SALT, pk,
    secret=secret)`, from its key made once per secret."""
    return hmac.digest(_owner_key(secret), pk.encode(), "sha1").hex()[:20]


@lru_cache(maxsize=4)
def _owner_key(secret: str) -> bytes:
    """salted_hmac's key: SHA-1 of the salt and the secret."""
    return hashlib.sha1((DRAFT_OWNER_SALT + secret).encode()).digest()


@context_tag(register)
def draft_owner_attributes(context) -> str:
    """`<body>` attributes telling static/js/local-drafts.js who is signed in: `data-draft-owner`
    for a user, `data-signed-out` when the server knows nobody is. A page that cannot tell
    (no request, or one the authentication middleware never saw, as an error page answered
    early may be) says neither, so it never costs anyone a copy."""
    request = context.get("request")
    if request is None:
        return ""
    user = getattr(request, "user", None)
    if user is None:
        return ""
    if user.is_authenticated:
        # The code is hexadecimal: nothing in it to escape.
        return SafeString(f' data-draft-owner="{draft_owner(user)}"')
    return SafeString(" data-signed-out")


@register.simple_tag
def site_name() -> str:
    """The site's name in the active language (settings.SITE_NAME), for the layout and mails."""
    return str(settings.SITE_NAME)


@register.filter
def choice_rows(bound_field) -> list[choices.ChoiceRow]:
    """A radio or checkbox group's choices with their `<input>` tags, for hand-written
    markup (see core.choices): the same HTML as `{% for radio in field %}{{ radio.tag }}`."""
    return choices.choice_rows(bound_field)


@register.filter
def select_html(bound_field) -> str:
    """`{{ field }}` for a select, built without a template per option (see core.choices)."""
    return choices.select_html(bound_field)


@register.filter
def layout_key(request) -> tuple:
    """What the layout's kept piece (base.html) shows differently by, for `{% once %}`, in
    one value: the site's section (the bank's link marked current), and the page's URL name
    and app (the menu's current item)."""
    if not hasattr(request, "path"):
        return ("no request",)
    match = getattr(request, "resolver_match", None)
    return (
        request.path.startswith("/questions/"),
        getattr(match, "url_name", ""),
        getattr(match, "app_name", ""),
    )


@register.filter
def user_kind(user) -> tuple[bool, bool]:
    """Signed in, staff: what the layout's menu shows differently by (nobody, for a page
    without a user)."""
    return bool(getattr(user, "is_authenticated", False)), bool(getattr(user, "is_staff", False))


# The layout's messages, as its template had them.
MESSAGES = '\n      <ul class="messages" role="status">\n        {}\n      </ul>\n    '


@context_tag(register)
def message_list(context) -> str:
    """The layout's list of messages (none: nothing), as `{% if messages %}` around a
    `{% for %}` of `<li class="message message-{{ message.tags }}">{{ message }}</li>` made it."""
    messages = context.get("messages")
    if not messages:
        return ""
    # As `{{ }}` shows a value: str() first (a message marked safe stays unescaped).
    escape = conditional_escape if context.autoescape else str
    rows = "".join(
        [
            f'<li class="message message-{escape(str(message.tags))}">{escape(str(message))}</li>'
            for message in messages
        ]
    )
    return SafeString(MESSAGES.format(rows))
