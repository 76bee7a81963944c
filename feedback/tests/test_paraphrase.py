"""Terms said in other words (issue 21): an alias's words apart, a word in another form,
and the phrases editors add per key point in the admin."""

import pytest

from feedback.engine.matching import KeyPoint, match_key_points
from feedback.tests.test_admin import change_url, form_data, key_point, row
from questions.tests.factories import QuestionFactory


def point(*aliases: str, synonyms: tuple[str, ...] = ()) -> KeyPoint:
    return KeyPoint("要点", "point", True, (tuple(aliases),), synonyms)


def highlighted(text, match):
    return [text[start:end] for start, end in match.spans]


@pytest.mark.parametrize("alias", ["训练效率", "效率"])
def test_a_short_answer_in_its_own_words_is_found(alias):
    text = "训练起来也比较高效"
    [match] = match_key_points(text, [point(alias)])
    assert match.found
    assert "高效" in "".join(highlighted(text, match))


def test_an_alias_s_words_apart_stay_in_their_clause_and_order():
    [apart] = match_key_points("梯度先累积起来再更新", [point("梯度累积")])
    [crossing] = match_key_points("梯度很大，累积起来", [point("梯度累积")])
    [reversed_order] = match_key_points("累积的梯度", [point("梯度累积")])
    assert apart.found and not crossing.found and not reversed_order.found


def test_a_one_character_word_is_never_looked_for_apart():
    [match] = match_key_points("看数据多少来定", [point("数据少")])
    assert not match.found


def test_a_denied_phrase_still_counts_as_denied():
    [match] = match_key_points("训练并不高效。", [point("训练效率")])
    assert not match.found


def test_an_editor_s_phrase_finds_the_point_with_a_gap():
    text = "原来的大矩阵不动，只学一个很瘦的增量"
    [without] = match_key_points(text, [point("冻结")])
    [with_phrase] = match_key_points(text, [point("冻结", synonyms=("大矩阵…不动",))])
    assert not without.found
    assert with_phrase.found
    assert highlighted(text, with_phrase) == ["大矩阵不动"]


def test_an_editor_s_phrase_in_a_term_dump_states_nothing():
    [match] = match_key_points("瘦 增量 低秩 大矩阵 权重", [point("冻结", synonyms=("增量…低秩",))])
    assert not match.found


def test_synonyms_travel_in_the_point_s_data():
    data = {
        "label_zh": "冻结",
        "label_en": "frozen",
        "essential": True,
        "aliases": [["冻结"]],
        "synonyms": ["大矩阵…不动"],
    }
    assert KeyPoint.from_dict(data).as_dict() == data


@pytest.mark.django_db
def test_the_snapshot_carries_synonyms_only_where_there_are_some():
    question = QuestionFactory()
    key_point(question, 1, "冻结", "Frozen", [["冻结"]]).synonyms = []
    with_phrase = key_point(question, 2, "低秩", "Low rank", [["低秩"]])
    with_phrase.synonyms = ["很瘦的…增量"]
    with_phrase.save()
    plain, phrased = question.key_points.as_data()
    assert "synonyms" not in plain
    assert phrased["synonyms"] == ["很瘦的…增量"]


@pytest.mark.django_db
def test_editors_type_phrases_one_per_line_in_the_key_point_admin(admin_client):
    question = QuestionFactory()
    data = form_data(admin_client.get(change_url(question)))
    data |= row(0, "冻结", "Frozen", "冻结 | freeze", True, 1)
    data["key_points-0-synonyms"] = "大矩阵…不动\r\n\r\n原权重…不更新\r\n"
    response = admin_client.post(change_url(question), data)
    assert response.status_code == 302, response.context["errors"]
    assert question.key_points.get().synonyms == ["大矩阵…不动", "原权重…不更新"]
    page = admin_client.get(change_url(question)).content.decode()
    assert "大矩阵…不动\n原权重…不更新" in page
