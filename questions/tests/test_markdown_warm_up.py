"""Serving processes compile the common code lexers before their first request."""

import subprocess
import sys

from django.conf import settings
from pygments.lexers import get_lexer_by_name

from core import serving
from questions.markdown import WARM_LANGUAGES, warm_up

# In a fresh process: no lexer compiled before the warm-up, Python's after it.
FRESH = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from pygments.lexers import PythonLexer
from questions.markdown import warm_up
assert "_tokens" not in PythonLexer.__dict__
warm_up()
assert "_tokens" in PythonLexer.__dict__
"""


def test_the_warm_up_is_registered_for_serving_processes():
    assert warm_up in serving._warm_ups


def test_the_warm_up_compiles_the_python_lexer():
    result = subprocess.run(
        [sys.executable, "-c", FRESH], cwd=settings.BASE_DIR, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_every_warmed_language_is_one_pygments_knows():
    for language in WARM_LANGUAGES:
        get_lexer_by_name(language)  # raises ClassNotFound for a name it does not know
