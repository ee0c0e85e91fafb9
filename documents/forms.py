"""The forms of the collegevoorstel's texts, beslispunten, headings and the bestuurlijke reactie (the dossier's
generic in-place editing shows them, see documents/kinds.py)."""

from django import forms

from dossier.forms import ContentForm

from .models import Beslispunt, Proposal, ProposalHeading, ReactionPoint


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
