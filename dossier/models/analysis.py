"""The research of the dossier: six research areas and nine infrastructure functions tested against the kaders."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import DossierContent


class ResearchArea(DossierContent):
    """One of the research areas (onderzoeksgebieden) of the beslisdocument."""

    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1), MaxValueValidator(99)])
    title = models.CharField(_("title"), max_length=200)
    findings = models.TextField(_("findings"), blank=True)
    current_state = models.TextField(_("current state"), blank=True)
    attention_points = models.TextField(_("points of attention"), blank=True)
    open_questions = models.TextField(_("open questions"), blank=True)

    history = HistoricalRecords()
    citable_fields = ("findings", "current_state", "attention_points", "open_questions")

    class Meta:
        verbose_name = _("research area")
        verbose_name_plural = _("research areas")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "number"], name="area_number_per_dossier"),
            models.CheckConstraint(condition=Q(number__gte=1, number__lte=99), name="area_number_1_99"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class InfrastructureFunction(DossierContent):
    """One of the nine functions of the social infrastructure, analysed for this gemeente."""

    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1), MaxValueValidator(99)])
    title = models.CharField(_("title"), max_length=200)
    delivered_by = models.ManyToManyField(
        "dossier.Organisation", blank=True, related_name="functions", verbose_name=_("delivered now by")
    )
    delivery_note = models.TextField(_("who delivers what now"), blank=True)
    current_situation = models.TextField(_("current situation"), blank=True)
    wishes = models.TextField(_("wishes"), blank=True)
    kansen = models.TextField(_("kansen"), blank=True)
    risicos = models.TextField(_("risico's"), blank=True)
    bedreigingen = models.TextField(_("bedreigingen en knelpunten"), blank=True)
    history = HistoricalRecords(m2m_fields=[delivered_by])

    citable_fields = ("delivery_note", "current_situation", "wishes", "kansen", "risicos", "bedreigingen")

    class Meta:
        verbose_name = _("infrastructure function")
        verbose_name_plural = _("infrastructure functions")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "number"], name="function_number_per_dossier"),
            models.CheckConstraint(condition=Q(number__gte=1, number__lte=99), name="function_number_1_99"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class KaderToets(DossierContent):
    """How one infrastructure function relates to one kader: it serves it, is neutral, or conflicts."""

    class Verdict(models.TextChoices):
        DRAAGT_BIJ = "draagt_bij", _("Draagt bij")
        NEUTRAAL = "neutraal", _("Neutraal")
        SPANNING = "spanning", _("Op gespannen voet")

    function = models.ForeignKey(
        InfrastructureFunction, on_delete=models.CASCADE, related_name="toetsen", verbose_name=_("function")
    )
    kader = models.ForeignKey(
        "dossier.Kader", on_delete=models.CASCADE, related_name="toetsen", verbose_name=_("kader")
    )
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict)
    note = models.TextField(_("explanation"), blank=True)

    history = HistoricalRecords()
    citable_fields = ("note",)

    class Meta:
        verbose_name = _("toets aan kader")
        verbose_name_plural = _("toetsen aan kaders")
        ordering = ["kader__number"]
        constraints = [models.UniqueConstraint(fields=["function", "kader"], name="toets_once_per_kader")]

    def __str__(self):
        return f"{self.function} × {self.kader}"

    def clean(self):

        errors = {}
        if self.function_id and self.dossier_id and self.function.dossier_id != self.dossier_id:
            errors["function"] = _("This function belongs to another dossier.")
        if self.kader_id and self.dossier_id and self.kader.dossier_id != self.dossier_id:
            errors["kader"] = _("This kader belongs to another dossier.")
        if errors:
            raise ValidationError(errors)
