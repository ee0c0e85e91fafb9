"""Who can deliver the services: providers, their own tariffs and their staff."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dossier.models import DossierContent
from finance.fields import FractionField, MoneyField, YearField
from finance.models import Tariff
from finance.provenance import Provenance, provenance_constraint
from finance.tables import dutch_number

from .common import SHARE, YEAR, on_page


class Provider(DossierContent, Provenance):
    """Who can deliver services: a provider with tariffs, the gemeente itself, or an eigen voorziening. Its own
    figures (index, fixed share, the costs of an eigen voorziening, the contract term) are sourced or owned as a
    whole; the why of an assumption is its `note`."""

    page_url = classmethod(on_page("dossier:providers"))

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

    page_url = classmethod(on_page("dossier:providers"))

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
        return Tariff.Task(self.task).label if self.task in Tariff.Task.values else self.task


class StaffLine(DossierContent, Provenance):
    """Staff of an eigen voorziening: a role, its fte and the loaded cost per fte per year."""

    page_url = classmethod(on_page("dossier:providers"))

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
