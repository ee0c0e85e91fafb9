"""Scenarios for the future of the DVO: who delivers each service, at what cost, by which procurement route,
what it means for the employees, and how each scores on the research areas and functions."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dossier.models import DossierContent
from finance.fields import FractionField, MoneyField, YearField
from finance.models import Service
from finance.provenance import Provenance, provenance_constraint
from finance.tables import dutch_number

SHARE = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))]
YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]


class Provider(DossierContent, Provenance):
    """Who can deliver services: a provider with tariffs, the gemeente itself, or an eigen voorziening. Its own
    figures (index, fixed share, the costs of an eigen voorziening, the contract term) are sourced or owned as a
    whole; the why of an assumption is its `note`."""

    class Kind(models.TextChoices):
        TARIEVEN = "tarieven", _("Provider with tariffs")
        GEMEENTE = "gemeente", _("The gemeente itself")
        EIGEN_VOORZIENING = "eigen_voorziening", _("Eigen voorziening (costed bottom-up)")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind, default=Kind.TARIEVEN)
    tariff_set = models.ForeignKey(
        "finance.TariffSet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scenario_providers",
        verbose_name=_("tariff set"),
    )
    base_year = YearField(_("price year"), validators=YEAR, default=2025)
    index_rate = FractionField(
        _("yearly index after the price year"),
        max_digits=6,
        decimal_places=4,
        default=Decimal("0.03"),
        validators=[MinValueValidator(Decimal("-0.5")), MaxValueValidator(Decimal("0.5"))],
    )
    housing = MoneyField(_("housing per year"), default=0)
    material = MoneyField(_("material per year"), default=0)
    overhead = MoneyField(_("overhead per year"), default=0)
    revenue_per_fte = MoneyField(_("revenue per target-group fte"), default=0)
    reference_fte = models.DecimalField(
        _("target-group fte the facility is sized for"), max_digits=8, decimal_places=2, default=0
    )
    fixed_share = FractionField(
        _("fixed share of the costs"),
        max_digits=5,
        decimal_places=4,
        default=Decimal(0),
        validators=SHARE,
        help_text=_(
            "Eigen voorziening: the costs that stay when the group shrinks. A provider with tariffs: the share of its "
            "costs settled afterwards on real costs (nacalculatie), which per person rises as the group shrinks; 0 for "
            "a plain tariff per unit."
        ),
    )
    startup = MoneyField(_("one-off start-up costs"), default=0)
    startup_year = YearField(_("year of the start-up costs"), null=True, blank=True, validators=YEAR)
    contract_years = models.DecimalField(
        _("contract term (years)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal(25))],
        help_text=_("Of a new contract with this provider; empty: the term every new contract gets (a parameter)."),
    )
    renewal_years = models.DecimalField(
        _("renewal options (years)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(25))],
        help_text=_(
            "Count in the value of the purchase; 0 for none; empty: the renewal every new contract gets (a parameter)."
        ),
    )
    reason = None
    note = models.TextField(
        _("note"), blank=True, help_text=_("For an assumption: why these figures; otherwise what to know about them.")
    )
    history = HistoricalRecords()

    WHY_FIELD = "note"
    FIGURES = (
        "index_rate",
        "fixed_share",
        "housing",
        "material",
        "overhead",
        "revenue_per_fte",
        "reference_fte",
        "startup",
        "startup_year",
        "contract_years",
        "renewal_years",
    )

    citable_fields = (
        "housing",
        "material",
        "overhead",
        "revenue_per_fte",
        "reference_fte",
        "fixed_share",
        "startup",
        "index_rate",
        "note",
    )

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "name"], name="provider_name_per_dossier"),
            models.CheckConstraint(
                condition=Q(contract_years__isnull=True) | Q(contract_years__gt=0), name="provider_contract_term"
            ),
            models.CheckConstraint(
                condition=Q(renewal_years__isnull=True) | Q(renewal_years__gte=0), name="provider_renewal_term"
            ),
            provenance_constraint("provider_provenance", why="note"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.kind == self.Kind.EIGEN_VOORZIENING and self.reference_fte is not None and self.reference_fte <= 0:
            errors["reference_fte"] = _("An eigen voorziening needs the fte it is sized for.")
        errors.update(self.provenance_errors())
        if errors:
            raise ValidationError(errors)

    def contract_term(self, parameters) -> tuple[Decimal, Decimal]:
        """The term and the renewal options of a new contract with this provider: each its own where set, else the
        parameter for every new contract (contract_looptijd_jaren, contract_verlenging_jaren)."""
        term = parameters["contract_looptijd_jaren"] if self.contract_years is None else self.contract_years
        renewal = parameters["contract_verlenging_jaren"] if self.renewal_years is None else self.renewal_years
        return term, renewal

    @property
    def has_own_term(self) -> bool:
        return self.contract_years is not None or self.renewal_years is not None


class ProviderTariff(DossierContent, Provenance):
    """A tariff of a provider that is not in a stored tariff set (an offerte, a source or an assumption)."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="tariffs")
    task = models.CharField(_("task"), max_length=60)
    amount = MoneyField(_("amount"))
    history = HistoricalRecords()

    citable_fields = ("amount", "reason")

    class Meta:
        verbose_name = _("provider tariff")
        verbose_name_plural = _("provider tariffs")
        ordering = ["provider", "task"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "task"], name="provider_tariff_once"),
            provenance_constraint("providertariff_provenance"),
        ]

    def __str__(self):
        return f"{self.provider}: {self.task_label}"

    @property
    def task_label(self) -> str:
        from finance.models import Tariff

        return Tariff.Task(self.task).label if self.task in Tariff.Task.values else self.task


class StaffLine(DossierContent, Provenance):
    """Staff of an eigen voorziening: a role, its fte and the loaded cost per fte per year."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="staff")
    role = models.CharField(_("role"), max_length=100)
    fte = models.DecimalField(_("fte"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal(0))])
    cost_per_fte = MoneyField(_("loaded cost per fte"), validators=[MinValueValidator(Decimal(0))])
    history = HistoricalRecords()

    citable_fields = ("fte", "cost_per_fte")

    class Meta:
        verbose_name = _("staff line")
        verbose_name_plural = _("staff")
        ordering = ["provider", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(fte__gte=0, cost_per_fte__gte=0), name="staff_not_negative"),
            provenance_constraint("staffline_provenance"),
        ]

    def __str__(self):
        return f"{self.role} ({dutch_number(self.fte)} fte)"


class Scenario(DossierContent):
    """One option after the DVO ends."""

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
        from dossier.models import PopulationBaseline

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


class AreaWeight(DossierContent):
    """The weight of one research area in the weighing of the scenarios (together 100%)."""

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


from .models_uncertainty import UncertainDriver  # noqa: E402, F401  (its own module; it points to Provider above)
