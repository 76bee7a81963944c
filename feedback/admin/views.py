"""The key-point admin's own pages: suggestions from the model answer, and the check of
a sample answer against the points as typed in the change form."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms.formsets import ManagementForm
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from feedback.admin.forms import (
    KEY_POINTS_MAX,
    CheckedRowForm,
    SampleAnswerForm,
    SuggestionFormSet,
    format_alias_groups,
)
from feedback.admin.keypoints import (
    append_key_points,
    check_sample,
    model_answer,
    new_suggestions,
)
from questions.models import Question

# The inline formset's prefix: the related name of KeyPoint.question.
INLINE_PREFIX = "key_points"


@require_http_methods(["GET", "POST"])
def key_points_suggest(request, object_id, *, model_admin):
    """Key points proposed from the saved model answer; the ticked ones are added."""
    question = get_object_or_404(Question, pk=object_id)
    if not model_admin.has_change_permission(request, question):
        raise PermissionDenied
    change_url = reverse(
        f"{model_admin.admin_site.name}:questions_question_change", args=[question.pk]
    )
    suggestions = new_suggestions(question)
    initial = [
        {
            "label_zh": point["label_zh"],
            "label_en": point["label_en"],
            "alias_text": format_alias_groups(point["aliases"]),
            "source": source,
        }
        for point, source in suggestions
    ]
    if request.method == "POST":
        formset = SuggestionFormSet(request.POST, initial=initial)
        if formset.is_valid():
            chosen = [form.cleaned_data["point"] for form in formset if form.cleaned_data["add"]]
            if chosen:
                append_key_points(question=question, points=chosen)
                model_admin.message_user(
                    request,
                    ngettext(
                        "Added %(count)d key point. Check the order and aliases below.",
                        "Added %(count)d key points. Check the order and aliases below.",
                        len(chosen),
                    )
                    % {"count": len(chosen)},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(f"{change_url}#key_points-group")
            model_admin.message_user(
                request, _("Nothing was added: tick the suggestions to add."), messages.WARNING
            )
    else:
        formset = SuggestionFormSet(initial=initial)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Suggest key points"),
        "subtitle": str(question),
        "opts": Question._meta,
        "original": question,
        "change_url": change_url,
        "formset": formset,
        "has_answer": bool(question.answer_md.strip() or question.supplement_md.strip()),
    }
    return TemplateResponse(request, "admin/feedback/suggest_key_points.html", context)


@require_POST
def key_points_check(request, *, model_admin):
    """Which key points, as typed in the change form (saved or not), a sample answer makes."""
    if not (model_admin.has_change_permission(request) or model_admin.has_add_permission(request)):
        raise PermissionDenied
    sample_form = SampleAnswerForm(request.POST)
    management = ManagementForm(request.POST, prefix=INLINE_PREFIX)
    if not sample_form.is_valid() or not management.is_valid():
        errors = [*sample_form.errors.get("keypoint_sample", []), *management.non_field_errors()]
        message = " ".join(errors) or _("The key points could not be read.")
        return key_points_fragment(request, {"error": message}, status=422)
    total = management.cleaned_data["TOTAL_FORMS"]
    if total > KEY_POINTS_MAX:
        message = _("At most %(limit)d key points can be checked.") % {"limit": KEY_POINTS_MAX}
        return key_points_fragment(request, {"error": message}, status=422)
    rows = [
        CheckedRowForm(request.POST, prefix=f"{INLINE_PREFIX}-{index}") for index in range(total)
    ]
    typed = sample_form.cleaned_data
    answer = model_answer(typed["answer_md"], typed["supplement_md"])
    context = check_sample(typed["keypoint_sample"], rows, answer=answer)
    return key_points_fragment(request, context)


def key_points_fragment(request, context, status=200) -> HttpResponse:
    return TemplateResponse(request, "admin/feedback/_key_point_check.html", context, status=status)
