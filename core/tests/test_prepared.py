"""A prepared read (core/prepared.py) gives what its queryset gives, for any values."""

import pytest
from django.db import connection, transaction
from django.db.models import Q, Value
from django.db.models.signals import post_save
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from core.compiled_sql import shape_of
from core.prepared import Prepared, PreparedUpdate
from interview.models import Answer
from interview.tests.factories import AnswerFactory
from questions.models import Question, Source, Tag
from questions.tests.factories import QuestionFactory, TagFactory

pytestmark = pytest.mark.django_db


def answers_of(pk, user_id, position):
    return Answer.objects.select_related("interview", "question").filter(
        interview__pk=pk, interview__user=user_id, position=position
    )


def test_objects_with_their_joins_are_what_the_queryset_gives():
    prepared = Prepared(Answer, answers_of)
    first, second = AnswerFactory(done=True), AnswerFactory(position=2)
    for answer in (first, second):
        values = (answer.interview_id, answer.user_id, answer.position)
        expected = answers_of(*values).get()
        with CaptureQueriesContext(connection) as queries:
            got = prepared.get(*values)
            assert got.interview.started_at == expected.interview.started_at
            assert got.question.title == expected.question.title
        assert len(queries) == 1
        assert got.pk == expected.pk
        assert got.submitted_at == expected.submitted_at  # converted as the ORM converts
        assert got.status == expected.status
    # Someone else's interview, or a position that is not there: nothing.
    with pytest.raises(Answer.DoesNotExist):
        prepared.get(first.interview_id, second.user_id, 1)
    assert prepared.first(first.interview_id, first.user_id, 9) is None


def test_values_and_lists_of_any_length():
    one, two = TagFactory(), TagFactory()
    first = QuestionFactory(tags=[one, two])
    second = QuestionFactory(tags=[two])
    slugs = Prepared(
        Tag,
        lambda question_id: (
            Tag.objects.filter(questions=question_id)
            .order_by("slug")
            .values_list("slug", flat=True)
        ),
    )
    assert slugs.all(first.pk) == sorted([one.slug, two.slug])
    assert slugs.all(second.pk) == [two.slug]
    titles = Prepared(
        Question,
        lambda ids: Question.objects.filter(pk__in=ids).order_by("pk").values_list("pk", "title"),
    )
    assert titles.all([first.pk]) == [(first.pk, first.title)]
    assert titles.all([first.pk, second.pk]) == [(first.pk, first.title), (second.pk, second.title)]
    with CaptureQueriesContext(connection) as queries:
        assert titles.all([]) == []
    assert not queries


def test_a_constant_that_looks_like_a_value_is_kept():
    question = QuestionFactory(number=32_767)
    prepared = Prepared(
        Question, lambda pk: Question.objects.filter(pk=pk, number=32_767).values_list("pk")
    )
    assert prepared.all(question.pk) == [(question.pk,)]
    assert prepared.all(question.pk + 1) == []


def test_a_value_fixed_at_the_moment_of_building_is_left_to_the_orm(caplog):
    """Anything but the values given must be the same for every call: a time is not, so
    that query is built by the ORM each time, and said once in the log."""
    question = QuestionFactory()
    prepared = Prepared(
        Question,
        lambda pk: Question.objects.filter(pk=pk).annotate(at=Value(timezone.now())),
    )
    first = prepared.get(question.pk)
    assert prepared.get(question.pk).at > first.at  # built anew each time
    assert caplog.text.count("not prepared, left to the ORM") == 1
    assert "not one of the values" in caplog.text


def test_a_build_that_depends_on_the_language_is_left_to_the_orm(caplog):
    tag = TagFactory(name_en="Due for review")
    prepared = Prepared(
        Tag,
        lambda pk: Tag.objects.filter(pk=pk, name_en=translation.gettext("Due for review")),
    )
    with translation.override("en"):
        assert prepared.all(tag.pk) == [tag]
    assert "not prepared" in caplog.text


def test_a_value_with_arithmetic_is_left_to_the_orm():
    """pk + 1 lands on the next value's marker in one set of markers, never in both."""
    one, two, three, four = (QuestionFactory() for _ in range(4))

    def build(pk, other):
        return Question.objects.filter(Q(pk=pk) | Q(pk=other) | Q(pk=other + 1)).order_by("pk")

    prepared = Prepared(Question, build)
    assert prepared.all(one.pk, three.pk) == list(build(one.pk, three.pk)) == [one, three, four]


def test_values_are_whole_numbers_and_lists_of_them():
    question = QuestionFactory()
    listed = Prepared(Question, lambda ids: Question.objects.filter(pk__in=ids))
    single = Prepared(Question, lambda pk: Question.objects.filter(pk=pk))
    for wrong in (str(question.pk), True, 1.0, None):
        with pytest.raises(TypeError):
            single.all(wrong)
    with pytest.raises(TypeError):
        listed.all(str(question.pk))  # a string is not a list of its digits
    assert listed.all((question.pk,)) == [question]


def test_a_number_beyond_64_bits_finds_nothing_as_the_orm_does():
    question = QuestionFactory()
    prepared = Prepared(Question, lambda pk: Question.objects.filter(pk=pk))
    assert prepared.all(2**70) == list(Question.objects.filter(pk=2**70)) == []
    assert prepared.all(question.pk) == [question]
    listed = Prepared(Question, lambda ids: Question.objects.filter(pk__in=ids))
    assert listed.all([2**70, question.pk]) == [question]
    rename = PreparedUpdate(Question, ["title"], lambda pk: Question.objects.filter(pk=pk))
    assert rename.run(2**70, changes={"title": "nobody"}) == 0


def test_ids_equal_to_the_markers_reach_their_own_rows_only():
    marked = [QuestionFactory(pk=pk) for pk in (32_767, 32_766, 30_000, 29_993)]
    prepared = Prepared(
        Question,
        lambda pk, ids: Question.objects.filter(Q(pk=pk) | Q(pk__in=ids)).order_by("pk"),
    )
    for question in marked:
        other = next(q for q in marked if q != question)
        expected = sorted([question, other], key=lambda q: q.pk)
        assert prepared.all(question.pk, [other.pk]) == expected
        assert prepared.all(question.pk, [question.pk]) == [question]


def test_a_prepared_update_changes_the_rows_of_its_values_only():
    mine = QuestionFactory(pk=32_767, title="mine")
    theirs = QuestionFactory(pk=30_000, title="theirs")
    rename = PreparedUpdate(Question, ["title"], lambda pk: Question.objects.filter(pk=pk))
    assert rename.run(mine.pk, changes={"title": "renamed"}) == 1
    assert rename.run(mine.pk + 5, changes={"title": "nobody"}) == 0
    assert Question.objects.get(pk=mine.pk).title == "renamed"
    assert Question.objects.get(pk=theirs.pk).title == "theirs"
    # The first caller's new value is not kept in the compiled query.
    kept = [param for compiled in rename._compiled.values() for param in compiled.params]
    assert "renamed" not in kept


def test_a_prepared_update_writes_null_and_back():
    question = QuestionFactory(title="before")
    source = Source.objects.create(key="k", name="A source", kind=Source.Kind.choices[0][0])
    move = PreparedUpdate(Question, ["origin", "title"], lambda pk: Question.objects.filter(pk=pk))
    for origin, title in ((source.pk, "one"), (None, "two"), (source.pk, "three")):
        # Values as the columns hold them (the id of a foreign key), as save() passes them.
        assert move.run(question.pk, changes={"origin": origin, "title": title}) == 1
        question.refresh_from_db()
        assert (question.origin_id, question.title) == (origin, title)


def test_a_save_that_does_more_than_an_update_is_refused():
    question = QuestionFactory()
    save = PreparedUpdate(Question, ["title"], lambda pk: Question.objects.filter(pk=pk))

    def receiver(**kwargs):
        pass

    post_save.connect(receiver, sender=Question)
    try:
        with pytest.raises(TypeError, match="does more on save"):
            save.save(question)
    finally:
        post_save.disconnect(receiver, sender=Question)


@pytest.mark.django_db(transaction=True)
def test_a_locking_read_needs_a_transaction():
    question = QuestionFactory()
    prepared = Prepared(Question, lambda pk: Question.objects.select_for_update().filter(pk=pk))
    with transaction.atomic():
        assert prepared.get(question.pk) == question
    with pytest.raises(TransactionManagementError):
        prepared.get(question.pk)


def test_a_value_the_sql_does_not_use_is_left_to_the_orm(caplog):
    question = QuestionFactory()
    prepared = Prepared(Question, lambda pk: Question.objects.all())
    assert prepared.all(1) == [question]
    assert "did not reach the SQL" in caplog.text


def test_shape_of_reads_a_list_of_ints_as_the_general_path_does():
    """The quick path for lists of plain ints gives what the general path gives: numbers
    beyond 64 bits leave the list, a bool or a string is refused."""
    assert shape_of([[3, 1, 2], 7]) == ((3, None), [3, 1, 2, 7])
    assert shape_of([[3, 1, 2]]) == shape_of([(3, 1, 2)])
    assert shape_of([[2**70, 5, -(2**70)]]) == ((1,), [5])
    assert shape_of([[2**70]]) == (None, [])
    assert shape_of([[]]) == (None, [])
    for wrong in ([1, True], [1, "2"], [1, 2.0]):
        with pytest.raises(TypeError):
            shape_of([wrong])
