"""Settings read from the environment: refusals, and what the variables turn into."""

import json
import os
import subprocess
import sys

from django.conf import settings


def import_settings(*, code: str = "import config.settings", **environment):
    """Run `code` in a fresh interpreter with only the given DJANGO_* variables set."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env |= environment
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_without_secret_key_refuses_to_start():
    result = import_settings(DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_with_secret_key_starts():
    result = import_settings(
        DJANGO_DEBUG="0", DJANGO_SECRET_KEY="a-long-random-production-key-" * 2
    )
    assert result.returncode == 0, result.stderr


PROXY_SETTINGS = (
    "from config import settings as s; "
    "print(s.ALLAUTH_TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)"
)


def test_trusted_proxies_are_off_unless_configured():
    result = import_settings(code=PROXY_SETTINGS)
    assert result.stdout.split() == ["0", "None"]


def test_trusted_proxy_count_and_header_come_from_the_environment():
    result = import_settings(
        code=PROXY_SETTINGS,
        DJANGO_TRUSTED_PROXY_COUNT="2",
        DJANGO_TRUSTED_CLIENT_IP_HEADER="X-Real-IP",
    )
    assert result.stdout.split() == ["2", "X-Real-IP"]


def test_a_trusted_proxy_count_that_is_not_a_count_refuses_to_start():
    for value in ("-1", "one"):
        result = import_settings(DJANGO_TRUSTED_PROXY_COUNT=value)
        assert result.returncode != 0
        assert "DJANGO_TRUSTED_PROXY_COUNT must be a whole number" in result.stderr


def test_an_unknown_email_verification_refuses_to_start():
    result = import_settings(DJANGO_EMAIL_VERIFICATION="sometimes")
    assert result.returncode != 0
    assert "DJANGO_EMAIL_VERIFICATION must be none, optional or mandatory" in result.stderr


def test_signing_in_needs_a_confirmed_address_unless_the_operator_says_otherwise():
    code = "from config import settings as s; print(s.EMAIL_VERIFICATION_AT_SIGN_IN)"
    assert import_settings(code=code).stdout.split() == ["mandatory"]
    relaxed = import_settings(code=code, DJANGO_EMAIL_VERIFICATION="optional")
    assert relaxed.stdout.split() == ["optional"]


CACHE_SETTINGS = (
    "from config import settings as s; "
    "print(s.CACHES['default']['BACKEND'], s.CACHES['default'].get('LOCATION'), s.SESSION_ENGINE)"
)


def test_without_redis_the_cache_is_a_table_and_sessions_live_in_the_database():
    result = import_settings(code=CACHE_SETTINGS, REDIS_URL="")
    assert result.stdout.split() == [
        "django.core.cache.backends.db.DatabaseCache",
        "django_cache",
        "django.contrib.sessions.backends.db",
    ]


def test_redis_url_makes_redis_the_shared_cache_and_sessions_read_through_it():
    result = import_settings(code=CACHE_SETTINGS, REDIS_URL="redis://127.0.0.1:6390/3")
    assert result.stdout.split() == [
        "core.redis_cache.RedisCache",  # Django's, keeping its clients
        "redis://127.0.0.1:6390/3",
        "core.sessions",
    ]


STORAGE_SETTINGS = (
    "import json; from config import settings as s; "
    "print(json.dumps(s.STORAGES['default'].get('OPTIONS', {})))"
)


def test_one_storage_url_stands_for_the_separate_variables():
    result = import_settings(
        code=STORAGE_SETTINGS,
        DJANGO_STORAGE_URL="s3+http://cluster:se%2Fcret@127.0.0.1:18078/mi-cluster?region=us-east-1",
    )
    options = json.loads(result.stdout)
    assert options["bucket_name"] == "mi-cluster"
    assert options["endpoint_url"] == "http://127.0.0.1:18078"
    assert options["region_name"] == "us-east-1"
    assert (options["access_key"], options["secret_key"]) == ("cluster", "se/cret")


def test_a_separate_storage_variable_wins_over_the_url():
    result = import_settings(
        code=STORAGE_SETTINGS,
        DJANGO_STORAGE_URL="s3://key:secret@s3.example.com/files",
        DJANGO_STORAGE_BUCKET="other",
    )
    options = json.loads(result.stdout)
    assert options["bucket_name"] == "other"
    assert options["endpoint_url"] == "https://s3.example.com"


def test_a_storage_url_without_a_bucket_refuses_to_start():
    result = import_settings(code=STORAGE_SETTINGS, DJANGO_STORAGE_URL="s3://key:secret@host/")
    assert result.returncode != 0 and "DJANGO_STORAGE_URL must look like" in result.stderr


DATABASE_SETTINGS = (
    "from config import settings as s; d = s.DATABASES['default']; "
    "print(d.get('DISABLE_SERVER_SIDE_CURSORS', False), "
    "d['OPTIONS'].get('prepare_threshold', 'default'))"
)
POSTGRES = "postgres://user:password@127.0.0.1:6432/interview"


def test_transaction_pooling_turns_off_server_side_cursors_and_prepared_statements():
    pooled = import_settings(
        code=DATABASE_SETTINGS, DATABASE_URL=POSTGRES, DJANGO_DB_TRANSACTION_POOLING="1"
    )
    assert pooled.stdout.split() == ["True", "None"]
    direct = import_settings(code=DATABASE_SETTINGS, DATABASE_URL=POSTGRES)
    assert direct.stdout.split() == ["False", "default"]
