"""The dossier's baseline population and the assumptions that turn it into money with the finance engine."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from finance.fields import FractionField, YearField
from finance.models import Service
from finance.numbers import format_percent

from .base import ChoiceListField, CleanReportsConstraints, DossierContent

SHARE = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))]
YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]


def share_field(label, default):
    return FractionField(label, max_digits=6, decimal_places=4, default=Decimal(default), validators=SHARE)


def all_services() -> list[str]:
    return list(Service.values)


class PopulationBaseline(CleanReportsConstraints, DossierContent):
    """From anchor years (e.g. 238 Wsw employees in 2024 → 117 in 2033) to headcounts per werksoort per year.

    What the documents do not say (the split over werksoorten, fte per person, future indexation) is an
    assumption: `assumption_by`, `assumption_on` and `assumption_reason` say who set it, when and why.
    """

    class Method(models.TextChoices):
        LINEAR = "linear", _("Linear")
        GEOMETRIC = "geometric", _("Geometric (constant percentage)")

    tariff_set = models.ForeignKey("finance.TariffSet", on_delete=models.PROTECT, verbose_name=_("tariff set"))
    services = ChoiceListField(
        _("services bought from the provider"),
        item_choices=Service.choices,
        default=all_services,
        help_text=_(
            "What the gemeente buys under the DVO today (Berenschot 3.2, table 1). A service it does not buy there "
            "counts as nothing in the forecast."
        ),
    )
    start_year = YearField(_("first anchor year"), default=2024, validators=YEAR)
    start_count = models.DecimalField(_("Wsw employees in the first anchor year"), max_digits=8, decimal_places=1)
    end_year = YearField(_("last anchor year"), default=2033, validators=YEAR)
    end_count = models.DecimalField(_("Wsw employees in the last anchor year"), max_digits=8, decimal_places=1)
    method = models.CharField(_("interpolation"), max_length=20, choices=Method, default=Method.LINEAR)
    first_year = YearField(_("first year shown"), default=2024, validators=YEAR)
    last_year = YearField(_("last year shown"), default=2033, validators=YEAR)
    nieuw_beschut = models.DecimalField(
        _("nieuw beschut places in the first anchor year"), max_digits=8, decimal_places=1, default=Decimal(0)
    )
    nieuw_beschut_growth = models.DecimalField(
        _("nieuw beschut places added per year"),
        max_digits=6,
        decimal_places=1,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(-100)), MaxValueValidator(Decimal(100))],
    )
    nieuw_beschut_at_provider = share_field(_("share of nieuw beschut placed at the provider"), "1")
    share_beschut = share_field(_("share in beschut werk"), "0.17")
    share_groepsdetachering = share_field(_("share in groepsdetachering"), "0.05")
    share_individuele_detachering = share_field(_("share in individuele detachering"), "0.05")
    fte_beschut = share_field(_("fte per employee, beschut werk"), "0.797")
    fte_groepsdetachering = share_field(_("fte per employee, groepsdetachering"), "0.938")
    fte_individuele_detachering = share_field(_("fte per employee, individuele detachering"), "0.839")
    share_overige = share_field(_("share outside the werksoorten with verloning"), "0")
    share_overige_werkgeverstaken = share_field(_("share outside the werksoorten with werkgeverstaken"), "0")
    provider_share = FractionField(
        _("the gemeente's share of the provider"),
        max_digits=6,
        decimal_places=4,
        null=True,
        blank=True,
        validators=SHARE,
        help_text=_("E.g. its share of the kader (Berenschot 3.3); sizes the groups outside the werksoorten."),
    )
    index_series = models.CharField(_("index series"), max_length=80, default="ambtenarensalarissen")
    future_index = FractionField(
        _("index for years without a known rate"),
        max_digits=6,
        decimal_places=4,
        default=Decimal("0.03"),
        validators=[MinValueValidator(Decimal("-0.5")), MaxValueValidator(Decimal("0.5"))],
    )
    fixed_share = share_field(_("fixed share of the provider's costs"), "0")
    assumption_by = models.CharField(_("assumptions set by"), max_length=200, blank=True)
    assumption_on = models.DateField(_("assumptions set on"), null=True, blank=True)
    assumption_reason = models.TextField(_("why these assumptions"), blank=True)
    history = HistoricalRecords()

    citable_fields = (
        "start_count",
        "end_count",
        "nieuw_beschut",
        "nieuw_beschut_growth",
        "nieuw_beschut_at_provider",
        "provider_share",
        "share_overige",
        "share_overige_werkgeverstaken",
        "fixed_share",
        "share_beschut",
        "share_groepsdetachering",
        "share_individuele_detachering",
        "future_index",
        "assumption_reason",
    )

    class Meta:
        verbose_name = _("population baseline")
        verbose_name_plural = _("population baselines")
        constraints = [
            models.UniqueConstraint(fields=["dossier"], name="one_baseline_per_dossier"),
            models.CheckConstraint(condition=Q(end_year__gt=models.F("start_year")), name="baseline_anchor_order"),
            models.CheckConstraint(condition=Q(last_year__gte=models.F("first_year")), name="baseline_year_order"),
            models.CheckConstraint(
                condition=Q(start_count__gte=0, end_count__gte=0, nieuw_beschut__gte=0),
                name="baseline_counts_not_negative",
            ),
        ]

    def __str__(self):
        return str(_("Population baseline"))

    @property
    def services_not_bought(self) -> list[str]:
        """The names of the DVO services the gemeente does not buy from the provider."""
        return [label for value, label in Service.choices if value not in (self.services or ())]

    def clean(self):
        errors = {}
        if self.start_year is not None and self.end_year is not None and self.end_year <= self.start_year:
            errors["end_year"] = _("The last anchor year must come after the first.")
        if self.first_year is not None and self.last_year is not None and self.last_year < self.first_year:
            errors["last_year"] = _("The last year shown cannot come before the first.")
        if self.first_year is not None and self.last_year is not None and self.last_year - self.first_year > 40:
            errors["last_year"] = _("Show at most 40 years.")
        total = sum(
            (
                self.share_beschut or 0,
                self.share_groepsdetachering or 0,
                self.share_individuele_detachering or 0,
                self.share_overige or 0,
            ),
            Decimal(0),
        )
        if (self.share_overige_werkgeverstaken or 0) > (self.share_overige or 0):
            errors["share_overige_werkgeverstaken"] = _(
                "Werkgeverstaken outside the werksoorten go to people who also get verloning: at most the share "
                "with verloning."
            )
        if total > 1:
            errors["share_overige"] = _("The shares add up to more than 100%% (now %(total)s).") % {
                "total": format_percent(total)
            }
        if errors:
            raise ValidationError(errors)
