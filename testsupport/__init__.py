"""Code the tests of every app share, and the benchmark's seed with them: no tests here.

Fixtures live in the root conftest.py; this package holds what tests import by name.
"""

from datetime import UTC, datetime

from django.test import Client

# 09:00 in Shanghai, the site's time zone: the moment the `clock` fixture stands still at.
START = datetime(2025, 3, 3, 1, 0, tzinfo=UTC)


def english_client(**kwargs) -> Client:
    """A test client whose browser asks for English: assertions read the English wording,
    and the site's default language is Chinese."""
    return Client(headers={"accept-language": "en"}, **kwargs)


def exported_json(response) -> dict:
    """The JSON inside the account export's ZIP (data.json)."""
    import io
    import json
    import zipfile

    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        return json.loads(archive.read("data.json"))
