"""Reference data of the finance module: tariff sets, headcounts, Berenschot's printed figures and index rates.
Every number carries its source (document and place) or is an "aanname" with who set it and when."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .fields import FractionField, MoneyField, YearField
from .provenance import Provenance, provenance_constraint
from .sourcing import SERVICES
from .tables import dutch_number


class Status(models.TextChoices):
    """Finer than provenance.Basis: a sourced figure says whether it was budgeted, realised or a benchmark; a law or
    another document that states a figure is a plain "bron"."""

    BEGROOT = "begroot", _("Begroot")
    GEREALISEERD = "gerealiseerd", _("Gerealiseerd")
    BENCHMARK = "benchmark", _("Benchmark")
    BRON = "bron", _("Bron")
    OFFERTE = "offerte", _("Offerte")
    AANNAME = "aanname", _("Aanname")


class Service(models.TextChoices):
    """The services of the DVO a gemeente can buy (finance.sourcing.SERVICES), with their names."""

    BEGELEIDING_BESCHUT = "begeleiding_beschut", _("Begeleiding beschut werk")
    BEGELEIDING_GROEPS = "begeleiding_groepsdetachering", _("Begeleiding groepsdetachering")
    BEGELEIDING_INDIVIDUEEL = "begeleiding_individuele_detachering", _("Begeleiding individuele detachering")
    WERKGEVERSTAKEN = "werkgeverstaken", _("Werkgeverstaken")
    VERLONING = "verloning", _("Verloning")
    TERUGVALFACILITEIT = "terugvalfaciliteit", _("Terugvalfaciliteit")
    WERKFIT = "werkfit", _("Werkfit")
    LOONWAARDEMETING = "loonwaardemeting", _("Loonwaardemeting")
    DAGBESTEDING = "dagbesteding", _("Arbeidsmatige dagbesteding")


assert tuple(Service.values) == SERVICES  # noqa: S101 - the engine and the models name the same services


class Sourced(Provenance):
    """Reference data with its provenance (see finance.provenance); the why of an assumption is its `note`."""

    reason = None
    note = models.TextField(_("note"), blank=True)

    WHY_FIELD = "note"

    class Meta:
        abstract = True


class TariffSet(Sourced):
    """The tariffs of one provider for one year, with their status (begroot, gerealiseerd, benchmark, …)."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    provider = models.CharField(_("provider"), max_length=200)
    year = YearField(_("year"))
    status = models.CharField(_("status"), max_length=20, choices=Status)
    derived = models.BooleanField(
        _("derived"), default=False, help_text=_("Computed from other stored figures (the note says how), not printed.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tariff set")
        verbose_name_plural = _("tariff sets")
        ordering = ["provider", "year", "status"]
        constraints = [provenance_constraint("tariffset_provenance", why="note")]

    def __str__(self):
        return f"{self.provider} {self.year} ({self.get_status_display()})"


class Tariff(models.Model):
    """One tariff of a set. Positive: the gemeente pays; negative: the provider pays the gemeente."""

    class Task(models.TextChoices):
        BEGELEIDING_BESCHUT = "begeleiding_beschut", _("Begeleiding beschut werk")
        BEGELEIDING_GROEPS = "begeleiding_groepsdetachering", _("Begeleiding groepsdetacheringen")
        BEGELEIDING_INDIVIDUEEL = "begeleiding_individuele_detachering", _("Begeleiding individuele detacheringen")
        OPBRENGST_BESCHUT = "opbrengst_beschut", _("Opbrengst beschut werk")
        OPBRENGST_GROEPS = "opbrengst_groepsdetachering", _("Opbrengst groepsdetacheringen")
        OPBRENGST_INDIVIDUEEL = "opbrengst_individuele_detachering", _("Opbrengst individuele detacheringen")
        WERKGEVERSTAKEN = "werkgeverstaken", _("Werkgeverstaken")
        VERLONING = "verloning", _("Verloning")
        WERKFIT = "werkfit", _("Werkfittrajecten")
        LOONWAARDEMETING = "loonwaardemeting", _("Loonwaardemetingen")
        DAGBESTEDING = "dagbesteding", _("Arbeidsmatige dagbesteding")
        RESULTAAT_BESCHUT = "resultaat_beschut_per_fte", _("Operationeel resultaat beschut werk")
        RESULTAAT_GROEPS = "resultaat_groepsdetachering_per_fte", _("Operationeel resultaat groepsdetacheringen")
        RESULTAAT_INDIVIDUEEL = (
            "resultaat_individuele_detachering_per_fte",
            _("Operationeel resultaat individuele detacheringen"),
        )
        RESULTAAT_INTEGRAAL = "resultaat_integraal_per_fte", _("Operationeel resultaat integraal")

    class Unit(models.TextChoices):
        NOMINAAL = "nominaal", _("per nominale medewerker")
        FTE = "fte", _("per fte")
        TRAJECT = "traject", _("per traject")
        METING = "meting", _("per meting")
        DAGDEEL = "dagdeel", _("per dagdeel")

    tariff_set = models.ForeignKey(TariffSet, on_delete=models.CASCADE, related_name="tariffs")
    task = models.CharField(_("task"), max_length=60, choices=Task)
    amount = MoneyField(_("amount"), max_digits=12)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tariff")
        verbose_name_plural = _("tariffs")
        ordering = ["tariff_set", "id"]
        constraints = [models.UniqueConstraint(fields=["tariff_set", "task"], name="tariff_once_per_set")]

    def __str__(self):
        return f"{self.get_task_display()}: € {dutch_number(self.amount)} {self.get_unit_display()}"


class Headcount(Sourced):
    """A headcount of the target group: per year, category (werksoort or service) and regime."""

    class Category(models.TextChoices):
        BESCHUT = "beschut", _("Beschut werk")
        GROEPS = "groepsdetachering", _("Groepsdetachering")
        INDIVIDUEEL = "individuele_detachering", _("Individuele detachering")
        WERKGEVERSTAKEN = "werkgeverstaken", _("Werkgeverstaken")
        VERLONING = "verloning", _("Verloning")
        TOTAAL = "totaal", _("Totaal")

    class Regime(models.TextChoices):
        WSW = "wsw", "Wsw"
        NIEUW_BESCHUT = "nieuw_beschut", _("Nieuw beschut (Pw)")
        PW_ZONDER = "pw_zonder_indicatie", _("Pw zonder indicatie")
        ALLE = "alle", _("Alle")

    class Measure(models.TextChoices):
        GEMIDDELD = "gemiddeld", _("Gemiddeld")
        ULTIMO = "ultimo", _("Ultimo")
        BEGROOT = "begroot", _("Begroot")
        AFGELEID = "afgeleid", _("Afgeleid")

    year = YearField(_("year"))
    category = models.CharField(_("category"), max_length=30, choices=Category)
    regime = models.CharField(_("regime"), max_length=30, choices=Regime)
    measure = models.CharField(_("measure"), max_length=20, choices=Measure)
    nominal = models.DecimalField(_("nominal"), max_digits=10, decimal_places=2, null=True, blank=True)
    fte = models.DecimalField(_("fte"), max_digits=10, decimal_places=2, null=True, blank=True)
    derived = models.BooleanField(_("derived"), default=False)
    status = None  # always from a document (derived ones name the places they are derived from)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("headcount")
        verbose_name_plural = _("headcounts")
        ordering = ["year", "category", "regime"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nominal__gte=0) | Q(nominal__isnull=True), name="headcount_nominal_ge_0"
            ),
            models.CheckConstraint(condition=Q(fte__gte=0) | Q(fte__isnull=True), name="headcount_fte_ge_0"),
            provenance_constraint("headcount_provenance", why="note", has_status=False),
        ]

    def __str__(self):
        return f"{self.year} {self.get_category_display()} {self.get_regime_display()}"


class PrintedFigure(Sourced):
    """A figure as printed in a source table, kept to compare the engine's own result with."""

    table = models.CharField(_("table"), max_length=30)
    row = models.CharField(_("row"), max_length=80)
    label = models.CharField(_("label"), max_length=300)
    year = YearField(_("year"))
    status = models.CharField(_("status"), max_length=20, choices=Status)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=30)
    price_year = YearField(_("in prices of"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("printed figure")
        verbose_name_plural = _("printed figures")
        ordering = ["table", "row", "year"]
        constraints = [provenance_constraint("printedfigure_provenance", why="note")]

    def __str__(self):
        return f"{self.table} {self.label} {self.year}: {self.value}"


class IndexRate(Sourced):
    """A yearly rate of an index series (e.g. ambtenarensalarissen), used to index tariffs."""

    series = models.CharField(_("series"), max_length=80)
    year = YearField(_("year"))
    rate = models.DecimalField(_("rate"), max_digits=7, decimal_places=5)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.BRON)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("index rate")
        verbose_name_plural = _("index rates")
        ordering = ["series", "year"]
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="index_rate_once_per_year"),
            models.CheckConstraint(condition=Q(rate__gt=-1), name="index_rate_above_minus_100pct"),
            provenance_constraint("indexrate_provenance", why="note"),
        ]

    def __str__(self):
        return f"{self.series} {self.year}: {dutch_number(self.rate)}"


class Parameter(Sourced):
    """A single number the calculations use that is not a tariff: e.g. the discount rate for the NPV."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    label = models.CharField(_("label"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=6)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.AANNAME)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("parameter")
        verbose_name_plural = _("parameters")
        ordering = ["key"]
        constraints = [provenance_constraint("parameter_provenance", why="note")]

    def __str__(self):
        return f"{self.label}: {dutch_number(self.value)} {self.unit}".strip()


class VatRule(Sourced):
    """BTW on a service of the DVO, the same whoever delivers it: its rate on what the gemeente pays for the service
    (a provider's invoice, or the purchases of its own execution; wages bear none), and whether the gemeente reclaims
    it from the BTW-compensatiefonds, so it costs nothing."""

    service = models.CharField(_("service"), max_length=60, choices=Service, unique=True)
    rate = FractionField(
        _("BTW rate"),
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
    )
    compensable = models.BooleanField(
        _("compensable"), default=True, help_text=_("The gemeente reclaims this BTW (BTW-compensatiefonds).")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.AANNAME)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("BTW rule")
        verbose_name_plural = _("BTW rules")
        ordering = ["service"]
        constraints = [provenance_constraint("vatrule_provenance", why="note")]

    def __str__(self):
        return f"{self.get_service_display()}: {dutch_number(self.rate * 100)}%"


class ReferenceGeneration(models.Model):
    """One row: the generation of the reference data, changed in the same transaction as every write of it through
    the application (finance.reference.changed). The cached reference data is kept under its token, so every
    process on every host sees a write in its very next computation. A token, not only a number: a write that is
    rolled back leaves a token that no later write takes again (a number would come back, with stale data under it)."""

    number = models.PositiveBigIntegerField(default=0)
    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("reference data generation")
        verbose_name_plural = _("reference data generations")

    def __str__(self):
        return f"{self.number} ({self.token})"
