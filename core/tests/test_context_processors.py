"""core.context_processors.i18n gives what Django's i18n processor gives."""

import pytest
from django.template import context_processors
from django.test import RequestFactory, override_settings
from django.utils import translation

from core.context_processors import i18n


@pytest.mark.parametrize("language", ["zh-hans", "en", "ar", "he"])
def test_i18n_is_djangos(language):
    request = RequestFactory().get("/")
    languages = [("en", "English"), ("ar", "Arabic"), ("he", "Hebrew")]
    with override_settings(LANGUAGES=languages), translation.override(language):
        assert i18n(request) == context_processors.i18n(request)


def test_i18n_is_djangos_with_no_language_active():
    request = RequestFactory().get("/")
    with translation.override(None):
        assert i18n(request) == context_processors.i18n(request)


@override_settings(USE_I18N=False)
def test_i18n_is_djangos_without_translation():
    request = RequestFactory().get("/")
    assert i18n(request) == context_processors.i18n(request)
