"""Dossiers, who takes part in them (per dossier, with a role) and the organisations they talk about."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import CleanReportsConstraints, DossierContent


class Role(models.TextChoices):
    KWARTIERMAKER = "kwartiermaker", _("Kwartiermaker")
    WERKGROEP = "werkgroep", _("Werkgroep")
    COLLEGE = "college", _("College")
    # Records the college's decision on a version and publishes it (documents.Decision).
    BESTUURSSECRETARIAAT = "bestuurssecretariaat", _("Bestuurssecretariaat")


class Discipline(models.TextChoices):
    WMO = "wmo", "Wmo"
    JEUGD = "jeugd", _("Jeugd")
    ONDERWIJS = "onderwijs", _("Onderwijs")
    BELEID = "beleid", _("Beleid")
    FINANCIEN = "financien", _("Financiën")
    HR = "hr", "HR"
    JURIDISCH = "juridisch", _("Juridisch")
    COMMUNICATIE = "communicatie", _("Communicatie")


class Dossier(CleanReportsConstraints, models.Model):
    """One bestuursopdracht of one gemeente, with the DVO it is about."""

    class Status(models.TextChoices):
        VOORBEREIDING = "voorbereiding", _("In voorbereiding")
        ADVISERING = "advisering", _("Ter advisering")
        BESLUITVORMING = "besluitvorming", _("Ter besluitvorming")
        BESLOTEN = "besloten", _("Besloten")
        UITVOERING = "uitvoering", _("In uitvoering")

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    gemeente = models.CharField(_("gemeente"), max_length=100)
    title = models.CharField(_("title"), max_length=200)
    zaaknummer = models.CharField(_("zaaknummer"), max_length=50, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.VOORBEREIDING)
    opdracht_date = models.DateField(_("date of the bestuursopdracht"), null=True, blank=True)
    approved_by = models.CharField(_("approved by"), max_length=200, blank=True)
    period_label = models.CharField(_("period"), max_length=100, blank=True)
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    dvo_provider = models.CharField(_("DVO provider"), max_length=200, blank=True)
    dvo_end = models.DateField(_("DVO end date"), null=True, blank=True)
    dvo_notice_deadline = models.DateField(_("DVO notice deadline"), null=True, blank=True)
    dvo_renewal_years = models.PositiveSmallIntegerField(_("automatic renewal (years)"), null=True, blank=True)
    aanleiding = models.TextField(_("aanleiding"), blank=True)
    doel = models.TextField(_("doel"), blank=True)
    beoogd_resultaat = models.TextField(_("beoogd resultaat"), blank=True)
    afbakening = models.TextField(_("afbakening"), blank=True)
    uitgangspunt = models.TextField(_("uitgangspunt en randvoorwaarde"), blank=True)
    kansen = models.TextField(_("kansen"), blank=True)
    aandachtspunten = models.TextField(_("aandachtspunten"), blank=True)
    financiering = models.TextField(_("financiering"), blank=True)
    traject = models.TextField(_("traject"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # Set when the college decided (conform, gewijzigd or verworpen): from then on the dossier is read-only for
    # everyone (Membership.can_edit), except the status of its milestones. Only dossier.services sets it.
    closed_on = models.DateField(_("decided on"), null=True, blank=True, editable=False)
    history = HistoricalRecords()
    cited_by = GenericRelation("dossier.Citation")

    text_fields = (
        "aanleiding",
        "doel",
        "beoogd_resultaat",
        "afbakening",
        "uitgangspunt",
        "kansen",
        "aandachtspunten",
        "financiering",
        "traject",
    )
    citable_fields = (
        *text_fields,
        "zaaknummer",
        "opdracht_date",
        "period_label",
        "dvo_provider",
        "dvo_end",
        "dvo_notice_deadline",
        "dvo_renewal_years",
    )

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["gemeente", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="dossier_period_order",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(dvo_end__isnull=True)
                | Q(dvo_notice_deadline__isnull=True)
                | Q(dvo_notice_deadline__lte=F("dvo_end")),
                name="dossier_notice_before_end",
                violation_error_message=_("The notice deadline must fall on or before the DVO end date."),
            ),
        ]

    def __str__(self):
        return f"{self.gemeente}: {self.title}"

    def get_absolute_url(self):
        return reverse("dossier:overview", kwargs={"slug": self.slug})

    def clean(self):
        # The same rules as the check constraints, but reported beside the field the user must change.
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The period cannot end before it starts.")
        if self.dvo_end and self.dvo_notice_deadline and self.dvo_notice_deadline > self.dvo_end:
            errors["dvo_notice_deadline"] = _("The notice deadline must fall on or before the DVO end date.")
        if errors:
            raise ValidationError(errors)

    def get_dossier(self):
        return self

    @property
    def is_closed(self) -> bool:
        """The college has decided: nothing in the dossier is edited any more (only milestones are tracked)."""
        return self.closed_on is not None


class Membership(models.Model):
    """A user's role in one dossier; for the werkgroep also the discipline they speak for."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("dossier")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role)
    discipline = models.CharField(_("discipline"), max_length=20, choices=Discipline, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "dossier"], name="membership_one_role_per_dossier"),
            models.CheckConstraint(
                condition=(Q(role="werkgroep") & ~Q(discipline="")) | (~Q(role="werkgroep") & Q(discipline="")),
                name="membership_discipline_iff_werkgroep",
                violation_error_message=_("A werkgroep member needs a discipline; other roles have none."),
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} ({self.dossier.slug})"

    @property
    def can_edit(self) -> bool:
        """The one rule for every write to the dossier's content: the kwartiermaker, until the college decided."""
        return self.role == Role.KWARTIERMAKER and not self.dossier.is_closed

    @property
    def can_track_milestones(self) -> bool:
        """The one exception to a closed dossier: the kwartiermaker keeps the milestones' status up to date."""
        return self.role == Role.KWARTIERMAKER

    @property
    def can_keep_versions(self) -> bool:
        """The kwartiermaker looks after the frozen versions, before the decision and after it (when the dossier is
        closed): a failed PDF made again (a decided copy is made then), the archive package taken. Neither writes
        the dossier's content. Beheer takes the archive package as staff."""
        return self.role == Role.KWARTIERMAKER

    @property
    def can_record_decision(self) -> bool:
        """The bestuurssecretariaat records (and corrects and publishes) the college's decision, closed or not."""
        return self.role == Role.BESTUURSSECRETARIAAT

    @property
    def role_label(self) -> str:
        """The role as an owner of an assumption is named: "Kwartiermaker", "Ambtelijke werkgroep – Financiën"."""
        if self.role == Role.WERKGROEP:
            return str(_("Ambtelijke werkgroep – %(discipline)s") % {"discipline": self.get_discipline_display()})
        return str(self.get_role_display())

    @property
    def can_comment(self) -> bool:
        """The werkgroep and the kwartiermaker take part in threads until the college decided; the college reads."""
        return self.role in (Role.KWARTIERMAKER, Role.WERKGROEP) and not self.dossier.is_closed

    @property
    def can_advise(self) -> bool:
        return self.role == Role.WERKGROEP and not self.dossier.is_closed


class Organisation(DossierContent):
    """A provider, the gemeente itself or another party that delivers (parts of) the services."""

    class Kind(models.TextChoices):
        AANBIEDER = "aanbieder", _("Provider")
        GEMEENTE = "gemeente", _("Gemeente")
        OVERIG = "overig", _("Other")

    key = models.SlugField(_("key"), max_length=50)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.AANBIEDER)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()
    citable_fields = ("description",)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["dossier", "key"], name="organisation_key_per_dossier")]

    def __str__(self):
        return self.name
