"""Cheaper forms of the tags every page renders per request, with the same output.

- `{% csrf_input %}` / `{% csrf_value %}`: `{% csrf_token %}` and `{{ csrf_token }}`. Django
  masks the CSRF secret with 32 random characters drawn one by one (about 500 Python calls
  a page); `mask_secret` draws them from a handful of random bytes. Same format and the same
  uniform masks: `_unmask_cipher_token` gives the cookie's secret back, so the middleware
  accepts it. One token per request, shared by every form of the page.
- `{% htmx_script %}`: django-htmx's tag, its markup built once per process with a marker
  where the CSP nonce goes.
- `{% url_cached 'name' 1 2 %}`: `{% url %}` for URLs whose arguments are whole numbers,
  reversed once per process with markers in their place (falls back to `reverse` for
  anything else).
"""

import html
import os

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.template.defaulttags import CsrfTokenNode
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django_htmx.jinja import htmx_script as base_htmx_script

from core.context_tag import context_tag

register = template.Library()

BASE = len(CSRF_ALLOWED_CHARS)
INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}
# Random bytes below the largest multiple of 62 under 256, each taken modulo 62: every
# character equally likely (the others are drawn again).
ACCEPT = 256 - 256 % BASE
REQUEST_KEY = "_core_csrf_token"

_kept: dict = {}


@receiver(setting_changed)
def forget_kept(**kwargs) -> None:
    """Static storage, DEBUG and the URLs shape what is kept: start afresh."""
    _kept.clear()


def kept(key, build):
    """`build()`, made once per process (and again after a setting changes)."""
    try:
        return _kept[key]
    except KeyError:
        value = _kept[key] = build()
        return value


def mask_secret(secret: str) -> str:
    """django.middleware.csrf._mask_cipher_secret: a random mask, then the secret shifted
    character by character by the mask."""
    digits = []
    while len(digits) < CSRF_SECRET_LENGTH:
        digits += [byte % BASE for byte in os.urandom(CSRF_SECRET_LENGTH + 8) if byte < ACCEPT]
    digits = digits[:CSRF_SECRET_LENGTH]
    chars = CSRF_ALLOWED_CHARS
    mask = "".join([chars[digit] for digit in digits])
    cipher = "".join(
        [chars[(INDEX[char] + digit) % BASE] for char, digit in zip(secret, digits, strict=True)]
    )
    return mask + cipher


def masked_token(context):
    """The page's CSRF token, as `{{ csrf_token }}` gives it, or None where the context has
    none (a page rendered without a request)."""
    kept = _kept_token(context)
    return kept[0] if isinstance(kept, tuple) else kept


def _kept_token(context):
    """The request's (token, its hidden input) as kept for the current secret, or what the
    context holds instead of a lazy token (a plain value, "NOTPROVIDED", None)."""
    token = context.get("csrf_token")
    request = getattr(context, "request", None)
    if not isinstance(token, SimpleLazyObject) or request is None:
        return token  # a plain value (a test's), "NOTPROVIDED", or nothing
    secret = request.META.get("CSRF_COOKIE")
    kept = request.__dict__.get(REQUEST_KEY)
    if kept is not None and kept[0] == secret:  # not rotated since (a sign-in rotates it)
        return kept[1]
    if secret is None:
        token = get_token(request)  # a new secret, which get_token sets up
    else:
        request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True  # as get_token does
        token = mask_secret(secret)
    # Letters and digits only: safe as they are, in a value or an attribute.
    token = SafeString(token)
    pair = (token, SafeString(f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'))
    request.__dict__[REQUEST_KEY] = (request.META.get("CSRF_COOKIE"), pair)
    return pair


class CsrfInputNode(CsrfTokenNode):
    """A CsrfTokenNode, so `{% once %}` refuses it too. `signed_in`: only for a signed-in
    user (`{% if user.is_authenticated %}{% csrf_token %}{% endif %}`)."""

    def __init__(self, signed_in=False):
        self.signed_in = signed_in

    def render(self, context):
        if self.signed_in and not getattr(context.get("user"), "is_authenticated", False):
            return ""
        kept = _kept_token(context)
        if isinstance(kept, tuple):
            return kept[1]
        if not kept:
            return super().render(context)
        if kept == "NOTPROVIDED":
            return ""
        # A plain value from a test context: escaped, as Django's tag does.
        return SafeString(
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{conditional_escape(kept)}">'
        )


class CsrfValueNode(CsrfTokenNode):
    """`{{ csrf_token }}`: the bare token (its characters need no escaping)."""

    def render(self, context):
        kept = _kept_token(context)
        if isinstance(kept, tuple):
            return kept[0]
        return "" if kept is None else conditional_escape(kept)


@register.tag
def csrf_input(parser, token):
    """`{% csrf_token %}`, with the cheaper mask; `{% csrf_input signed_in %}` only where a
    user is signed in."""
    bits = token.split_contents()
    if bits[1:] not in ([], ["signed_in"]):
        raise template.TemplateSyntaxError("csrf_input takes nothing or signed_in")
    return CsrfInputNode(signed_in=bool(bits[1:]))


@register.tag
def csrf_value(parser, token):
    """`{{ csrf_token }}`, with the cheaper mask."""
    return CsrfValueNode()


@context_tag(register)
def full_path(context) -> str:
    """`{{ request.get_full_path }}`, worked out once per request (the layout's two forms
    both send it)."""
    request = context.get("request")
    if request is None:
        return ""
    try:
        return request.__dict__[FULL_PATH_KEY]
    except KeyError:
        # conditional_escape of a plain text, without its lazy-text wrapper.
        path = request.__dict__[FULL_PATH_KEY] = SafeString(html.escape(request.get_full_path()))
        return path


FULL_PATH_KEY = "_core_full_path"
NONCE_MARK = "N0nceMark4e1d"


@context_tag(register)
def htmx_script(context) -> str:
    """django-htmx's `{% htmx_script %}` (its defaults) with the page's CSP nonce."""
    nonce = context.get("csp_nonce")
    if nonce is None:
        return base_htmx_script(nonce=None)
    try:
        markup = _kept["htmx_script"]
    except KeyError:
        markup = _kept["htmx_script"] = str(base_htmx_script(nonce=NONCE_MARK))
    # As format_html escapes it (the nonce may be a lazy object: str() first).
    return SafeString(markup.replace(NONCE_MARK, html.escape(str(nonce))))


URL_MARK = 9_173_645_280_000  # whole numbers no page links to, and easy to find again


def reverse_numbers(name: str, values: list, setting: tuple | None = None) -> str:
    """reverse(name, args=values) for whole numbers, from the URL reversed once per process
    with markers in their place; marked safe when escaping leaves it as it is. `setting`:
    the script prefix and URLconf, when the caller knows them."""
    if not all(type(value) is int for value in values):
        return reverse(name, args=values)
    key = (name, len(values), *(setting or (get_script_prefix(), get_urlconf())))
    try:
        pieces, safe = _kept[key]
    except KeyError:
        pieces, safe = _kept[key] = _split(name, len(values))
    url = pieces[0]
    for value, piece in zip(values, pieces[1:], strict=True):
        url += str(value) + piece
    return SafeString(url) if safe else url  # digits never need escaping


def _split(name: str, count: int) -> tuple[list[str], bool]:
    """The URL around its arguments (count + 1 pieces), and whether escaping leaves them as
    they are."""
    url = reverse(name, args=[URL_MARK + index for index in range(count)])
    pieces = []
    for index in range(count):
        before, url = url.split(str(URL_MARK + index), 1)
        pieces.append(before)
    pieces.append(url)
    return pieces, all(conditional_escape(piece) == piece for piece in pieces)


class CachedUrlNode(template.Node):
    child_nodelists = ()

    def __init__(self, name, args, asvar):
        self.name = name
        self.args = args
        self.asvar = asvar

    def render(self, context):
        values = [arg.resolve(context) for arg in self.args]
        url = reverse_numbers(self.name, values, url_setting(context))
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


def url_setting(context) -> tuple:
    """What reversing depends on besides the name: the script prefix and the URLconf the
    request set (the same for a whole request: looked up once)."""
    request = getattr(context, "request", None)
    if request is None:
        return get_script_prefix(), get_urlconf()
    try:
        return request.__dict__[URL_SETTING_KEY]
    except KeyError:
        setting = request.__dict__[URL_SETTING_KEY] = (get_script_prefix(), get_urlconf())
        return setting


URL_SETTING_KEY = "_core_url_setting"


@register.tag
def url_cached(parser, token):
    """`{% url_cached 'app:name' arg ... [as var] %}`: `{% url %}` for whole-number
    arguments, reversed once per process."""
    bits = token.split_contents()
    asvar = None
    if len(bits) >= 3 and bits[-2] == "as":
        asvar = bits[-1]
        bits = bits[:-2]
    if len(bits) < 2 or bits[1][0] not in "'\"" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError("url_cached takes a quoted URL name first")
    args = [parser.compile_filter(bit) for bit in bits[2:]]
    return CachedUrlNode(bits[1][1:-1], args, asvar)
