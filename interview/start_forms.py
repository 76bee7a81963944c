"""The start form: what to practise (a mode, topics), how many questions and how long, and
the one-time token every form that starts an interview carries."""

import uuid

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from interview import estimates, extensions, selection
from interview.limits import (
    DEFAULT_QUESTION_COUNT,
    MAX_MINUTES,
    MAX_QUESTION_COUNT,
    MIN_MINUTES,
    TOKEN_MAX_CHARS,
)
from questions.models import Tag


def minute_choices():
    """Built when the form is rendered, so the labels are in the request's language."""
    return [("", _("Each question's suggested time"))] + [
        (str(minutes), ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes})
        for minutes in range(MIN_MINUTES, MAX_MINUTES + 1)
    ]


def mode_choices():
    return [(mode.key, mode.label) for mode in selection.modes()]


class TokenField(forms.CharField):
    """The one-time token a form that starts an interview carries (see interview_start)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(
            max_length=TOKEN_MAX_CHARS,
            validators=[RegexValidator(r"^[A-Za-z0-9-]+$")],
            error_messages={
                key: _("This form has expired: reload the page and try again.")
                for key in ("required", "invalid", "max_length")
            },
            **kwargs,
        )


class TopicsField(forms.ModelMultipleChoiceField):
    """The start form's topics: none ticked is an empty list (Django's field gives an empty
    queryset, whose every use builds a query that is never run)."""

    def clean(self, value):
        if not value and not self.required:
            return []
        return super().clean(value)


def _copied(field: forms.Field) -> forms.Field:
    """What Django's Field.__deepcopy__ makes of a field (a copy with its own widget,
    widget attributes, messages and validators), without deepcopy's machinery. The
    choices, and a model field's queryset, stay shared: nothing changes them in place (a
    queryset's every use is a new clone, and its choices iterate it with .iterator())."""
    copy = object.__new__(type(field))
    copy.__dict__.update(field.__dict__)
    widget = copy.widget = object.__new__(type(field.widget))
    widget.__dict__.update(field.widget.__dict__)
    widget.attrs = field.widget.attrs.copy()
    copy.error_messages = field.error_messages.copy()
    copy.validators = field.validators[:]
    return copy


class CopiedFields(dict):
    """A form's base fields, copied for each form by _copied: BaseForm.__init__ deep-copies
    them, which cost more than the rest of the start form's work on the page."""

    def __deepcopy__(self, memo):
        return {name: _copied(field) for name, field in self.items()}


# Each other app's field, built once per process and copied for each form (_copied).
_option_fields: dict[extensions.StartOption, forms.Field] = {}


def _option_field(option: extensions.StartOption) -> forms.Field:
    field = _option_fields.get(option)
    if field is None:
        field = _option_fields[option] = option.field()
    return field


class StartForm(forms.Form):
    token = TokenField()
    mode = forms.ChoiceField(
        label=_("What to practise"),
        choices=mode_choices,
        initial=selection.MIX,
        required=False,  # a form without it (an older page) asks for the random mix
        widget=forms.RadioSelect,
    )
    topics = TopicsField(
        label=_("Topics"),
        queryset=Tag.objects.with_active_counts(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to draw from every topic."),
    )
    question_count = forms.IntegerField(
        label=_("Number of questions"),
        min_value=1,
        max_value=MAX_QUESTION_COUNT,
        initial=DEFAULT_QUESTION_COUNT,
    )
    minutes = forms.TypedChoiceField(
        label=_("Time per question"),
        choices=minute_choices,
        coerce=int,
        empty_value=None,
        required=False,
    )
    prefer_unseen = forms.BooleanField(
        label=_("Prefer questions I have not seen yet"), required=False, initial=True
    )
    top_up = forms.BooleanField(
        label=_("Top up with new questions if fewer are due"), required=False, initial=True
    )

    def __init__(self, *args, user, now, **kwargs):
        super().__init__(*args, **kwargs)  # copies base_fields (CopiedFields, below)
        self.user = user
        self.now = now
        self.fields["token"].initial = uuid.uuid4().hex
        for option in extensions.start_options():
            self.fields[option.name] = _copied(_option_field(option))
            if not self.is_bound:
                self.fields[option.name].initial = option.initial(user)

    def start_option_fields(self) -> list[tuple[str, forms.BoundField]]:
        """Other apps' fields with their templates, for the start page to include."""
        return [(option.template, self[option.name]) for option in extensions.start_options()]

    def start_option_callback(self):
        """Each app's `created` with its value, to run once the interview exists."""
        chosen = [(o, self.cleaned_data.get(o.name)) for o in extensions.start_options()]

        def created(interview, *, now):
            for option, value in chosen:
                option.created(interview, value, user=self.user, now=now)

        return created

    def clean(self):
        cleaned = super().clean()
        cleaned["mode"] = cleaned.get("mode") or selection.MIX
        mode = selection.get_mode(cleaned["mode"])
        if mode is not None and not mode.top_up_mode:
            cleaned["top_up"] = False  # only a mode with a top-up offers the box
        topics = cleaned.get("topics") or []
        count = cleaned.get("question_count")
        if mode is None or "topics" in self.errors:
            return cleaned
        if mode.key == selection.MIX and not topics:
            # The whole pool's size, as the estimate reads it: one prepared query.
            available = estimates.pool_size([]).questions
        else:
            available = mode.available(self.user, selection.pool(topics), self.now)
        top_up = selection.get_mode(mode.top_up_mode)
        if top_up is not None and cleaned.get("top_up"):
            available += top_up.available(self.user, selection.pool(topics), self.now)
        if available == 0:
            if mode.key == selection.MIX:
                self.add_error("topics", _("No active questions have these topics. Pick others."))
            else:
                self.add_error("mode", mode.empty_message)
        elif mode.key == selection.MIX and count and count > available:
            self.add_error(
                "question_count",
                ngettext(
                    "Only %(n)d question matches these topics.",
                    "Only %(n)d questions match these topics.",
                    available,
                )
                % {"n": available},
            )
        cleaned["mode_object"] = mode
        return cleaned

    def expected_length(self, counts: dict[str, int], whole_pool) -> estimates.Estimate | None:
        """About how long the interview these values ask for would take, read leniently
        from what the form holds now (sent or initial): it is a hint shown beside Start,
        never a check. `counts` holds how many questions each mode offers, `whole_pool`
        the pool's size without topics (estimates.pool_size)."""
        count = self.requested_count()
        try:
            minutes = int(self["minutes"].value() or 0) or None
        except (TypeError, ValueError):
            minutes = None
        if minutes is not None and not MIN_MINUTES <= minutes <= MAX_MINUTES:
            minutes = None
        topics = selection.topic_slugs(self["topics"].value())
        mode = selection.get_mode(self["mode"].value() or "") or selection.get_mode(selection.MIX)
        return estimates.estimate(
            mode=mode,
            size=estimates.pool_size(topics) if topics else whole_pool,
            count=max(1, min(count, MAX_QUESTION_COUNT)),
            minutes=minutes,
            top_up=bool(self["top_up"].value()) and bool(mode.top_up_mode),
            counts=counts,
        )

    def requested_count(self) -> int:
        """The number of questions the form holds now, read leniently (the default if it
        is not a number): the estimate says when fewer will be drawn."""
        try:
            return int(self["question_count"].value())
        except (TypeError, ValueError, OverflowError):
            return DEFAULT_QUESTION_COUNT

    def choice(self, rng=None) -> selection.Choice:
        data = self.cleaned_data
        extra = {"rng": rng} if rng is not None else {}
        return selection.Choice(
            user=self.user,
            tags=list(data["topics"]),
            count=data["question_count"],
            now=self.now,
            prefer_unseen=data["prefer_unseen"],
            top_up=data["top_up"],
            **extra,
        )


StartForm.base_fields = CopiedFields(StartForm.base_fields)
