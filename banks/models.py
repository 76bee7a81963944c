"""The question basket (试题篮): a user's working list of questions, and named copies of it.

Each user has one working basket (an empty name), which the add buttons fill; saving it
under a name keeps a copy to open again later. Positions order the questions of a basket;
they are compact (1..n) after every change.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from banks.limits import BASKET_NAME_MAX_CHARS
from questions.models import Question


class BasketQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def saved(self):
        return self.exclude(name="")


class Basket(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="baskets"
    )
    # Empty for the working basket; a saved basket's name otherwise.
    name = models.CharField(_("name"), max_length=BASKET_NAME_MAX_CHARS, blank=True)
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    objects = BasketQuerySet.as_manager()

    class Meta:
        verbose_name = _("question basket")
        verbose_name_plural = _("question baskets")
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="basket_name_once_per_user"),
        ]

    def __str__(self):
        return self.name or f"{self.user} · working basket"

    @property
    def is_working(self) -> bool:
        return self.name == ""


class BasketItem(models.Model):
    basket = models.ForeignKey(Basket, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        ordering = ["basket", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["basket", "question"], name="basket_question_once"),
        ]

    def __str__(self):
        return f"{self.basket_id} #{self.position}: {self.question_id}"
