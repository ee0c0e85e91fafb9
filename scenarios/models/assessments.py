"""How each scenario scores on the research areas and the infrastructure functions, and the areas' weights."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dossier.models import DossierContent
from finance.tables import dutch_number

from .common import on_page, on_scenario_page
from .providers import Provider
from .scenario import Scenario


class AreaWeight(DossierContent):
    """The weight of one research area in the weighing of the scenarios (together 100%)."""

    page_url = classmethod(on_page("dossier:weights", at_element=False))

    area = models.OneToOneField("dossier.ResearchArea", on_delete=models.CASCADE, related_name="weight")
    weight = models.DecimalField(
        _("weight (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    from_finance = models.BooleanField(_("scored from the finance engine"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("weight")
        verbose_name_plural = _("weights")
        ordering = ["area__number"]
        constraints = [models.CheckConstraint(condition=Q(weight__gte=0, weight__lte=100), name="weight_0_100")]

    def __str__(self):
        return f"{self.area}: {dutch_number(self.weight)}%"


class Assessment(DossierContent):
    """A scenario's score on one research area (1–5), with its rationale."""

    page_url = classmethod(on_scenario_page)

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="assessments")
    area = models.ForeignKey("dossier.ResearchArea", on_delete=models.CASCADE, related_name="assessments")
    score = models.PositiveSmallIntegerField(_("score (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    rationale = models.TextField(_("rationale"), blank=True)
    history = HistoricalRecords()

    citable_fields = ("score", "rationale")

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["scenario", "area__number"]
        constraints = [
            models.UniqueConstraint(fields=["scenario", "area"], name="assessment_once_per_area"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="assessment_score_1_5"),
        ]

    def __str__(self):
        return f"{self.scenario} × {self.area}: {self.score}"


class FunctionAssessment(DossierContent):
    """How a scenario covers one infrastructure function."""

    page_url = classmethod(on_scenario_page)

    class Coverage(models.TextChoices):
        VOLLEDIG = "volledig", _("Volledig")
        DEELS = "deels", _("Deels")
        NIET = "niet", _("Niet")

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="function_assessments")
    function = models.ForeignKey(
        "dossier.InfrastructureFunction", on_delete=models.CASCADE, related_name="scenario_assessments"
    )
    delivered_by = models.ForeignKey(  # PROTECT: a deleted provider must not change assessments unrecorded
        Provider, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("delivered by")
    )
    coverage = models.CharField(_("coverage"), max_length=20, choices=Coverage)
    rating = models.PositiveSmallIntegerField(
        _("rating (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rationale = models.TextField(_("rationale"), blank=True)
    history = HistoricalRecords()

    citable_fields = ("rationale",)

    class Meta:
        verbose_name = _("function assessment")
        verbose_name_plural = _("function assessments")
        ordering = ["scenario", "function__number"]
        constraints = [
            models.UniqueConstraint(fields=["scenario", "function"], name="function_assessment_once"),
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="function_rating_1_5"),
        ]

    def __str__(self):
        return f"{self.scenario} × {self.function}"
