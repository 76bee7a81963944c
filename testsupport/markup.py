"""Pages rendered with the templates as they were before a speed-up beside the templates of
today, to prove the speed-up sent the same bytes.

testsupport/templates_before/ holds the earlier text of each template that changed; they are
found before today's while `templates_before()` is active, so a page renders through the old
markup (its includes and tags) with everything else as it is today. What differs per response
by design (the CSRF token's random mask, the CSP nonce, a form's one-time token) is blanked
before comparing.
"""

import re
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.test import override_settings

BEFORE = Path(__file__).resolve().parent / "templates_before"
_TOKEN = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")([A-Za-z0-9]{64})"')
_NONCE = re.compile(r'nonce="[^"]*"')
_ONE_TIME = re.compile(r'name="token" value="[0-9a-f]{32}"')


@contextmanager
def templates_before():
    """Render with the templates in BEFORE in front of the site's own (changing the setting
    drops the compiled templates and every `{% once %}` piece, before and after)."""
    engine, *rest = settings.TEMPLATES
    before = {**engine, "DIRS": [BEFORE, *engine["DIRS"]]}
    with override_settings(TEMPLATES=[before, *rest]):
        yield


def comparable(html: str) -> str:
    """A page with its per-response random values blanked."""
    html = _ONE_TIME.sub('name="token" value=""', html)
    return _NONCE.sub('nonce=""', _TOKEN.sub(r'\1"', html))


def tokens(html: str) -> set[str]:
    """The CSRF tokens a page carries."""
    return {token for _, token in _TOKEN.findall(html)}
