"""Forms of the werkgroep. They only shape input and show errors; the rules live in the services, whose
ValidationErrors are put back on these forms beside the field they concern."""

from django import forms
from django.utils.translation import gettext_lazy as _

from finance.fields import WholeNumberField

from .models import COMMENT_MAX_LENGTH, Advice, Thread
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
