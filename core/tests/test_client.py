"""client_ip: the socket's address unless trusted proxies are configured."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from core.client import client_ip

PROXY = "10.0.0.2"


def request_from(forwarded_for: str | None = None, **headers):
    if forwarded_for is not None:
        headers["X-Forwarded-For"] = forwarded_for
    return RequestFactory().get("/", REMOTE_ADDR=PROXY, headers=headers)


def test_without_trusted_proxies_the_socket_address_counts_and_forwarded_for_is_ignored():
    assert client_ip(request_from()) == PROXY
    assert client_ip(request_from("203.0.113.7")) == PROXY


def test_one_trusted_proxy_takes_the_address_it_appended(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from("203.0.113.7")) == "203.0.113.7"


def test_a_forged_entry_on_the_left_is_ignored(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from("198.51.100.1, 203.0.113.7")) == "203.0.113.7"


def test_two_trusted_proxies_take_the_second_address_from_the_right(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    forged, client, first_proxy = "198.51.100.1", "203.0.113.7", "10.0.0.1"
    assert client_ip(request_from(f"{forged}, {client}, {first_proxy}")) == client


def test_a_trusted_proxy_without_forwarded_for_falls_back_to_the_socket(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from()) == PROXY


def test_a_trusted_client_ip_header_wins(settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    request = request_from("198.51.100.1", **{"X-Real-IP": "2001:db8::1"})
    assert client_ip(request) == "2001:db8::1"


def test_a_configured_header_that_is_missing_is_refused(settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    with pytest.raises(PermissionDenied):
        client_ip(request_from())


def test_an_address_that_is_not_an_ip_is_refused(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    with pytest.raises(PermissionDenied):
        client_ip(request_from("not-an-address"))
