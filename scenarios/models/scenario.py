"""A scenario: who delivers each service, its one-off costs and cover, what it means for the employees and the
provider, by which procurement route."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dossier.models import DossierContent, PopulationBaseline
from finance.fields import FractionField, MoneyField, YearField
from finance.models import Service
from finance.provenance import Provenance, provenance_constraint
from finance.tables import dutch_number

from .common import SHARE, YEAR, on_page, on_scenario_page, own_scenario_page
from .providers import Provider


class Scenario(DossierContent):
    """One option after the DVO ends."""

    page_url = classmethod(own_scenario_page)

    class Kind(models.TextChoices):
        DVO = "dvo_verlengen", _("DVO verlengen")
        ANDERE_AANBIEDER = "andere_aanbieder", _("Andere aanbieder")
        EIGEN_VOORZIENING = "eigen_voorziening", _("Eigen voorziening")
        MENGVORM = "mengvorm", _("Mengvorm")

    class Route(models.TextChoices):
        QUASI = "quasi_inbesteden", _("Quasi-inbesteden")
        AANBESTEDEN = "aanbesteden", _("Aanbesteden")
        VERLENGEN = "verlengen_zonder_procedure", _("Verlengen zonder procedure")
        VOORBEHOUDEN = "voorbehouden_opdracht", _("Voorbehouden opdracht")
        SUBSIDIE = "subsidie", _("Subsidie")
        SAMENWERKING = "samenwerking_overheden", _("Samenwerking tussen overheden")
        EIGEN = "eigen_uitvoering", _("Eigen uitvoering")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"), default=datetime.date(2026, 10, 1))
    horizon_end = YearField(_("horizon (last year)"), default=2033, validators=YEAR)
    archived = models.BooleanField(_("archived"), default=False)
    share_beschut = FractionField(
        _("share in beschut werk (override)"), max_digits=6, decimal_places=4, null=True, blank=True, validators=SHARE
    )
    share_groepsdetachering = FractionField(
        _("share in groepsdetachering (override)"),
        max_digits=6,
        decimal_places=4,
        null=True,
        blank=True,
        validators=SHARE,
    )
    share_individuele_detachering = FractionField(
        _("share in individuele detachering (override)"),
        max_digits=6,
        decimal_places=4,
        null=True,
        blank=True,
        validators=SHARE,
    )
    route = models.CharField(_("procurement route"), max_length=40, choices=Route, blank=True)
    route_reasoning = models.TextField(_("reasoning of the route"), blank=True)
    controlling_authorities = models.CharField(
        _("authorities that control the main provider"),
        max_length=300,
        blank=True,
        help_text=_("Comma-separated, e.g. “Almelo”."),
    )
    history = HistoricalRecords()

    citable_fields = ("description", "route_reasoning")

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        ordering = ["archived", "id"]
        constraints = [models.UniqueConstraint(fields=["dossier", "name"], name="scenario_name_per_dossier")]

    def __str__(self):
        return self.name

    def clean(self):
        if self.start_date and self.horizon_end and self.start_date.year > self.horizon_end:
            raise ValidationError({"horizon_end": _("The horizon ends before the scenario starts.")})
        self._check_shares()

    SHARES = ("share_beschut", "share_groepsdetachering", "share_individuele_detachering")

    def shares(self, baseline) -> dict[str, Decimal]:
        """The shares of the werksoorten this scenario computes with, by field name: its own overrides where it has
        them, else the projection baseline's."""
        own = {name: getattr(self, name) for name in self.SHARES}
        return {name: value if value is not None else getattr(baseline, name) for name, value in own.items()}

    def _check_shares(self):
        """With the projection's other shares, the overrides may not make more than the whole population."""
        if all(getattr(self, name) is None for name in self.SHARES) or not self.dossier_id:
            return

        baseline = PopulationBaseline.objects.filter(dossier_id=self.dossier_id).first()
        if baseline is None:
            return
        total = baseline.share_overige + sum(self.shares(baseline).values())
        if total > 1:
            shown = dutch_number(total * 100)
            raise ValidationError(
                _(
                    "Together with the projection's other shares (including werkgeverstaken/verloning only) this "
                    "makes %(total)s%% of the employees; at most 100%% is possible."
                )
                % {"total": shown}
            )


class Sourcing(DossierContent):
    """Which provider delivers one service in a scenario."""

    page_url = classmethod(on_scenario_page)

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="sourcing")
    service = models.CharField(_("service"), max_length=60, choices=Service)
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="sourcing", verbose_name=_("provider")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sourcing")
        verbose_name_plural = _("sourcing")
        ordering = ["scenario", "id"]
        constraints = [models.UniqueConstraint(fields=["scenario", "service"], name="one_provider_per_service")]

    def __str__(self):
        return f"{self.get_service_display()}: {self.provider}"

    def clean(self):
        begeleiding = self.service.startswith("begeleiding_")
        if self.provider_id and not begeleiding and self.provider.kind == Provider.Kind.EIGEN_VOORZIENING:
            raise ValidationError(
                {"provider": _("An eigen voorziening only delivers begeleiding; choose a provider with tariffs.")}
            )


class OneOffCost(DossierContent, Provenance):
    """A one-off or transition cost of a scenario, in the year it falls."""

    page_url = classmethod(on_scenario_page)

    class Kind(models.TextChoices):
        FRICTIE = "frictiekosten", _("Frictiekosten")
        EXIT = "exit", _("Exit / afrekening met Ontplooj")
        PROJECT = "project", _("Projectkosten")
        OVERIG = "overig", _("Overig")

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="one_off_costs")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    description = models.CharField(_("description"), max_length=300)
    amount = MoneyField(_("amount"))
    year = YearField(_("year"), validators=YEAR)
    history = HistoricalRecords()

    citable_fields = ("amount", "reason")

    class Meta:
        verbose_name = _("one-off cost")
        verbose_name_plural = _("one-off costs")
        ordering = ["scenario", "year", "id"]
        constraints = [provenance_constraint("oneoffcost_provenance")]

    def __str__(self):
        return f"{self.description} ({self.year})"


class BudgetCover(DossierContent, Provenance):
    """A dekking for the one-off costs of whichever scenario is chosen (e.g. the reserve sociaal domein): the amount
    available, used year by year until it runs out (finance.budget)."""

    page_url = classmethod(on_page("dossier:finance-budget"))

    name = models.CharField(_("name"), max_length=200)
    amount = MoneyField(_("amount available"), validators=[MinValueValidator(Decimal(0))])
    history = HistoricalRecords()

    citable_fields = ("amount", "reason")

    class Meta:
        verbose_name = _("dekking of one-off costs")
        verbose_name_plural = _("dekking of one-off costs")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "name"], name="budget_cover_name_per_dossier"),
            provenance_constraint("budgetcover_provenance"),
        ]

    def __str__(self):
        return self.name


class ProviderTurnover(DossierContent, Provenance):
    """Turnover of the scenario's main provider per buyer (for the activity criterion of quasi-inbesteden)."""

    page_url = classmethod(on_scenario_page)

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="turnover")
    buyer = models.CharField(_("gemeente or buyer"), max_length=200)
    amount = MoneyField(_("turnover per year"), validators=[MinValueValidator(Decimal(0))])
    history = HistoricalRecords()

    citable_fields = ("amount",)

    class Meta:
        verbose_name = _("turnover of the provider")
        verbose_name_plural = _("turnover of the provider")
        ordering = ["scenario", "-amount"]
        constraints = [provenance_constraint("providerturnover_provenance")]

    def __str__(self):
        return f"{self.buyer}: € {dutch_number(self.amount)}"


class StabilityImpact(DossierContent, Provenance):
    """What a scenario means for the employees living in one kern (the randvoorwaarde stabiliteit)."""

    page_url = classmethod(on_scenario_page)

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="stability")
    kern = models.CharField(_("kern"), max_length=100)
    change_workplace = models.PositiveIntegerField(_("employees changing workplace"), default=0)
    change_provider = models.PositiveIntegerField(_("employees changing provider"), default=0)
    change_employer = models.PositiveIntegerField(_("employees changing employer"), default=0)
    extra_travel_minutes = models.IntegerField(_("extra travel per day (minutes, one way)"), default=0)
    history = HistoricalRecords()

    citable_fields = ("change_workplace", "change_provider", "change_employer", "extra_travel_minutes", "reason")

    class Meta:
        verbose_name = _("stability impact")
        verbose_name_plural = _("stability impact")
        ordering = ["scenario", "kern"]
        constraints = [
            models.UniqueConstraint(fields=["scenario", "kern"], name="stability_once_per_kern"),
            provenance_constraint("stabilityimpact_provenance"),
        ]

    def __str__(self):
        return f"{self.scenario} – {self.kern}"
