"""factory_boy factories for the question bank."""

import factory

from questions.models import Difficulty, Question, Tag


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_zh = factory.Sequence(lambda n: f"主题{n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    """A question; pass `tags=[...]` to attach tags after it is saved."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: n % 1000 + 1)
    slug = factory.Sequence(lambda n: f"question-{n}")
    title = factory.Sequence(lambda n: f"第{n}题：什么是注意力机制？")
    answer_md = "注意力让模型在每一步**加权**参考输入的不同位置。"
    difficulty = Difficulty.MEDIUM
    answer_minutes = 3
    is_active = True

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)
