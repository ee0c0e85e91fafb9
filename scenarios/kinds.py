"""The scenario app's kinds of dossier content, registered with the dossier's generic editing (see dossier.kinds):
they are created, edited in place, deleted, undone and shown in the history like any other element. A write to
anything a scenario's result depends on tells the page which scenarios changed (`events`, see effects)."""

from django.utils.translation import gettext_lazy as _

from dossier.kinds import Kind, Section, register

from . import effects, forms
from .models import (
    AreaWeight,
    Assessment,
    BudgetCover,
    FunctionAssessment,
    OneOffCost,
    Provider,
    ProviderTariff,
    ProviderTurnover,
    Scenario,
    Sourcing,
    StabilityImpact,
    StaffLine,
    UncertainDriver,
)

ITEMS = "scenarios/partials/items.html"


def _result_events(dossier, element, *, stored=None):
    return (
        effects.before_edit(dossier, element, stored) if stored is not None else effects.before_write(dossier, element)
    )


KINDS = [
    Kind(
        "scenario",
        Scenario,
        forms.ScenarioForm,
        "dossier:scenario-detail",
        deletable=False,  # archived instead
        events=_result_events,
        sections=(
            Section("algemeen", _("General"), ("name", "kind", "description", "start_date", "horizon_end")),
            Section(
                "populatie",
                _("Population (overrides of the projection)"),
                forms.SHARE_FIELDS,
            ),
            Section("route", _("Procurement route"), forms.ROUTE_FIELDS),
        ),
    ),
    Kind(
        "inzet",
        Sourcing,
        forms.SourcingForm,
        "dossier:scenario-detail",
        ITEMS,
        deletable=False,  # every service needs a provider; change it instead
        parent_field="scenario",
        events=_result_events,
    ),
    Kind(
        "aanbieder",
        Provider,
        forms.ProviderForm,
        "dossier:providers",
        ITEMS,
        events=_result_events,
    ),
    Kind(
        "tarief",
        ProviderTariff,
        forms.ProviderTariffForm,
        "dossier:providers",
        ITEMS,
        parent_field="provider",
        events=_result_events,
    ),
    Kind(
        "personeel",
        StaffLine,
        forms.StaffLineForm,
        "dossier:providers",
        ITEMS,
        parent_field="provider",
        events=_result_events,
    ),
    *[
        Kind(
            key,
            model,
            form,
            "dossier:scenario-detail",
            ITEMS,
            parent_field="scenario",
            events=_result_events if in_result else None,
        )
        for key, model, form, in_result in [
            ("eenmalig", OneOffCost, forms.OneOffCostForm, True),
            ("omzet", ProviderTurnover, forms.ProviderTurnoverForm, True),  # the route's check (a signal)
            ("stabiliteit", StabilityImpact, forms.StabilityImpactForm, True),  # signals
            ("beoordeling", Assessment, forms.AssessmentForm, False),  # only the comparison's weighing
            ("functiebeoordeling", FunctionAssessment, forms.FunctionAssessmentForm, False),
        ]
    ],
    Kind(
        "dekking",
        BudgetCover,
        forms.BudgetCoverForm,
        "dossier:finance-budget",
        ITEMS,
    ),
    Kind(
        "onzekerheid",
        UncertainDriver,
        forms.UncertainDriverForm,
        "dossier:finance-uncertainty",
        ITEMS,
    ),
    Kind("gewicht", AreaWeight, None, "dossier:weights", creatable=False, deletable=False),
]


def register_kinds() -> None:
    register(*KINDS)
