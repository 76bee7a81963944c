"""Files and background jobs, read from the environment (star-imported by settings.py).

Uploaded files (voice recordings, figures and imported media) go through Django's storage
API. By default they live in a local folder outside STATIC_ROOT that no URL serves: each
app serves its files through a view that checks who may read them. With
DJANGO_STORAGE_BUCKET (or the one DJANGO_STORAGE_URL) set they go to an S3-compatible
object store through django-storages instead (AWS S3, MinIO, moto in server mode, ...).

With REDIS_URL set, the default cache is Django's built-in Redis cache, shared by every
app server: rate limits count there with atomic increments, and sessions are read through
it (core/sessions.py, `cached_db` that outlasts a Redis outage: written to the database
too, so a flushed Redis signs nobody out).
Without it the default cache is a database table and sessions live in the database alone.

Slow work (transcribing a recording, asking a grader) runs as a job through Django's tasks
API (the django-tasks backport). In development jobs run inline, at once; in production
(DJANGO_DEBUG=0) they are stored in the database and run by `manage.py db_worker`, which
`make serve` starts beside gunicorn. DJANGO_TASKS_BACKEND=immediate|database overrides.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

from config.env import DEBUG

_BASE_DIR = Path(__file__).resolve().parent.parent

MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", _BASE_DIR / "media"))
# Nothing is served from MEDIA_URL (no view or server maps it); the apps' own views do.
MEDIA_URL = "/media-not-served/"


def storage_url_parts(url: str) -> dict[str, str]:
    """DJANGO_STORAGE_URL, `s3://KEY:SECRET@HOST:PORT/BUCKET?region=REGION` (`s3+http://`
    for an endpoint without TLS), as the DJANGO_STORAGE_* variables it stands for."""
    parts = urlsplit(url)
    if parts.scheme not in {"s3", "s3+http"} or not parts.path.strip("/"):
        raise ImproperlyConfigured(
            "DJANGO_STORAGE_URL must look like s3://KEY:SECRET@HOST:PORT/BUCKET?region=REGION "
            "(s3+http:// for an endpoint without TLS)."
        )
    scheme = "http" if parts.scheme == "s3+http" else "https"
    host = parts.netloc.rpartition("@")[2]
    return {
        "DJANGO_STORAGE_BUCKET": parts.path.strip("/"),
        "DJANGO_STORAGE_ENDPOINT_URL": f"{scheme}://{host}" if host else "",
        "DJANGO_STORAGE_REGION": parse_qs(parts.query).get("region", [""])[0],
        "DJANGO_STORAGE_ACCESS_KEY": unquote(parts.username or ""),
        "DJANGO_STORAGE_SECRET_KEY": unquote(parts.password or ""),
    }


# The one URL fills in what the separate variables leave unset.
_storage = {
    key: value
    for key, value in os.environ.items()
    if key.startswith("DJANGO_STORAGE_") and value.strip()
}
if _storage.get("DJANGO_STORAGE_URL"):
    _storage = storage_url_parts(_storage["DJANGO_STORAGE_URL"].strip()) | _storage

STORAGE_BUCKET = _storage.get("DJANGO_STORAGE_BUCKET", "").strip()
if STORAGE_BUCKET:
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": STORAGE_BUCKET,
            "endpoint_url": _storage.get("DJANGO_STORAGE_ENDPOINT_URL") or None,
            "region_name": _storage.get("DJANGO_STORAGE_REGION") or None,
            "access_key": _storage.get("DJANGO_STORAGE_ACCESS_KEY") or None,
            "secret_key": _storage.get("DJANGO_STORAGE_SECRET_KEY") or None,
            # Private objects; never overwrite a file of the same name.
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    DEFAULT_CACHE = {
        "BACKEND": "core.redis_cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("DJANGO_CACHE_KEY_PREFIX", "mi"),
    }
    SESSION_ENGINE = "core.sessions"
else:
    # A table every worker shares (`manage.py createcachetable` makes it), so allauth's
    # rate limits hold across gunicorn workers and restarts.
    DEFAULT_CACHE = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = os.environ.get("DJANGO_TASKS_BACKEND", "immediate" if DEBUG else "database")
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"DJANGO_TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, not {TASKS_BACKEND!r}."
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}

# Server transcription of finished recordings, off unless set: the URL of an
# OpenAI-compatible /v1/audio/transcriptions endpoint, or a local faster-whisper model folder.
VOICE_TRANSCRIBE = os.environ.get("VOICE_TRANSCRIBE", "").strip()
VOICE_TRANSCRIBE_MODEL = os.environ.get("VOICE_TRANSCRIBE_MODEL", "whisper-1").strip()
VOICE_TRANSCRIBE_API_KEY = os.environ.get("VOICE_TRANSCRIBE_API_KEY", "").strip()
VOICE_TRANSCRIBE_TIMEOUT = int(os.environ.get("VOICE_TRANSCRIBE_TIMEOUT", "120"))

# The optional AI grader (feedback.grader): any OpenAI-compatible chat endpoint. Off unless
# both the base URL and the model are set; nothing leaves the server otherwise.
OPENAI_BASE_URL = os.environ.get("OPENAI_BASE_URL", "").rstrip("/")
OPENAI_MODEL = os.environ.get("OPENAI_MODEL", "")
OPENAI_API_KEY = os.environ.get("OPENAI_API_KEY", "")
