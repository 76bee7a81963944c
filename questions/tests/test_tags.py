import pytest

from questions.models import Tag
from questions.tests.factories import QuestionFactory, TagFactory

pytestmark = pytest.mark.django_db


def test_topics_with_their_counts_come_by_slug_whatever_order_they_were_made_in():
    # Made in reverse: ids run the other way from slugs, as on a bank imported over time.
    for slug in ["zeta", "mu", "alpha"]:
        QuestionFactory(tags=[TagFactory(slug=slug)])
    listed = [(tag.slug, tag.active_count) for tag in Tag.objects.with_active_counts()]
    assert listed == [("alpha", 1), ("mu", 1), ("zeta", 1)]


def test_the_topics_order_is_asked_of_the_database_not_left_to_its_plan():
    # Django drops Meta.ordering from a query that groups; a big bank on PostgreSQL then
    # came back in the hash aggregate's order, which a small test table never shows.
    assert Tag.objects.with_active_counts().ordered
