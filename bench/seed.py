"""Fill the benchmark database: a 1,000-question bank and a realistic history.

1,000 users, 20,000 interviews and 100,000 answers; one "light" user with 10 interviews
and one "heavy" user with 2,000, so the history page can be compared between them.
"""

import random
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from interview.models import Answer, Interview
from interview.tallies import rebuild_tallies
from questions import generation
from questions.models import Question, Tag, normalize_for_search
from testsupport.history import (
    ANSWERS_PER_INTERVIEW,
    finished_interview,
    save_history,
    submitted_answer,
)

USERS = 1_000
INTERVIEWS = 20_000
QUESTIONS = 1_000
LIGHT_INTERVIEWS = 10
HEAVY_INTERVIEWS = 2_000
PASSWORD = "bench-password-1"
SAMPLE_ANSWER = (
    "LoRA 冻结预训练权重，只训练低秩矩阵 A 和 B；B 初始化为 0，所以一开始增量为 0。\n"
    "推理时可以把 BA 合并回原权重，不增加延迟。"
)


def seed_bank(rng: random.Random) -> list[Question]:
    """The real seed questions, then variants of them until the bank has 1,000."""
    call_command("load_question_bank", verbosity=0)
    originals = list(Question.objects.prefetch_related("tags"))
    through = Question.tags.through
    variants, variant_tags = [], []
    for index in range(QUESTIONS - len(originals)):
        base = originals[index % len(originals)]
        question = Question(
            number=100 + index,
            slug=f"bench-{index:04d}",
            title=f"{base.title}（变体 {index + 1}）",
            answer_md=base.answer_md,
            supplement_md=base.supplement_md,
            difficulty=base.difficulty,
            answer_minutes=base.answer_minutes,
            source="benchmark",
        )
        question.search_text = normalize_for_search(f"{question.title}\n{question.answer_md}")
        variants.append(question)
    Question.objects.bulk_create(variants, batch_size=500)
    created = {question.slug: question for question in Question.objects.filter(source="benchmark")}
    for index in range(QUESTIONS - len(originals)):
        base = originals[index % len(originals)]
        for tag in base.tags.all():
            variant_tags.append(
                through(question_id=created[f"bench-{index:04d}"].pk, tag_id=tag.pk)
            )
    through.objects.bulk_create(variant_tags, batch_size=2_000)
    generation.advance()  # bulk_create sends no signals (questions/generation.py)
    return list(Question.objects.all())


def seed_history(rng: random.Random, questions: list[Question]) -> None:
    password = make_password(PASSWORD)
    User.objects.bulk_create(
        User(email=f"user{index:04d}@bench.example", password=password) for index in range(USERS)
    )
    users = list(User.objects.order_by("pk"))
    tags = list(Tag.objects.all())
    # user0000 is light, user0001 heavy; the rest share what is left evenly.
    counts = [LIGHT_INTERVIEWS, HEAVY_INTERVIEWS]
    rest = INTERVIEWS - sum(counts)
    counts += [rest // (USERS - 2) + (1 if i < rest % (USERS - 2) else 0) for i in range(USERS - 2)]
    now = timezone.now()
    interviews = []
    for user, count in zip(users, counts, strict=True):
        for _ in range(count):
            started = now - timedelta(minutes=rng.randint(60, 60 * 24 * 365))
            topic = rng.choice(tags)
            interviews.append(
                finished_interview(
                    user=user,
                    started_at=started,
                    finished_at=started + timedelta(minutes=20),
                    topics=[
                        {"slug": topic.slug, "name_zh": topic.name_zh, "name_en": topic.name_en}
                    ],
                    minutes_per_question=3,
                )
            )

    def answers_for(_index: int, interview: Interview) -> list[Answer]:
        answers = []
        for position, question in enumerate(rng.sample(questions, ANSWERS_PER_INTERVIEW), 1):
            shown = interview.started_at + timedelta(minutes=4 * (position - 1))
            used = rng.randint(30, 200)
            answers.append(
                submitted_answer(
                    interview=interview,
                    position=position,
                    question=question,
                    shown_at=shown,
                    seconds_used=used,
                    time_limit_seconds=180,
                    text=SAMPLE_ANSWER,
                    draft_text=SAMPLE_ANSWER,
                    rating=rng.randint(1, 4),
                    rated_at=shown + timedelta(seconds=used + 20),
                )
            )
        return answers

    save_history(interviews, answers_for, batch_size=2_000)


def seed(seed_value: int = 20261129) -> None:
    rng = random.Random(seed_value)
    with transaction.atomic():
        questions = seed_bank(rng)
        seed_history(rng, questions)
    rebuild_tallies()  # the ratings were bulk-loaded, past the service that counts them
