"""The headers that let a page record: media from this site (and its own blobs) and the
microphone for this origin only, on every response."""

import pytest

from core.permissions_policy import header_value


def directives(policy: str) -> dict[str, str]:
    return dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip()
    )


@pytest.mark.django_db
def test_media_comes_from_this_site_and_its_blobs_only(client):
    policy = directives(client.get("/questions/")["Content-Security-Policy"])
    assert policy["media-src"] == "'self' blob:"
    # Nothing broader came with it.
    assert "blob:" not in policy["default-src"] + policy["script-src"] + policy["connect-src"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("get", "/questions/", {}),
        ("get", "/healthz/", {}),
        ("get", "/no-such-page/", {}),
        # Refused by the form-posts-only middleware before any view runs.
        ("post", "/theme/", {"data": "{}", "content_type": "application/json"}),
    ],
)
def test_the_microphone_is_allowed_for_this_origin_only(client, method, path, kwargs):
    response = getattr(client, method)(path, **kwargs)
    policy = response["Permissions-Policy"]
    features = dict(part.strip().split("=", 1) for part in policy.split(","))
    assert features["microphone"] == "(self)"
    assert features["camera"] == "()" and features["geolocation"] == "()"


def test_the_header_value_lists_each_feature():
    assert header_value({"microphone": ["self"], "camera": []}) == "microphone=(self), camera=()"
