"""The uncertain inputs of a dossier's scenarios (issue 16): a distribution per input, owned like every figure.
Part of scenarios.models."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dossier.models import DossierContent
from finance.engine import EngineInputError
from finance.numbers import format_number, format_percent
from finance.provenance import Provenance, provenance_constraint
from finance.uncertainty import Driver

from .common import on_page
from .providers import Provider


class UncertainDriver(DossierContent, Provenance):
    """One uncertain input of the scenarios' money and its distribution (finance.uncertainty.Driver): the Monte Carlo
    bands and the tornado of the comparison draw on these. A count is stored as counted (117 Wsw employees); a rate,
    share or level as a percentage (2,5 for 2,5%; 105 for 105% of today's tariffs)."""

    page_url = classmethod(on_page("dossier:finance-uncertainty"))

    class Name(models.TextChoices):
        WSW_END = "wsw_end", _("Wsw employees in the last year of the projection")
        NIEUW_BESCHUT_GROWTH = "nieuw_beschut_growth", _("Nieuw beschut places added per year")
        INDEX_RATE = "index_rate", _("Wage index per year not yet published")
        FIXED_SHARE = "fixed_share", _("Fixed share of the DVO costs")
        DVO_TARIFFS = "dvo_tariffs", _("Level of the DVO tariffs (today = 100%)")
        OFFER = "offer", _("Level of a provider's offer (the offer = 100%)")

    class Distribution(models.TextChoices):
        TRIANGULAR = "triangular", _("Triangular: low, most likely, high")
        UNIFORM = "uniform", _("Uniform: low, high")
        NORMAL = "normal", _("Normal around the most likely value, cut off at low and high")
        FIXED = "fixed", _("Fixed: no uncertainty")

    COUNTS = (Name.WSW_END, Name.NIEUW_BESCHUT_GROWTH)  # the rest are percentages
    PARAMETERS = {  # the fields each distribution reads, in finance.uncertainty.Driver's order
        Distribution.TRIANGULAR: ("low", "most_likely", "high"),
        Distribution.UNIFORM: ("low", "high"),
        Distribution.NORMAL: ("most_likely", "spread", "low", "high"),
        Distribution.FIXED: ("most_likely",),
    }

    driver = models.CharField(_("uncertain input"), max_length=30, choices=Name)
    distribution = models.CharField(
        _("distribution"), max_length=20, choices=Distribution, default=Distribution.TRIANGULAR
    )
    low = models.DecimalField(_("low"), max_digits=12, decimal_places=4, null=True, blank=True)
    most_likely = models.DecimalField(
        _("most likely"),
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("For a normal distribution its mean; for a fixed one its value."),
    )
    high = models.DecimalField(_("high"), max_digits=12, decimal_places=4, null=True, blank=True)
    spread = models.DecimalField(
        _("standard deviation"),
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("Only for a normal distribution."),
    )
    provider = models.ForeignKey(
        Provider,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="uncertain_drivers",
        verbose_name=_("provider"),
        help_text=_(
            "For the level of an offer: whose offer. For the DVO tariffs: the provider whose tariffs are the DVO's in "
            "the scenarios (its tariffs move with the DVO's)."
        ),
    )
    history = HistoricalRecords()

    citable_fields = ("low", "most_likely", "high", "reason")

    class Meta:
        verbose_name = _("uncertain input")
        verbose_name_plural = _("uncertain inputs")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "driver"], name="uncertain_driver_once_per_dossier"),
            provenance_constraint("uncertaindriver_provenance"),
        ]

    def __str__(self):
        return str(self.get_driver_display())

    @property
    def label(self) -> str:
        """The input with whose offer or tariffs it is: "Niveau van de offerte … (Larcom)"."""
        return f"{self} ({self.provider.name})" if self.provider_id else str(self)

    @property
    def is_count(self) -> bool:
        return self.driver in self.COUNTS

    def clean(self):
        super().clean()

        errors = {}
        needed = self.PARAMETERS.get(self.distribution, ())
        for name in needed:
            if getattr(self, name) is None:
                errors[name] = _("This distribution needs a value here.")
        if self.driver == self.Name.OFFER and self.provider_id is None:
            errors["provider"] = _("Name the provider whose offer this is.")
        elif self.provider_id is not None and self.provider.kind != Provider.Kind.TARIEVEN:
            errors["provider"] = _("Only a provider with tariffs has tariffs or an offer to vary.")
        if not errors and self.driver:
            values = [getattr(self, name) for name in needed if name != "spread"]
            first = needed[0] if self.distribution != self.Distribution.NORMAL else "low"
            if self.is_count and min(values) < 0:
                errors[first] = _("A number of people or places cannot be negative.")
            elif self.driver in (self.Name.DVO_TARIFFS, self.Name.OFFER) and min(values) <= 0:
                errors[first] = _("A level of tariffs lies above 0%.")
            elif self.driver == self.Name.FIXED_SHARE and not (0 <= min(values) and max(values) <= 100):
                errors[first] = _("A share lies between 0% and 100%.")
            else:
                try:
                    self.engine_driver()
                except EngineInputError as exc:
                    errors[needed[-1]] = exc.message
        if errors:
            raise ValidationError(errors)

    def engine_driver(self):
        """The finance engine's Driver: the values in the engine's units (a percentage as a fraction or factor)."""

        scale = Decimal(1) if self.is_count else Decimal(100)
        params = tuple(getattr(self, name) / scale for name in self.PARAMETERS[self.distribution])
        return Driver(self.driver, self.distribution, params, label=self.label)

    @property
    def values_text(self) -> str:
        """The distribution's values in one line: 105 – 117 – 129 · 95% – 110% · 117 ± 6 (105 – 129) · 117."""
        text = self.value_text
        if self.distribution == self.Distribution.NORMAL:
            return f"{text(self.most_likely)} ± {text(self.spread)} ({text(self.low)} – {text(self.high)})"
        return " – ".join(text(getattr(self, name)) for name in self.PARAMETERS.get(self.distribution, ()))

    def value_text(self, value) -> str:
        """A value of this input as the pages show it: a count as counted, the rest as a percentage."""

        if value is None:
            return ""
        return format_number(value) if self.is_count else format_percent(Decimal(value) / 100)
