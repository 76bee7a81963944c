"""The optional AI grader (issue 21) against a fake OpenAI-compatible server."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from feedback.grader.gateway import Endpoint
from feedback.grader.limits import GRADER_DAILY_CAP
from feedback.grader.services import grading_run
from feedback.models import Grading
from feedback.tests.fake_openai import FakeOpenAI
from feedback.tests.test_pages import answered, html
from questions.models import KeyPoint
from questions.tests.factories import QuestionFactory
from testsupport import english_client

pytestmark = pytest.mark.django_db

TEXT = "LoRA 冻结原模型的参数，只训练一个低秩旁路。"
GOOD = [
    {"point": 1, "verdict": "covered", "quote": "只训练一个低秩旁路"},
    {"point": 2, "verdict": "covered", "quote": "冻结原模型的参数"},
    {"point": 3, "verdict": "missing", "quote": ""},
]


@pytest.fixture
def question():
    question = QuestionFactory(title="What are LoRA and P-tuning?")
    points = [
        ("低秩旁路", "Low-rank bypass", True, [["低秩", "low-rank"]]),
        ("冻结原参数", "Frozen weights", True, [["冻结", "freeze", "frozen"]]),
        ("虚拟 token", "Virtual tokens", False, [["virtual token", "虚拟token"]]),
    ]
    for position, (zh, en, essential, aliases) in enumerate(points, start=1):
        KeyPoint.objects.create(
            question=question,
            position=position,
            label_zh=zh,
            label_en=en,
            essential=essential,
            aliases=aliases,
        )
    return question


@pytest.fixture
def fake(settings):
    with FakeOpenAI() as server:
        settings.OPENAI_BASE_URL = server.base_url
        settings.OPENAI_MODEL = "fake-model"
        settings.OPENAI_API_KEY = "sk-test"
        yield server


def graded(user, question, django_capture_on_commit_callbacks, text=TEXT):
    with django_capture_on_commit_callbacks(execute=True):
        answer = answered(user, question, text)
    return Grading.objects.get(answer=answer)


def test_off_by_default_nothing_is_sent(user, question, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        answered(user, question, TEXT)
    assert not Grading.objects.exists()
    assert callbacks == []


def test_a_good_reply_is_kept_with_its_prompt_and_model(
    user,
    question,
    fake,
    django_capture_on_commit_callbacks,
):
    fake.reply(GOOD)
    grading = graded(user, question, django_capture_on_commit_callbacks)
    assert grading.status == "done"
    assert [v["verdict"] for v in grading.verdicts] == ["covered", "covered", "missing"]
    assert grading.model == "fake-model" and grading.prompt_version
    assert TEXT in grading.prompt and "Frozen weights" in grading.prompt
    [request] = fake.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["auth"] == "Bearer sk-test"
    assert request["body"]["model"] == "fake-model"
    # The grader never rates: the rating and the suggested rating stay the matcher's.
    answer = grading.answer
    answer.refresh_from_db()
    assert answer.rating is None
    assert answer.coverage.suggested_rating == 3  # 2 of 3 by the matcher, as before


def test_malformed_json_fails_the_grading(user, question, fake, django_capture_on_commit_callbacks):
    fake.content = '{"points": [{"point": 1, "verdict": "covered"'
    grading = graded(user, question, django_capture_on_commit_callbacks)
    assert grading.status == "failed" and grading.verdicts == []


def test_a_quote_not_in_the_answer_is_dropped(
    user,
    question,
    fake,
    django_capture_on_commit_callbacks,
):
    fake.reply(
        [
            {"point": 1, "verdict": "covered", "quote": "只训练 一个低秩旁路"},  # spaces fold away
            {"point": 2, "verdict": "covered", "quote": "freezes the base model"},
            {"point": 3, "verdict": "covered", "quote": "virtual tokens"},
        ]
    )
    grading = graded(user, question, django_capture_on_commit_callbacks)
    assert grading.status == "done"
    assert grading.verdicts[0]["verdict"] == "covered"
    assert grading.verdicts[1:] == [{}, {}]
    assert grading.dropped == 2


def test_a_reply_in_the_wrong_language_keeps_nothing(
    user,
    question,
    fake,
    django_capture_on_commit_callbacks,
):
    # Verdict words translated, and a quote translated into English: nothing is usable.
    fake.reply(
        [
            {"point": 1, "verdict": "已覆盖", "quote": "只训练一个低秩旁路"},
            {"point": 2, "verdict": "covered", "quote": "freeze the original model's weights"},
        ]
    )
    grading = graded(user, question, django_capture_on_commit_callbacks)
    assert grading.status == "failed"


def test_a_500_fails_the_grading(user, question, fake, django_capture_on_commit_callbacks):
    fake.status = 500
    fake.raw = b'{"error": "boom"}'
    grading = graded(user, question, django_capture_on_commit_callbacks)
    assert grading.status == "failed" and "500" in grading.error


def test_a_timeout_fails_the_grading(user, question, fake, settings):
    answer = answered(user, question, TEXT)  # on_commit not run: the job is run by hand
    grading = Grading.objects.get(answer=answer)
    fake.holding = True
    endpoint = Endpoint(fake.base_url, "fake-model", timeout=0.3)
    grading = grading_run(grading_id=grading.pk, endpoint=endpoint)
    fake.hold.set()
    assert grading.status == "failed" and "reached" in grading.error


def test_each_user_has_a_daily_cap(user, question, fake, settings, monkeypatch):
    monkeypatch.setattr("feedback.grader.services.GRADER_DAILY_CAP", 1)
    answered(user, question, TEXT)
    answered(user, question, TEXT + "再答一次")
    assert Grading.objects.filter(user=user).count() == 1
    assert GRADER_DAILY_CAP > 1


def test_the_reveal_polls_until_the_verdicts_arrive_and_shows_disagreements(
    user,
    user_client,
    question,
    fake,
    django_capture_on_commit_callbacks,
):
    answer = answered(user, question, TEXT)  # pending: the job has not run
    url = reverse("feedback:grading", args=[answer.pk])
    page = html(user_client.get(answer.get_absolute_url()))
    assert f'hx-get="{url}"' in page and "is reading your answer" in page
    fake.reply(
        [
            {"point": 1, "verdict": "covered", "quote": "只训练一个低秩旁路"},
            {"point": 2, "verdict": "wrong", "quote": "冻结原模型的参数"},
            {"point": 3, "verdict": "covered", "quote": "<script>"},
        ]
    )
    grading_run(grading_id=answer.grading.pk)
    fragment = html(user_client.get(url, HTTP_HX_REQUEST="true"))
    assert "hx-get" not in fragment  # done: polling stops
    assert "grader: wrong" in fragment and "matching: found" in fragment
    assert "disagree on 1 point" in fragment


def test_the_fragment_is_404_for_other_users(user, question, fake):
    answer = answered(user, question, TEXT)
    other = english_client()
    other.force_login(UserFactory())
    assert other.get(reverse("feedback:grading", args=[answer.pk])).status_code == 404


def test_the_account_page_says_where_answers_go(user, user_client, settings):
    assert "not sent to any AI grader" in html(user_client.get(reverse("accounts:profile")))
    settings.OPENAI_BASE_URL = "https://llm.example.com/v1"
    settings.OPENAI_MODEL = "m"
    assert "https://llm.example.com" in html(user_client.get(reverse("accounts:profile")))


def test_the_evaluation_scores_a_configured_grader(fake):
    from feedback.engine.matching import KeyPoint as MatchPoint
    from feedback.eval.data import Bank, LabelledAnswer
    from feedback.eval.grader_eval import grader_predictor
    from feedback.eval.scoring import score
    from feedback.grader.services import configured_endpoint

    points = (
        MatchPoint("低秩旁路", "Low-rank bypass", True, (("低秩",),)),
        MatchPoint("冻结", "Frozen", True, (("冻结",),)),
    )
    bank = Bank({"q": points}, {"q": ""})
    answer = LabelledAnswer(
        "a", "q", "short_paraphrase", "大矩阵不动，只学一个瘦的增量", (True, True)
    )
    fake.reply(
        [
            {"point": 1, "verdict": "partly", "quote": "只学一个瘦的增量"},
            {"point": 2, "verdict": "covered", "quote": "the big matrix stays"},  # not quoted
        ]
    )
    counts = score([answer], grader_predictor(bank, configured_endpoint()))
    assert (counts.true_positive, counts.false_negative) == (1, 1)
