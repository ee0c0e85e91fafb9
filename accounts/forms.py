"""The MFA forms: one field for a code, from the authenticator app or (when verifying) a backup code."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        error_messages={"required": _("Type the code your authenticator app shows.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 10}
        ),
    )

    def __init__(self, *args, backup=False, **kwargs):
        super().__init__(*args, **kwargs)
        if backup:  # a backup code has letters too
            self.fields["code"].widget.attrs["inputmode"] = "text"
            self.fields["code"].help_text = _(
                "The 6 digits your authenticator app shows now, or one of your backup codes."
            )
        else:
            self.fields["code"].help_text = _("The 6 digits your authenticator app shows now.")
