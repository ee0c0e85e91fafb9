"""Forms for scenarios and what they are made of. Every form carries the edit version (optimistic locking) and
offers only elements of its own dossier (ContentForm)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dossier.forms import ContentForm
from finance.fields import NumberField
from finance.models import Tariff
from finance.provenance import ASSUMPTION

from .models import (
    Assessment,
    BudgetCover,
    FunctionAssessment,
    OneOffCost,
    Provider,
    ProviderTariff,
    ProviderTurnover,
    Scenario,
    Service,
    Sourcing,
    StabilityImpact,
    StaffLine,
    UncertainDriver,
)

SHARE_FIELDS = Scenario.SHARES
ROUTE_FIELDS = ("route", "route_reasoning", "controlling_authorities")
PROVENANCE_FIELDS = ("status", "source", "locator", "set_by", "set_on", "reason")


class ProvenanceForm(ContentForm):
    """A figure with where it comes from (finance.provenance). A new figure is prefilled as the editor's assumption of
    today; a new value for an assumption makes it the editor's of today, unless who and when were changed as well."""

    figures: tuple[str, ...] = ()  # the fields whose value the provenance is about

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("set_by", self.author)
            self.initial.setdefault("set_on", timezone.localdate())
        if "set_by" in self.fields and self.instance.pk:
            self.fields["set_by"].help_text = _(
                "A role, not a name. A new value for an assumption makes it your role's of today, unless you change "
                "who and when yourself."
            )

    def clean(self):
        data = super().clean()
        old = self.instance
        if old.pk and self.author and data.get("status") == ASSUMPTION:
            renewed = old.status != ASSUMPTION or any(
                name in data and data[name] != getattr(old, name) for name in self.figures
            )
            if renewed and data.get("set_by") == old.set_by and data.get("set_on") == old.set_on:
                data["set_by"], data["set_on"] = self.author, timezone.localdate()
        return data


class ScenarioForm(ContentForm):
    """A scenario. A new one also names the provider that delivers every service at first (change any service
    afterwards, or copy an existing scenario instead)."""

    provider_for_all = forms.ModelChoiceField(
        queryset=Provider.objects.all(),
        label=_("Provider of every service, to begin with"),
        help_text=_("Choose per service on the scenario's page afterwards."),
    )

    class Meta:
        model = Scenario
        fields = ["name", "kind", "description", "start_date", "horizon_end", *SHARE_FIELDS, *ROUTE_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields.pop("provider_for_all", None)
        else:
            for name in (*SHARE_FIELDS, *ROUTE_FIELDS):
                self.fields.pop(name, None)
            field = self.fields["provider_for_all"]
            field.queryset = Provider.objects.filter(dossier=self.dossier).exclude(kind=Provider.Kind.EIGEN_VOORZIENING)
        for name in SHARE_FIELDS:
            if name in self.fields:
                self.fields[name].help_text = _("Leave empty to use the projection's share.")


class SourcingForm(ContentForm):
    class Meta:
        model = Sourcing
        fields = ["scenario", "service", "provider"]
        widgets = {"scenario": forms.HiddenInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # the service of a row is fixed (its scenario too, see ContentForm); only who delivers
            self.fields["service"].disabled = True


class ProviderForm(ProvenanceForm):
    """A provider with its own figures and where they come from, as a whole (its note says why)."""

    figures = Provider.FIGURES

    class Meta:
        model = Provider
        fields = [
            "name",
            "kind",
            "tariff_set",
            "base_year",
            "index_rate",
            "housing",
            "material",
            "overhead",
            "revenue_per_fte",
            "reference_fte",
            "fixed_share",
            "startup",
            "startup_year",
            "contract_years",
            "renewal_years",
            *(name for name in PROVENANCE_FIELDS if name != "reason"),
            "note",
        ]
        help_texts = {
            "tariff_set": _("A stored tariff set (e.g. the DVO tariffs); the provider's own tariffs override it."),
            "housing": _("Eigen voorziening only, like the fields below it."),
        }


class ProviderTariffForm(ProvenanceForm):
    task = forms.ChoiceField(label=_("Task"), choices=[c for c in Tariff.Task.choices if "resultaat" not in c[0]])
    figures = ("amount",)

    class Meta:
        model = ProviderTariff
        fields = ["provider", "task", "amount", *PROVENANCE_FIELDS]
        widgets = {"provider": forms.HiddenInput}
        help_texts = {"amount": _("In prices of the provider's price year; a revenue (opbrengst) is negative.")}


class StaffLineForm(ProvenanceForm):
    figures = ("fte", "cost_per_fte")

    class Meta:
        model = StaffLine
        fields = ["provider", "role", "fte", "cost_per_fte", *PROVENANCE_FIELDS]
        widgets = {"provider": forms.HiddenInput}


class BudgetCoverForm(ProvenanceForm):
    figures = ("amount",)

    class Meta:
        model = BudgetCover
        fields = ["name", "amount", *PROVENANCE_FIELDS]


class UncertainDriverForm(ProvenanceForm):
    """An uncertain input and its distribution. A count (Wsw employees, places) is typed as counted; a rate, share or
    level as a percentage, with or without % (2,5 or 2,5%)."""

    figures = ("distribution", "low", "most_likely", "high", "spread")

    class Meta:
        model = UncertainDriver
        fields = ["driver", "distribution", "low", "most_likely", "high", "spread", "provider", *PROVENANCE_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        driver = self.data.get(self.add_prefix("driver")) if self.is_bound else None
        driver = driver or self.instance.driver or self.initial.get("driver")
        percent = driver not in UncertainDriver.COUNTS
        for name in ("low", "most_likely", "high", "spread"):
            if name in self.fields:
                self.fields[name].percent = percent
        if "provider" in self.fields:
            self.fields["provider"].queryset = self.fields["provider"].queryset.filter(kind=Provider.Kind.TARIEVEN)


class OneOffCostForm(ProvenanceForm):
    figures = ("amount", "year")

    class Meta:
        model = OneOffCost
        fields = ["scenario", "kind", "description", "amount", "year", *PROVENANCE_FIELDS]
        widgets = {"scenario": forms.HiddenInput}


class ProviderTurnoverForm(ProvenanceForm):
    figures = ("amount",)

    class Meta:
        model = ProviderTurnover
        fields = ["scenario", "buyer", "amount", *PROVENANCE_FIELDS]
        widgets = {"scenario": forms.HiddenInput}


class StabilityImpactForm(ProvenanceForm):
    figures = ("change_workplace", "change_provider", "change_employer", "extra_travel_minutes")

    class Meta:
        model = StabilityImpact
        fields = [
            "scenario",
            "kern",
            "change_workplace",
            "change_provider",
            "change_employer",
            "extra_travel_minutes",
            *PROVENANCE_FIELDS,
        ]
        widgets = {"scenario": forms.HiddenInput}


class AssessmentForm(ContentForm):
    class Meta:
        model = Assessment
        fields = ["scenario", "area", "score", "rationale"]
        widgets = {"scenario": forms.HiddenInput}


class FunctionAssessmentForm(ContentForm):
    class Meta:
        model = FunctionAssessment
        fields = ["scenario", "function", "delivered_by", "coverage", "rating", "rationale"]
        widgets = {"scenario": forms.HiddenInput}


class WeightsForm(forms.Form):
    """All weights at once, since they must add up to 100%: one number and one "from the finance engine" box per
    research area, and the versions they were read at."""

    def __init__(self, *args, areas, weights, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = list(areas)
        self.rows = []
        self.versions_read = []  # the version fields a post must send: weights that existed when this was built
        for area in self.areas:
            current = weights.get(area.pk)
            weight_name, finance_name, version_name = f"gewicht_{area.pk}", f"financien_{area.pk}", f"versie_{area.pk}"
            self.fields[weight_name] = NumberField(
                label=_("Weight of %(area)s (%%)") % {"area": area},
                percent=True,
                min_value=0,
                max_value=100,
                max_digits=5,
                decimal_places=2,
                initial=current.weight if current else 0,
            )
            self.fields[finance_name] = forms.BooleanField(
                label=_("Score %(area)s from the finance engine") % {"area": area},
                required=False,
                initial=current.from_finance if current else False,
            )
            # "" when the weight did not exist when the form was read; if it exists by now (someone else saved
            # first), the service reports that as a conflict, so the field may be empty but not left out.
            self.fields[version_name] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, initial=current.version if current else None
            )
            if current is not None:
                self.versions_read.append(version_name)
            self.rows.append((area, weight_name, finance_name))

    def clean(self):
        for name in self.versions_read:
            if name not in self.data:  # a post that does not say which version it read: refused
                self.add_error(name, ValidationError(self.fields[name].error_messages["required"], code="required"))
        return super().clean()

    @property
    def values(self) -> dict:
        """area -> (weight, from_finance, the version it was read at), for services.weights_set."""
        data = self.cleaned_data
        return {area: (data[w], data[f], data.get(f"versie_{area.pk}")) for area, w, f in self.rows}


__all__ = [
    "AssessmentForm",
    "FunctionAssessmentForm",
    "OneOffCostForm",
    "ProviderForm",
    "ProviderTariffForm",
    "ProviderTurnoverForm",
    "ScenarioForm",
    "SourcingForm",
    "StabilityImpactForm",
    "StaffLineForm",
    "WeightsForm",
    "Service",
]
