"""The parts of a bestuursopdracht besides its research: deliverables, frames, planning, risks, participation."""

import calendar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import DossierContent
from .core import Discipline


class Opdrachtgever(DossierContent):
    """Who commissions, approves and carries out the assignment, named by role (never by person)."""

    class Kind(models.TextChoices):
        GOEDKEURING = "goedkeuring", _("Goedkeuring door")
        BESTUURLIJK = "bestuurlijk_opdrachtgever", _("Bestuurlijk opdrachtgever")
        AMBTELIJK = "ambtelijk_opdrachtgever", _("Ambtelijk opdrachtgever")
        OPDRACHTNEMER = "ambtelijk_opdrachtnemer", _("Ambtelijk opdrachtnemer")
        VERANTWOORDELIJK = "verantwoordelijk_ambtenaar", _("Verantwoordelijk ambtenaar")

    role = models.CharField(_("role"), max_length=40, choices=Kind)
    title = models.CharField(_("function or body"), max_length=200)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("opdrachtgever")
        verbose_name_plural = _("opdrachtgevers")
        ordering = ["id"]

    def __str__(self):
        return f"{self.get_role_display()}: {self.title}"


class Deelproduct(DossierContent):
    """One of the deliverables of the bestuursopdracht."""

    class Status(models.TextChoices):
        NIET_GESTART = "niet_gestart", _("Niet gestart")
        IN_UITVOERING = "in_uitvoering", _("In uitvoering")
        TER_REVIEW = "ter_review", _("Ter review")
        GEREED = "gereed", _("Gereed")

    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1), MaxValueValidator(99)])
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.NIET_GESTART)
    due_label = models.CharField(_("due"), max_length=100, blank=True, help_text=_("For example “Q3 2025”."))

    history = HistoricalRecords()
    citable_fields = ("description",)

    class Meta:
        verbose_name = _("deelproduct")
        verbose_name_plural = _("deelproducten")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "number"], name="deelproduct_number_per_dossier"),
            models.CheckConstraint(condition=Q(number__gte=1), name="deelproduct_number_positive"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Kader(DossierContent):
    """A policy or legal frame the options are tested against."""

    class Kind(models.TextChoices):
        BESTUURLIJK = "bestuurlijk", _("Bestuurlijke kaders")
        LANDELIJK = "landelijk", _("Landelijke kaders")
        ANALYSE = "analyse", _("Bestaande analyses en rapportages")

    key = models.SlugField(_("key"), max_length=50)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1), MaxValueValidator(999)])
    title = models.CharField(_("title"), max_length=300)
    reference = models.CharField(_("link or reference"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    citable_fields = ("note",)

    class Meta:
        verbose_name = _("kader")
        verbose_name_plural = _("kaders")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "key"], name="kader_key_per_dossier"),
            models.UniqueConstraint(fields=["dossier", "number"], name="kader_number_per_dossier"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def reference_is_link(self) -> bool:
        return self.reference.startswith(("https://", "http://"))


class Milestone(DossierContent):
    """A planning milestone or decision moment; a quarter is stored as the quarter's last day."""

    class Precision(models.TextChoices):
        DAG = "dag", _("Day")
        MAAND = "maand", _("Month")
        KWARTAAL = "kwartaal", _("Quarter")

    class Status(models.TextChoices):
        GEPLAND = "gepland", _("Gepland")
        GEREED = "gereed", _("Gereed")
        VERTRAAGD = "vertraagd", _("Vertraagd")
        VERVALLEN = "vervallen", _("Vervallen")

    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"))
    precision = models.CharField(_("precision"), max_length=10, choices=Precision, default=Precision.DAG)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.GEPLAND)
    decision = models.TextField(_("what is decided"), blank=True)
    is_decision_moment = models.BooleanField(_("decision moment"), default=False)

    history = HistoricalRecords()
    citable_fields = ("date", "decision")

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["date", "id"]

    def __str__(self):
        return self.title

    def clean(self):
        # A quarter or a month is planned as its last day, so "days until" counts to the real deadline.
        if self.date and self.precision in (self.Precision.KWARTAAL, self.Precision.MAAND):
            last_month = (
                (self.date.month - 1) // 3 * 3 + 3 if self.precision == self.Precision.KWARTAAL else self.date.month
            )
            self.date = self.date.replace(month=last_month, day=calendar.monthrange(self.date.year, last_month)[1])

    @property
    def date_label(self) -> str:
        """The date as precise as it was planned: “Q3 2025”, “september 2025” or “1 oktober 2026”."""

        if self.precision == self.Precision.KWARTAAL:
            return f"Q{(self.date.month - 1) // 3 + 1} {self.date.year}"
        if self.precision == self.Precision.MAAND:
            return date_format(self.date, "F Y")
        return date_format(self.date, "j F Y")

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.GEPLAND, self.Status.VERTRAAGD)


class Risk(DossierContent):
    """A risk with likelihood and impact on a 1–5 scale."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        BEHEERST = "beheerst", _("Beheerst")
        OPGETREDEN = "opgetreden", _("Opgetreden")
        VERVALLEN = "vervallen", _("Vervallen")

    SCALE = [MinValueValidator(1), MaxValueValidator(5)]

    description = models.CharField(_("description"), max_length=500)
    likelihood = models.PositiveSmallIntegerField(_("likelihood (1–5)"), validators=SCALE)
    impact = models.PositiveSmallIntegerField(_("impact (1–5)"), validators=SCALE)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    mitigation = models.TextField(_("mitigation"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.OPEN)

    history = HistoricalRecords()
    citable_fields = ("description", "likelihood", "impact", "mitigation")

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(likelihood__gte=1, likelihood__lte=5), name="risk_likelihood_1_5"),
            models.CheckConstraint(condition=Q(impact__gte=1, impact__lte=5), name="risk_impact_1_5"),
        ]

    def __str__(self):
        return self.description

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


class Participant(DossierContent):
    """A party that takes part in or is consulted on the decision."""

    class Kind(models.TextChoices):
        WERKGROEP = "werkgroep", _("Ambtelijke werkgroep")
        ADVIESRAAD = "adviesraad", _("Adviesraad Sociaal Domein")
        OR = "or", _("Ondernemingsraad")
        RAAD = "raad", _("Gemeenteraad")
        INSPRAAK = "inspraak", _("Inspraak")
        OVERIG = "overig", _("Other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    discipline = models.CharField(_("discipline"), max_length=20, choices=Discipline, blank=True)
    name = models.CharField(_("name"), max_length=200)
    involvement = models.TextField(_("involvement"), blank=True)

    history = HistoricalRecords()
    citable_fields = ("involvement",)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participation")
        ordering = ["id"]

    def __str__(self):
        return self.name
