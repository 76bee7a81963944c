"""Settings for the mock-interview site, read from the environment.

Development works with no environment at all; production sets DJANGO_DEBUG=0,
DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL (see README.md).
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy

from config.env import DEBUG, env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent

DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-do-not-use-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if not DEBUG and SECRET_KEY.strip() in {"", DEVELOPMENT_SECRET_KEY}:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a long random value when DJANGO_DEBUG is off."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core",
    "accounts",
    "questions",
    "interview",
    "practice",
    "feedback",
    "voice",
    "banks",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "import_export",
    "allauth",
    "accounts.apps.AllauthAccountConfig",  # allauth.account, renamed in the admin
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.permissions_policy.PermissionsPolicyMiddleware",
    # Outermost but for the headers: a database outage anywhere below answers 503.
    "core.outage.DatabaseUnavailableMiddleware",
    "core.forms_only.FormPostsOnlyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "core.middleware.BrowserTimezoneMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "core.signed_in.AuthenticationMiddleware",
    "core.caching.PrivateNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "core.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.csp_nonce",
                "core.context_processors.mail_to_console",
                "core.context_processors.theme",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a write is in progress; IMMEDIATE transactions take the
    # write lock up front, so two writers wait for each other instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests get a file too, not Django's shared in-memory database: there, two requests of
    # the browser tests' threaded server writing at once fail at once ("table is locked")
    # instead of waiting their turn as they do on a real file.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "db.sqlite3-test")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Store and compare in UTC whatever the server's own timezone is.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c timezone=UTC")
    if env_bool("DJANGO_DB_TRANSACTION_POOLING", False):
        # Behind pgbouncer in transaction mode, each transaction may run on another server
        # connection: no server-side cursors (they outlive a transaction) and no prepared
        # statements (psycopg prepares a query once it has run it five times).
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
        DATABASES["default"]["OPTIONS"]["prepare_threshold"] = None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts: sign-in, allauth, its rate limits and mail (config/settings_accounts.py).
from config.settings_accounts import *  # noqa: E402, F403

# Uploaded files and background jobs (config/settings_services.py).
from config.settings_services import *  # noqa: E402, F403

# With a shared cache (Redis), signed-in users are read through it (core/signed_in.py):
# seconds an entry is kept. 0: from the database on every request, as without one.
AUTH_USER_CACHE_SECONDS = 300 if REDIS_URL else 0  # noqa: F405

# Languages: Simplified Chinese first, English second; the browser chooses.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# Our catalog comes before every app's: it also rewords allauth's and Django's own strings
# (accounts/allauth_strings.py lists which).
LOCALE_PATHS = [BASE_DIR / "locale"]
# The site's name in the header, page titles and mails: translated, unless DJANGO_SITE_NAME
# fixes one name for every language. allauth's mails would name the host ("127.0.0.1:8765")
# and prefix subjects with it; ours read this (core_tags.site_name) and need no prefix.
SITE_NAME = os.environ.get("DJANGO_SITE_NAME") or gettext_lazy("Mock Interview")
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
USE_I18N = True
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Asia/Shanghai")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": DEFAULT_STORAGE,  # noqa: F405
    "staticfiles": {
        "BACKEND": "core.storage.StaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# The default cache is shared by every worker and server: Redis with REDIS_URL, else a
# database table (config/settings_services.py). Rate limits count there.
CACHES = {
    "default": DEFAULT_CACHE,  # noqa: F405
}

# Security headers. Behind a TLS-terminating proxy set DJANGO_SECURE_PROXY_SSL=1.
if env_bool("DJANGO_SECURE_PROXY_SSL", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^readyz/$"]
# Every cookie the site sets: Secure on HTTPS, SameSite=Lax, and HttpOnly, since no script
# reads one (the CSRF token reaches htmx through <body hx-headers>, not the cookie). The
# theme cookie (core/views.py) and the messages cookie follow the session cookie's flags;
# the `tz` cookie is written by static/js/site.js, which adds Secure on https pages.
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Powerful browser features this site uses: the microphone (voice answers), on its own
# pages only; everything else stays off (core/permissions_policy.py).
PERMISSIONS_POLICY = {"microphone": ["self"], "camera": [], "geolocation": []}

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # Recordings played from our own views, and the page's own recording before upload.
        "media-src": [SELF, "blob:"],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name} {message}", "style": "{"},
    },
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stdout"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Replace Django's own console handler so each record is printed once.
        "django": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "INFO"},
    },
}

# Interview limits shared by forms and services.
ANSWER_MAX_CHARS = 20_000
# Every voice recording of one user together, in megabytes (voice/limits.py).
VOICE_USER_QUOTA_MB = int(os.environ.get("VOICE_USER_QUOTA_MB", "500"))
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
