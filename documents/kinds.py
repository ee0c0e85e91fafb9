"""The documents' kinds of dossier content, registered with the dossier's generic editing (see dossier.kinds): the
collegevoorstel's texts, its beslispunten and headings, and the points of the bestuurlijke reactie are edited in
place, undone and shown in the history like any other element, and frozen with every version."""

from django.utils.translation import gettext_lazy as _

from dossier.kinds import Kind, Section, prose_sections, register

from . import forms
from .models import Beslispunt, Proposal, ProposalHeading, ReactionPoint


def register_kinds() -> None:
    register(
        Kind(
            "voorstel",
            Proposal,
            forms.ProposalForm,
            "dossier:proposal",
            creatable=False,
            deletable=False,
            sections=(
                Section(
                    "kop", _("Subject and portefeuillehouder"), ("onderwerp", "portefeuillehouder", "chosen_scenario")
                ),
                Section("kopgegevens", _("Header of the collegevoorstel"), Proposal.header_fields),
                *prose_sections(Proposal, *Proposal.text_fields),
                # The selectielijst category the archive package takes its waardering and bewaartermijn from.
                Section("archief", _("Archiving"), ("archive_category",)),
            ),
        ),
        Kind(
            "beslispunt",
            Beslispunt,
            forms.BeslispuntForm,
            "dossier:proposal",
            "documents/proposal.html",
            reload_on_create=True,
        ),
        Kind(
            "voorstelkop",
            ProposalHeading,
            forms.ProposalHeadingForm,
            "dossier:proposal",
            "documents/proposal.html",
            creatable=False,
            deletable=False,
        ),
        Kind(
            "reactiepunt",
            ReactionPoint,
            forms.ReactionPointForm,
            "dossier:reaction",
            "documents/reaction.html",
            reload_on_create=True,
        ),
    )
