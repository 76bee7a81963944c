"""Key points in the question admin: typed alias groups, validation, suggestions, the check."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import UserFactory
from feedback.admin.forms import KEY_POINTS_MAX, format_alias_groups, parse_alias_groups
from questions.models import KeyPoint
from questions.tests.factories import QuestionFactory

CHECK_URL = reverse("admin:questions_question_key_points_check")
CHANGELIST = reverse("admin:questions_question_changelist")


def change_url(question):
    return reverse("admin:questions_question_change", args=[question.pk])


def suggest_url(question):
    return reverse("admin:questions_question_key_points_suggest", args=[question.pk])


def key_point(question, position, label_zh, label_en, aliases, essential=False):
    return KeyPoint.objects.create(
        question=question,
        position=position,
        label_zh=label_zh,
        label_en=label_en,
        aliases=aliases,
        essential=essential,
    )


def form_data(response) -> dict:
    """What the change page would send back untouched: its form and every inline formset."""
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        value = form[name].value()
        if name == "tags":
            data[name] = [str(pk) for pk in value or []]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = "" if value is None else field.widget.format_value(value) or ""
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for row in formset.forms:
            for name, field in row.fields.items():
                value = field.prepare_value(row[name].value())
                if isinstance(value, bool) or name == "DELETE":
                    if value:
                        data[row.add_prefix(name)] = "on"
                elif value is not None:
                    data[row.add_prefix(name)] = str(getattr(value, "pk", value))
    return data


def row(index, label_zh="", label_en="", aliases="", essential=False, position=None, delete=False):
    """One typed row of the key-point inline, as posted."""
    prefix = f"key_points-{index}-"
    data = {
        prefix + "label_zh": label_zh,
        prefix + "label_en": label_en,
        prefix + "alias_text": aliases,
        prefix + "position": "" if position is None else str(position),
    }
    if essential:
        data[prefix + "essential"] = "on"
    if delete:
        data[prefix + "DELETE"] = "on"
    return data


def check_data(sample, *rows):
    data = {
        "keypoint_sample": sample,
        "key_points-TOTAL_FORMS": str(len(rows)),
        "key_points-INITIAL_FORMS": "0",
    }
    for typed in rows:
        data |= typed
    return data


# The alias-group text an editor types


def test_alias_groups_are_typed_one_per_line_with_bars_between_aliases():
    text = "KV cache | KV缓存｜键值缓存\n\n  PagedAttention |  分页注意力  \n"
    assert parse_alias_groups(text) == [
        ["KV cache", "KV缓存", "键值缓存"],
        ["PagedAttention", "分页注意力"],
    ]


def test_a_line_of_bars_alone_is_an_empty_group_and_blank_aliases_are_dropped():
    assert parse_alias_groups("a || b\n | ") == [["a", "b"], []]


def test_commas_belong_to_aliases():
    groups = [["K,V", "q、v", "4, 64, 64"], ["Q(s,a)"]]
    assert parse_alias_groups(format_alias_groups(groups)) == groups


# The inline on the question page

pytestmark = pytest.mark.django_db


def test_the_question_admin_carries_every_app_s_additions(admin_client):
    """questions, interview (statistics) and feedback (key points) on one page."""
    question = QuestionFactory()
    response = admin_client.get(change_url(question), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert 'id="id_answer_md_preview"' in html  # questions: the live preview
    assert "Not answered in any interview yet." in html  # interview: statistics
    assert 'id="key_points-group"' in html  # feedback: the key-point inline
    listing = admin_client.get(CHANGELIST).context["cl"].list_display
    assert {"title_and_tags", "attempts"} <= set(listing)


def test_the_question_page_lists_its_key_points_with_alias_groups_as_text(admin_client):
    question = QuestionFactory()
    key_point(question, 1, "键值缓存", "KV cache", [["KV cache", "KV缓存"], ["显存"]], True)
    response = admin_client.get(change_url(question))
    [inline] = response.context["inline_admin_formsets"]
    [first, extra] = inline.formset.forms
    assert first["alias_text"].value() == "KV cache | KV缓存\n显存"
    assert "KV cache | KV缓存\n显存</textarea>" in response.content.decode()
    assert extra["position"].value() == 2  # a new point goes after the last one


def test_saving_adds_a_typed_key_point_in_order(admin_client):
    question = QuestionFactory()
    key_point(question, 1, "旧", "Old", [["old"]])
    data = form_data(admin_client.get(change_url(question)))
    data |= row(
        1, " 分页注意力 ", "PagedAttention", "PagedAttention | 分页注意力\r\nKV cache", True, 2
    )
    response = admin_client.post(change_url(question), data)
    assert response.status_code == 302, response.context["errors"]
    new = question.key_points.get(label_en="PagedAttention")
    assert (new.label_zh, new.position, new.essential) == ("分页注意力", 2, True)
    assert new.aliases == [["PagedAttention", "分页注意力"], ["KV cache"]]
    assert list(question.key_points.values_list("label_en", flat=True)) == ["Old", "PagedAttention"]


def test_saving_the_page_untouched_changes_no_key_point(admin_client):
    question = QuestionFactory()
    point = key_point(question, 1, "逗号", "Commas", [["K,V", "q、v"], ["Q(s,a)"]])
    data = form_data(admin_client.get(change_url(question)))
    data["key_points-0-alias_text"] = data["key_points-0-alias_text"].replace("\n", "\r\n")
    response = admin_client.post(change_url(question), data)
    assert response.status_code == 302
    point.refresh_from_db()
    assert point.aliases == [["K,V", "q、v"], ["Q(s,a)"]]
    assert question.key_points.count() == 1  # the blank extra row is not a point


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (row(0, "", "Paging", "paging"), "The Chinese label may not be empty."),
        (row(0, "分页", "Paging", ""), "A key point needs at least one group of alias terms."),
        (row(0, "分页", "Paging", "paging\n | ｜"), "An alias group may not be empty."),
        (row(0, "分页", "Paging", "KV cache | kv-cache"), "The alias “kv-cache” appears twice."),
        (row(0, "分页", "Paging", "KV cache\nKV Cache"), "The alias “KV Cache” appears twice."),
        (row(0, "分页", "Paging", "KV\x00cache"), "Null characters are not allowed."),
    ],
    ids=[
        "empty label",
        "no group",
        "empty group",
        "duplicate in a group",
        "duplicate across",
        "nul in an alias",
    ],
)
def test_a_key_point_that_breaks_a_rule_is_refused_with_a_clear_message(
    admin_client, typed, message
):
    question = QuestionFactory()
    data = form_data(admin_client.get(change_url(question))) | typed
    response = admin_client.post(change_url(question), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not question.key_points.exists()


def test_a_deleted_row_is_deleted_whatever_it_holds(admin_client):
    question = QuestionFactory()
    key_point(question, 1, "旧", "Old", [["old"]])
    data = form_data(admin_client.get(change_url(question)))
    data |= {"key_points-0-DELETE": "on", "key_points-0-alias_text": ""}
    assert admin_client.post(change_url(question), data).status_code == 302
    assert not question.key_points.exists()


# Suggestions from the model answer

ANSWER = (
    "- **PagedAttention**：把 KV cache 分页存放\n- 连续批处理：动态加入新请求\n\n用 `vLLM` 部署。"
)


def suggestion_data(response, ticked: dict[int, dict]) -> dict:
    """The suggestion page's form as shown, with rows ticked and edited as given."""
    formset = response.context["formset"]
    data = {
        formset.management_form.add_prefix(name): formset.management_form[name].value()
        for name in formset.management_form.fields
    }
    for index, form in enumerate(formset.forms):
        for name in ("label_zh", "label_en", "alias_text", "source"):
            data[form.add_prefix(name)] = form.fields[name].prepare_value(form[name].value()) or ""
        for name, value in ticked.get(index, {}).items():
            data[form.add_prefix(name)] = value
    return data


def test_suggestions_come_from_the_model_answer_and_skip_points_it_has(admin_client):
    question = QuestionFactory(answer_md=ANSWER)
    key_point(question, 1, "vLLM", "vLLM", [["vllm"]])
    response = admin_client.get(suggest_url(question), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    forms = response.context["formset"].forms
    labels = [form["label_zh"].value() or form["label_en"].value() for form in forms]
    assert {"PagedAttention", "连续批处理"} <= set(labels)  # list heads, bold
    assert "vLLM" not in labels  # already a key point
    assert not any(form["add"].value() for form in forms)  # nothing ticked for the editor
    assert "list item" in response.content.decode()


def test_only_ticked_suggestions_are_added_after_the_last_point(admin_client):
    question = QuestionFactory(answer_md=ANSWER)
    key_point(question, 3, "旧", "Old", [["old"]])
    shown = admin_client.get(suggest_url(question))
    edited = {"add": "on", "label_zh": "分页注意力", "essential": "on"}
    data = suggestion_data(shown, {0: edited, 1: {"label_en": "Left unticked"}})
    response = admin_client.post(suggest_url(question), data)
    assert response.status_code == 302
    assert response["Location"] == f"{change_url(question)}#key_points-group"
    new = question.key_points.get(label_en="PagedAttention")
    assert (new.label_zh, new.position, new.essential) == ("分页注意力", 4, True)
    assert new.aliases == [["PagedAttention"]]
    assert question.key_points.count() == 2


def test_suggestions_fill_both_labels_where_the_term_has_a_latin_name(admin_client):
    question = QuestionFactory(
        answer_md="- **键值缓存（KV cache）**：存放注意力的键和值\n- 连续批处理：x"
    )
    response = admin_client.get(suggest_url(question), HTTP_ACCEPT_LANGUAGE="en")
    labels = {
        form["label_zh"].value(): form["label_en"].value()
        for form in response.context["formset"].forms
    }
    assert labels["键值缓存"] == "KV cache"
    assert labels["连续批处理"] == ""  # no Latin name: the editor writes one


def test_a_ticked_suggestion_without_an_english_label_says_so_at_that_field(admin_client):
    question = QuestionFactory(answer_md=ANSWER)
    shown = admin_client.get(suggest_url(question))
    [index] = [
        index
        for index, form in enumerate(shown.context["formset"].forms)
        if form["label_zh"].value() == "连续批处理"
    ]
    data = suggestion_data(shown, {index: {"add": "on"}})
    response = admin_client.post(suggest_url(question), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    form = response.context["formset"].forms[index]
    assert form.errors == {"label_en": ["The English label may not be empty."]}
    assert not form.non_field_errors()
    html = response.content.decode()
    # The message sits in the English label's cell, just before its box.
    assert re.search(
        r"The English label may not be empty\.</li></ul>\s*"
        rf'<textarea name="form-{index}-label_en"',
        html,
    )
    assert not question.key_points.exists()


def test_saving_a_key_point_without_an_english_label_marks_that_field(admin_client):
    question = QuestionFactory()
    data = form_data(admin_client.get(change_url(question))) | row(
        0, "分页", "", "paging", position=1
    )
    response = admin_client.post(change_url(question), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    [inline] = [
        inline
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "key_points"
    ]
    form = inline.formset.forms[0]
    assert form.errors == {"label_en": ["The English label may not be empty."]}
    html = response.content.decode()
    # Django's tabular inline shows a field's errors in that field's cell, above its box.
    assert re.search(
        r'<td class="field-label_en">\s*<ul class="errorlist"[^>]*>'
        r"<li>The English label may not be empty\.</li>",
        html,
    )
    assert not question.key_points.exists()


def test_nothing_ticked_adds_nothing_and_says_so(admin_client):
    question = QuestionFactory(answer_md=ANSWER)
    data = suggestion_data(admin_client.get(suggest_url(question)), {})
    response = admin_client.post(suggest_url(question), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Nothing was added" in response.content.decode()
    assert not question.key_points.exists()


def test_the_question_page_links_to_the_suggestions(admin_client):
    question = QuestionFactory(answer_md=ANSWER)
    html = admin_client.get(change_url(question)).content.decode()
    assert f'href="{suggest_url(question)}"' in html


def test_the_suggest_action_opens_the_suggestions_for_one_question(admin_client):
    question, other = QuestionFactory(answer_md=ANSWER), QuestionFactory()
    action = {"action": "suggest_key_points", "_selected_action": [question.pk]}
    response = admin_client.post(CHANGELIST, action)
    assert response["Location"] == suggest_url(question)
    action["_selected_action"] = [question.pk, other.pk]
    response = admin_client.post(CHANGELIST, action, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "Choose one question" in response.content.decode()


def test_suggestions_are_for_staff_only(client):
    question = QuestionFactory(answer_md=ANSWER)
    client.force_login(UserFactory())
    assert client.get(suggest_url(question)).status_code in (302, 403)
    assert client.post(suggest_url(question), {}).status_code in (302, 403)
    assert not question.key_points.exists()


# Checking a sample answer against the points as typed


def test_the_check_says_which_typed_points_the_sample_makes_and_where(admin_client):
    data = check_data(
        "我们用 Paged Attention 管理显存 <script>alert(1)</script>",
        row(0, "分页注意力", "PagedAttention", "PagedAttention | 分页注意力", True, 1),
        row(1, "连续批处理", "Continuous batching", "continuous batching | 连续批处理", False, 2),
    )
    response = admin_client.post(CHECK_URL, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 of 2 key points found" in html
    found, missing = response.context["points"]
    assert (found.label, found.found, found.essential, found.words) == (
        "PagedAttention",
        True,
        True,
        ["Paged Attention"],
    )
    assert (missing.label, missing.found) == ("Continuous batching", False)
    assert "<mark>Paged Attention</mark>" in html
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_check_follows_the_typed_order_and_skips_deleted_and_blank_rows(admin_client):
    data = check_data(
        "KV cache and paging",
        row(0, "分页", "Paging", "paging", position=2),
        row(1, "键值缓存", "KV cache", "KV cache", position=1),
        row(2, "删", "Deleted", "KV cache", position=0, delete=True),
        row(3, position=4),
    )
    response = admin_client.post(CHECK_URL, data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert [point.label for point in response.context["points"]] == ["键值缓存", "分页"]
    assert response.context["unchecked"] == []


def test_the_check_names_rows_it_could_not_check(admin_client):
    data = check_data("paging", row(0, "分页", "Paging", "paging | Paging"))
    response = admin_client.post(CHECK_URL, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["points"] == []
    [unchecked] = response.context["unchecked"]
    assert unchecked.name == "分页"
    assert unchecked.problems == ["The alias “Paging” appears twice."]


def test_the_check_without_a_sample_asks_for_one(admin_client):
    data = check_data("  ", row(0, "分页", "Paging", "paging"))
    response = admin_client.post(CHECK_URL, data, HTTP_ACCEPT_LANGUAGE="en")
    assert "Paste a sample answer" in response.content.decode()


def test_the_check_refuses_oversized_input(admin_client):
    long_sample = check_data("x" * (settings.ANSWER_MAX_CHARS + 1))
    assert admin_client.post(CHECK_URL, long_sample).status_code == 422
    many = check_data("x", *(row(index, "点", "Point", f"p{index}") for index in range(51)))
    assert KEY_POINTS_MAX == 50
    assert admin_client.post(CHECK_URL, many).status_code == 422
    assert admin_client.post(CHECK_URL, {"keypoint_sample": "x"}).status_code == 422


def test_the_check_is_a_staff_only_post_with_a_csrf_token(client, admin_user):
    data = check_data("paging", row(0, "分页", "Paging", "paging"))
    assert client.post(CHECK_URL, data).status_code == 302  # to sign in
    client.force_login(UserFactory())
    assert client.post(CHECK_URL, data).status_code in (302, 403)
    staff = Client(enforce_csrf_checks=True)
    staff.force_login(admin_user)
    assert staff.post(CHECK_URL, data).status_code == 403
    staff = Client()
    staff.force_login(admin_user)
    assert staff.get(CHECK_URL).status_code == 405


def test_the_question_page_has_the_check_wired_to_the_typed_points(admin_client):
    question = QuestionFactory()
    html = admin_client.get(change_url(question)).content.decode()
    assert f'hx-post="{CHECK_URL}"' in html
    assert 'hx-trigger="input delay:400ms from:#key_points-group"' in html
    assert 'id="key_points-group"' in html  # the inline the check listens to


# Key points the model answer never mentions: saved, with a warning

ATTENTION_ANSWER = "缩放点积注意力：softmax(QK^T/√d_k)V，**多头**并行计算。"


def test_saving_a_key_point_the_model_answer_never_mentions_warns_and_saves(admin_client):
    question = QuestionFactory(answer_md=ATTENTION_ANSWER)
    data = form_data(admin_client.get(change_url(question)))
    data |= row(0, "闪电注意力", "FlashAttention", "FlashAttention | 闪电注意力", position=1)
    data |= {"_continue": "1"}
    response = admin_client.post(change_url(question), data, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert question.key_points.get().label_en == "FlashAttention"  # saved all the same
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert warnings == [
        "The model answer does not mention the key point “FlashAttention”: learners will be "
        "checked for it without having read it. It was saved all the same; check its aliases "
        "or the answer."
    ]


def test_saving_key_points_the_model_answer_makes_says_nothing_more(admin_client):
    question = QuestionFactory(answer_md=ATTENTION_ANSWER, supplement_md="另见 FlashAttention。")
    data = form_data(admin_client.get(change_url(question)))
    data |= row(0, "多头", "Multi-head", "多头 | multi-head", position=1)
    data |= row(1, "闪电注意力", "FlashAttention", "FlashAttention | 闪电注意力", position=2)
    data |= {"key_points-TOTAL_FORMS": "2"}
    response = admin_client.post(change_url(question), data, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert question.key_points.count() == 2
    assert [m.level_tag for m in response.context["messages"]] == ["success"]


def test_the_check_warns_about_points_the_typed_model_answer_never_mentions(admin_client):
    data = check_data(
        "",
        row(0, "多头", "Multi-head", "多头 | multi-head", position=1),
        row(1, "闪电注意力", "FlashAttention", "FlashAttention | 闪电注意力", position=2),
    ) | {"answer_md": ATTENTION_ANSWER, "supplement_md": ""}
    response = admin_client.post(CHECK_URL, data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.context["not_in_answer"] == ["闪电注意力"]
    html = response.content.decode()
    assert "参考答案没有提到要点“闪电注意力”" in html
    assert "多头”" not in html
    # As typed, not as saved: once the answer mentions it, the warning goes.
    data["supplement_md"] = "另见 **FlashAttention**。"
    assert admin_client.post(CHECK_URL, data).context["not_in_answer"] == []
