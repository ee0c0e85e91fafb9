"""The forms of the collegevoorstel's texts, beslispunten, headings and the bestuurlijke reactie (the dossier's
generic in-place editing shows them, see documents/kinds.py), and of the college's decision."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dossier.forms import ContentForm, DateInput
from dossier.models.base import TEXT_MAX_LENGTH

from .models import Beslispunt, Decision, Proposal, ProposalHeading, ReactionPoint


class ProposalForm(ContentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "chosen_scenario" not in self.fields:  # a section of the proposal's texts
            return
        # Only a scenario that is compared (not archived) can be proposed.
        scenarios = self.fields["chosen_scenario"].queryset.filter(archived=False)
        if self.instance.chosen_scenario_id:  # a proposal whose scenario was archived later can still be saved
            scenarios = scenarios | self.fields["chosen_scenario"].queryset.filter(pk=self.instance.chosen_scenario_id)
        self.fields["chosen_scenario"].queryset = scenarios

    class Meta:
        model = Proposal
        fields = [
            "onderwerp",
            "portefeuillehouder",
            "chosen_scenario",
            *Proposal.header_fields,
            *Proposal.text_fields,
            "archive_category",
        ]


class BeslispuntForm(ContentForm):
    class Meta:
        model = Beslispunt
        fields = ["number", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class ProposalHeadingForm(ContentForm):
    class Meta:
        model = ProposalHeading
        fields = ["heading", "position", "shown"]


class ReactionPointForm(ContentForm):
    class Meta:
        model = ReactionPoint
        fields = ["number", "kind", "text", "locator", "response"]


class DecisionForm(forms.Form):
    """The college's decision as the bestuurssecretariaat records it; the rules between the fields are the model's
    (`Decision.clean`), reported beside the field through the service."""

    meeting_date = forms.DateField(label=_("Date of the college meeting"), widget=DateInput())
    outcome = forms.ChoiceField(
        label=_("The college's decision"), choices=Decision.Outcome.choices, widget=forms.RadioSelect
    )
    amended_beslispunten = forms.CharField(
        label=_("Amended beslispunten (only for “gewijzigd”)"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        help_text=_("The beslispunten as the college adopted them; the proposed ones stay in the version."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    reason = forms.CharField(
        label=_("Reason for holding (only for “aangehouden”)"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        help_text=_("Why the college held the proposal; the kwartiermaker prepares a new round with it."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    besluitenlijst = forms.CharField(
        label=_("Text in the besluitenlijst"), max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, prefix_id: str = "besluit", proposed: str = "", **kwargs):
        """`proposed`: the version's beslispunten as the amended field starts with them (`proposed_text`)."""
        super().__init__(*args, auto_id=f"{prefix_id}-%s", **kwargs)
        self.proposed = proposed
        if proposed and not self.is_bound:
            self.initial.setdefault("amended_beslispunten", proposed)

    def clean(self):
        """The amended field starts with the proposed beslispunten, to be edited for "gewijzigd": left as it started,
        it says nothing for another outcome and is dropped (changed text with another outcome is still refused)."""
        cleaned = super().clean()
        amended = cleaned.get("amended_beslispunten") or ""
        if cleaned.get("outcome") != Decision.Outcome.GEWIJZIGD and _same_text(amended, self.proposed):
            cleaned["amended_beslispunten"] = ""
        return cleaned


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


class CorrectionForm(DecisionForm):
    """A correction: a whole new decision, with what it corrects said first."""

    correction_note = forms.CharField(
        label=_("What is corrected, and why"), max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )
    field_order = ["correction_note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix_id="correctie", **kwargs)
