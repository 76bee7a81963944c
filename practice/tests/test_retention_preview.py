"""Previewing a change of desired retention: its effect, in both languages, before saving."""

from datetime import timedelta

import pytest
from django.test import Client

from practice import retention
from practice.models import LearnerSettings
from questions.tests.factories import QuestionFactory
from testsupport import START

pytestmark = pytest.mark.django_db

URL = "/practice/retention/preview/"


@pytest.fixture
def rated(user, answer_and_rate):
    """Six questions rated Good or Easy over the last weeks."""
    for number in range(6):
        answer_and_rate(
            user, QuestionFactory(), at=START - timedelta(days=number * 3), rating=3 + number % 2
        )


def test_a_higher_retention_means_more_reviews_and_shorter_intervals(user, rated, clock):
    preview = retention.retention_preview(user=user, value=0.95, now=START)
    assert (preview.current.percent, preview.proposed.percent) == (90, 95)
    assert preview.proposed.reviews_per_day > preview.current.reviews_per_day > 0
    # The complaint: Easy on a new question fell from 8 days to 3 without a word.
    assert (preview.current.new_easy.days, preview.proposed.new_easy.days) == (8, 3)
    assert (preview.current.new_good.days, preview.proposed.new_good.days) == (2, 1)


def test_the_preview_counts_the_reviews_the_month_would_bring(user, answer_and_rate, clock):
    """One question rated Good now: due in 2 days, then 11, then 46 (past the month)."""
    answer_and_rate(user, QuestionFactory(), at=START, rating=3)
    preview = retention.retention_preview(user=user, value=0.90, now=START)
    assert preview.current.reviews_per_day == preview.proposed.reviews_per_day == 2 / 30


def test_the_htmx_preview_shows_before_and_after_and_saves_nothing(user_client, user, rated):
    response = user_client.post(URL, {"percent": 95}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = response.content.decode()
    assert "What 95% would change" in page
    assert "Now (90%)" in page and "At 95%" in page
    assert "Reviews a day, next 30 days" in page
    assert "8 days" in page and "3 days" in page
    assert "<form" not in page  # the fragment only
    assert not LearnerSettings.objects.filter(user=user).exists()


def test_the_preview_speaks_chinese(user, rated):
    client = Client()  # the site's default language
    client.force_login(user)
    response = client.post(URL, {"percent": 95}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "改为 95% 会有什么变化" in page
    assert "未来 30 天每天复习次数" in page
    assert "8 天" in page and "新题评“完美”：间隔" in page


def test_without_javascript_the_preview_button_shows_a_page_to_save_from(user_client, rated):
    response = user_client.post(URL, {"percent": 95})
    assert response.status_code == 200
    page = response.content.decode()
    assert "What 95% would change" in page
    assert 'action="/account/retention/"' in page
    assert 'value="95"' in page


def test_the_account_page_offers_the_preview(user_client):
    page = user_client.get("/account/").content.decode()
    assert f'hx-post="{URL}"' in page
    assert f'formaction="{URL}"' in page
    assert 'id="retention-preview"' in page


@pytest.mark.parametrize("value", ["", "79", "98", "nine"])
def test_a_value_out_of_range_is_explained_not_previewed(user_client, value):
    response = user_client.post(URL, {"percent": value}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Enter a whole number of percent, from 80 to 97." in response.content.decode()
    plain = user_client.post(URL, {"percent": value})
    assert plain.status_code == 422


def test_the_preview_needs_a_signed_in_user(client):
    response = client.post(URL, {"percent": 95})
    assert response.status_code == 302
