"""Forms of the werkgroep. They only shape input and show errors; the rules live in the services, whose
ValidationErrors are put back on these forms beside the field they concern."""

from django import forms
from django.utils.translation import gettext_lazy as _

from finance.fields import WholeNumberField

from .models import COMMENT_MAX_LENGTH, Advice, NotificationSettings, RouteRole, RouteTemplate, Thread
from .services import TRANSITIONS


def _text_field(label, *, required=True, rows=4, help_text=""):
    # No max_length here: the browser submits line breaks as CRLF, so the raw value is longer than what the user
    # typed; services.clean_text normalises first and then checks the length, with its own message.
    return forms.CharField(
        label=label,
        required=required,
        strip=False,
        help_text=help_text,
        error_messages={"required": _("Write your comment first; an empty comment cannot be placed.")},
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": COMMENT_MAX_LENGTH, "data-mentions": ""}),
    )


MARKUP_HELP = _("Plain text; **bold**, *italic*, [text](https://…) and lines starting with “- ” work. @name mentions.")


class CommentForm(forms.Form):
    """A new thread, a reply or an edit: one text."""

    text = _text_field(_("Your comment"), help_text=MARKUP_HELP)

    def __init__(self, *args, prefix_id: str = "", **kwargs):
        if prefix_id:
            kwargs.setdefault("auto_id", f"id_{prefix_id}_%s")
        super().__init__(*args, **kwargs)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Thread.Status.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        help_text=_("Verwerkt: what changed. Niet overgenomen: why not (required)."),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX_LENGTH}),
    )
    in_version = WholeNumberField(label=_("In version (optional)"), required=False, min_value=1, max_value=10_000)
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, thread: Thread, **kwargs):
        kwargs.setdefault("auto_id", f"id_status{thread.pk}_%s")
        kwargs.setdefault("initial", {"expected_version": thread.version})
        super().__init__(*args, **kwargs)

        # Any status passes the form; the service decides whether it may follow the saved one (after checking the
        # version, so a change made from an outdated page is a conflict, never a lost note). The list offers what
        # may follow the status the page shows.
        allowed = TRANSITIONS[Thread.Status(thread.status)]
        self.fields["status"].widget.choices = [(v, label) for v, label in Thread.Status.choices if v in allowed]

    def show_every_status(self) -> None:
        self.fields["status"].widget.choices = list(Thread.Status.choices)


class AdviceRequestForm(forms.Form):
    note = forms.CharField(
        label=_("What the werkgroep is asked to look at"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX_LENGTH}),
    )


class AdviceForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Advice"), choices=Advice.Verdict.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Explanation"),
        max_length=COMMENT_MAX_LENGTH,
        error_messages={"required": _("Explain the advice; the college reads it with the proposal.")},
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": COMMENT_MAX_LENGTH}),
    )
    threads = forms.ModelMultipleChoiceField(
        label=_("Threads this advice refers to"),
        required=False,
        queryset=Thread.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, dossier, discipline: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verdict"].error_messages["required"] = _(
            "Choose positief, positief met kanttekeningen or negatief."
        )
        # The threads this discipline opened: the ones its advice can point at, a short list even in a busy dossier.
        self.fields["threads"].queryset = Thread.objects.filter(dossier=dossier, discipline=discipline).order_by(
            "opened_at", "id"
        )
        self.fields["threads"].label_from_instance = lambda t: f"#{t.pk} {t.anchor_label} ({t.get_status_display()})"


class EmailSettingsForm(forms.Form):
    email = forms.BooleanField(label=_("Also send my notifications by e-mail"), required=False)
    frequency = forms.ChoiceField(
        label=_("How often"),
        required=False,  # left out: unchanged
        choices=NotificationSettings.Frequency.choices,
        initial=NotificationSettings.Frequency.IMMEDIATE,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the options.")},
    )


# ---------------------------------------------------------------------------------------------- route


def _note_field(label, *, required=False, rows=2, message=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=COMMENT_MAX_LENGTH,
        error_messages={"required": message} if message else {},
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": COMMENT_MAX_LENGTH}),
    )


class RouteTemplateForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Route template"),
        queryset=RouteTemplate.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose a route template of this gemeente.")},
    )

    def __init__(self, *args, gemeente: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = RouteTemplate.objects.filter(gemeente=gemeente).order_by("name")
        self.fields["template"].error_messages["required"] = _("Choose a route template of this gemeente.")


class RouteRolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Route roles"),
        required=False,
        choices=RouteRole.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose route roles from the list.")},
    )

    def __init__(self, *args, member_id: int, **kwargs):
        kwargs.setdefault("auto_id", f"id_roles{member_id}_%s")
        super().__init__(*args, **kwargs)


class StepCompleteForm(forms.Form):
    note = _note_field(_("Note (optional)"))

    def __init__(self, *args, step_id: int, **kwargs):
        kwargs.setdefault("auto_id", f"id_step{step_id}_%s")
        super().__init__(*args, **kwargs)


class StepSkipForm(forms.Form):
    reason = _note_field(
        _("Reason for skipping"),
        required=True,
        message=_("Give the reason for skipping this step; it is recorded with the route."),
    )

    def __init__(self, *args, step_id: int, **kwargs):
        kwargs.setdefault("auto_id", f"id_skip{step_id}_%s")
        super().__init__(*args, **kwargs)


class ReviseForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Revised advice"), choices=Advice.Verdict.choices, widget=forms.RadioSelect)
    text = _note_field(
        _("Explanation"),
        required=True,
        rows=4,
        message=_("Explain the advice; the college reads it with the proposal."),
    )

    def __init__(self, *args, review_id: int, **kwargs):
        kwargs.setdefault("auto_id", f"id_review{review_id}_%s")
        super().__init__(*args, **kwargs)
        self.review_id = review_id
        self.fields["verdict"].error_messages["required"] = _(
            "Choose positief, positief met kanttekeningen or negatief."
        )
