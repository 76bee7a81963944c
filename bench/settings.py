"""Settings for `make bench` and `make profile`: the site's own, with two reference pages
added in front of its URLs (bench/urls.py) and their template. Nothing else differs."""

from config.settings import *  # noqa: F403
from config.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES = [
    {**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]},
    *TEMPLATES[1:],
]
