"""The question admin's key-point parts: the inline, the extra URLs, the action and the
change form's context."""

from functools import partial

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from feedback.admin.forms import KEY_POINTS_MAX, KeyPointForm, KeyPointFormSet, SampleAnswerForm
from feedback.admin.keypoints import model_answer, point_label, points_not_in
from feedback.admin.views import key_points_check, key_points_suggest
from questions.models import KeyPoint


class KeyPointInline(admin.TabularInline):
    model = KeyPoint
    form = KeyPointForm
    formset = KeyPointFormSet
    fields = ["position", "label_zh", "label_en", "alias_text", "synonyms", "essential"]
    ordering = ["position", "pk"]
    extra = 1
    max_num = KEY_POINTS_MAX
    classes = ["key-points"]


class KeyPointsMixin:
    """Adds the key-point inline, the suggestion page and action, and the sample check."""

    change_form_template = "admin/feedback/question_change_form.html"

    def get_inlines(self, request, obj):
        return [*super().get_inlines(request, obj), KeyPointInline]

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(partial(function, model_admin=self))

        return [
            path(
                "key-points/check/",
                view(key_points_check),
                name="questions_question_key_points_check",
            ),
            path(
                "<int:object_id>/key-points/suggest/",
                view(key_points_suggest),
                name="questions_question_key_points_suggest",
            ),
            *super().get_urls(),
        ]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_change_permission(request):
            action = type(self).suggest_key_points
            actions["suggest_key_points"] = (
                action,
                "suggest_key_points",
                action.short_description,
            )
        return actions

    def suggest_key_points(self, request, queryset):
        """Open the suggestions for the one chosen question."""
        questions = list(queryset[:2])
        if len(questions) != 1:
            self.message_user(
                request, _("Choose one question to suggest key points for."), messages.WARNING
            )
            return None
        return HttpResponseRedirect(suggest_url(self, questions[0]))

    suggest_key_points.short_description = gettext_lazy("Suggest key points")

    def save_related(self, request, form, formsets, change):
        """Save the key points, then warn about any the model answer does not make."""
        super().save_related(request, form, formsets, change)
        question = form.instance
        answer = model_answer(question.answer_md, question.supplement_md)
        for point in points_not_in(answer, question.key_points.as_data()):
            self.message_user(
                request,
                _(
                    "The model answer does not mention the key point “%(label)s”: learners "
                    "will be checked for it without having read it. It was saved all the "
                    "same; check its aliases or the answer."
                )
                % {"label": point_label(point)},
                messages.WARNING,
            )

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context |= {
            "key_points_check_url": reverse(
                f"{self.admin_site.name}:questions_question_key_points_check"
            ),
            "key_points_suggest_url": suggest_url(self, obj) if obj is not None else "",
            "sample_form": SampleAnswerForm(),
        }
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)


def suggest_url(model_admin, question) -> str:
    return reverse(
        f"{model_admin.admin_site.name}:questions_question_key_points_suggest", args=[question.pk]
    )
