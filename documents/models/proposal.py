"""What the documents need beyond the dossier's content: the collegevoorstel's own texts and beslispunten, the
section headings a gemeente uses in its proposals, and the gemeente's response to each of Berenschot's conclusions
and recommendations. All are dossier content (versioned, in the history, in every frozen snapshot)."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dossier.models.base import TEXT_MAX_LENGTH, CleanReportsConstraints, DossierContent

from .archive import ArchiveCategory


class WooGround(models.Model):
    """Reference data: a ground of the Wet open overheid on which a document is not (wholly) made public, with the
    text of the law. Its key is the article ("5.1 lid 2 sub i"), so a frozen version and an export name the ground
    itself, as other shared reference data is named by its key."""

    key = models.CharField(_("article"), max_length=40, primary_key=True, help_text=_("E.g. “5.1 lid 2 sub i”."))
    text = models.CharField(_("text of the law"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        db_table = "dossier_wooground"  # made in the dossier app, before the documents had an app of their own
        verbose_name = _("Woo ground")
        verbose_name_plural = _("Woo grounds")
        ordering = ["position", "key"]

    def __str__(self):
        return f"art. {self.key} Woo: {self.text}"


class Proposal(CleanReportsConstraints, DossierContent):
    """The collegevoorstel's texts that are not elsewhere in the dossier (one per dossier)."""

    constraints_checked_in_clean = frozenset({"proposal_woo_ground_iff_not_public"})

    onderwerp = models.CharField(_("onderwerp"), max_length=300)
    portefeuillehouder = models.CharField(
        _("portefeuillehouder"), max_length=200, help_text=_("As a role, e.g. “portefeuillehouder Sociaal Domein”.")
    )
    # The header of the collegevoorstel: roles, never names of people.
    steller = models.CharField(_("steller"), max_length=200, blank=True, help_text=_("As a role, not a name."))
    afdeling = models.CharField(_("afdeling"), max_length=200, blank=True)
    college_date = models.DateField(
        _("date of the collegevergadering"), null=True, blank=True, help_text=_("Empty: not planned yet.")
    )
    openbaar = models.BooleanField(_("public"), default=True)
    woo_ground = models.ForeignKey(
        WooGround,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Woo ground"),
        help_text=_("Only when the proposal is not public."),
    )
    informatieplicht_raad = models.BooleanField(_("actieve informatieplicht raad"), default=False)
    # The selectielijst category the archive package takes its waardering and bewaartermijn from; frozen with each
    # version, so an archived version states the category it was decided under.
    archive_category = models.ForeignKey(
        ArchiveCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("selectielijst category"),
        help_text=_("Empty: the dossier cannot be archived yet."),
    )
    header_note = models.TextField(
        _("basis of the header"),
        blank=True,
        max_length=2_000,
        help_text=_(
            "Which header data are assumptions or the kwartiermaker's own text, where the documents are silent."
        ),
    )
    chosen_scenario = models.ForeignKey(
        "scenarios.Scenario",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed scenario"),
    )
    aanleiding = models.TextField(
        _("aanleiding"),
        blank=True,
        max_length=TEXT_MAX_LENGTH,
        help_text=_("Short, for the college. Empty: the collegevoorstel shows the bestuursopdracht's aanleiding."),
    )
    beoogd_effect = models.TextField(_("beoogd effect"), blank=True, max_length=TEXT_MAX_LENGTH)
    argumenten = models.TextField(_("argumenten"), blank=True, max_length=TEXT_MAX_LENGTH)
    kanttekeningen = models.TextField(_("kanttekeningen en risico's"), blank=True, max_length=TEXT_MAX_LENGTH)
    financien = models.TextField(_("financiële consequenties"), blank=True, max_length=TEXT_MAX_LENGTH)
    juridisch = models.TextField(_("juridische aspecten"), blank=True, max_length=TEXT_MAX_LENGTH)
    communicatie = models.TextField(_("communicatie en participatie"), blank=True, max_length=TEXT_MAX_LENGTH)
    uitvoering = models.TextField(_("uitvoering en planning"), blank=True, max_length=TEXT_MAX_LENGTH)
    history = HistoricalRecords(table_name="dossier_historicalproposal")

    header_fields = (
        "steller",
        "afdeling",
        "college_date",
        "openbaar",
        "woo_ground",
        "informatieplicht_raad",
        "header_note",
    )
    text_fields = (
        "aanleiding",
        "beoogd_effect",
        "argumenten",
        "kanttekeningen",
        "financien",
        "juridisch",
        "communicatie",
        "uitvoering",
    )
    citable_fields = text_fields

    class Meta:
        db_table = "dossier_proposal"  # made in the dossier app, before the documents had an app of their own
        verbose_name = _("collegevoorstel")
        verbose_name_plural = _("collegevoorstellen")
        constraints = [
            models.UniqueConstraint(fields=["dossier"], name="one_proposal_per_dossier"),
            models.CheckConstraint(
                condition=Q(openbaar=True, woo_ground__isnull=True) | Q(openbaar=False, woo_ground__isnull=False),
                name="proposal_woo_ground_iff_not_public",
                violation_error_message=_("A proposal that is not public names its Woo ground; a public one none."),
            ),
        ]

    def __str__(self):
        return self.onderwerp

    def clean(self):
        if not self.openbaar and self.woo_ground_id is None:
            raise ValidationError({"woo_ground": _("Choose the Woo ground on which the proposal is not public.")})
        if self.openbaar and self.woo_ground_id is not None:
            raise ValidationError({"woo_ground": _("A public proposal has no Woo ground: leave it empty.")})


class Beslispunt(DossierContent):
    """One numbered decision the college is asked to take."""

    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    text = models.TextField(
        _("beslispunt"),
        max_length=2_000,
        help_text=_(
            "The document fills in {scenario} (the proposed scenario), {dvo_besluit} (op te zeggen or te verlengen, "
            "by the scenario), {dvo_wederpartij}, {dvo_opzegdatum} and {dvo_einddatum} from the version."
        ),
    )
    history = HistoricalRecords(table_name="dossier_historicalbeslispunt")

    class Meta:
        db_table = "dossier_beslispunt"  # made in the dossier app, before the documents had an app of their own
        verbose_name = _("beslispunt")
        verbose_name_plural = _("beslispunten")
        ordering = ["number", "id"]
        constraints = [models.UniqueConstraint(fields=["dossier", "number"], name="beslispunt_number_per_dossier")]

    def __str__(self):
        return f"{self.number}. {self.text[:80]}"


class ProposalHeading(DossierContent):
    """The heading a gemeente uses for one section of its collegevoorstel, its place, and whether it is shown."""

    class Section(models.TextChoices):
        ONDERWERP = "onderwerp", _("Subject")
        BESLISPUNTEN = "beslispunten", _("Decisions")
        AANLEIDING = "aanleiding", _("Occasion")
        BEOOGD_EFFECT = "beoogd_effect", _("Intended effect")
        ARGUMENTEN = "argumenten", _("Arguments")
        KANTTEKENINGEN = "kanttekeningen", _("Caveats and risks")
        FINANCIEN = "financien", _("Financial consequences")
        JURIDISCH = "juridisch", _("Legal aspects")
        COMMUNICATIE = "communicatie", _("Communication and participation")
        UITVOERING = "uitvoering", _("Implementation and planning")
        ADVIES = "advies", _("Advice of the werkgroep")
        BIJLAGEN = "bijlagen", _("Appendices")

    section = models.CharField(_("section"), max_length=30, choices=Section)
    heading = models.CharField(_("heading"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), validators=[MinValueValidator(1)])
    shown = models.BooleanField(_("shown"), default=True)
    history = HistoricalRecords(table_name="dossier_historicalproposalheading")

    class Meta:
        db_table = "dossier_proposalheading"  # made in the dossier app, before the documents had an app of their own
        verbose_name = _("heading of the collegevoorstel")
        verbose_name_plural = _("headings of the collegevoorstel")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["dossier", "section"], name="heading_once_per_section")]

    def __str__(self):
        return f"{self.position}. {self.heading}"


class ReactionPoint(DossierContent):
    """One of Berenschot's conclusions or recommendations, with the gemeente's bestuurlijke reactie to it."""

    class Kind(models.TextChoices):
        CONCLUSIE = "conclusie", _("Conclusion")
        AANBEVELING = "aanbeveling", _("Recommendation")

    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    text = models.TextField(_("text in the report"), max_length=TEXT_MAX_LENGTH)
    locator = models.CharField(_("place in the report"), max_length=200, blank=True)
    response = models.TextField(_("response of the gemeente"), blank=True, max_length=TEXT_MAX_LENGTH)
    history = HistoricalRecords(table_name="dossier_historicalreactionpoint")

    class Meta:
        db_table = "dossier_reactionpoint"  # made in the dossier app, before the documents had an app of their own
        verbose_name = _("point of the evaluation")
        verbose_name_plural = _("points of the evaluation")
        ordering = ["number", "id"]
        constraints = [models.UniqueConstraint(fields=["dossier", "number"], name="reaction_number_per_dossier")]

    def __str__(self):
        return f"{self.number}. {self.text[:80]}"
