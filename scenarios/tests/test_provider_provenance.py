"""A provider's own figures (index, fixed share, the costs of an eigen voorziening, its contract term) are sourced
or owned as a whole, like every other figure; and a purchase is valued over the provider's own contract term where
it has one, else over the term every new contract gets."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from scenarios import procurement
from scenarios.forms import ProviderForm
from scenarios.models import Provider, Scenario
from scenarios.routes import _payments_over
from scenarios.selectors import _baseline_and_reference, compare

pytestmark = pytest.mark.django_db

BASE = "/d/twenterand"


def eigen(dossier):
    return Provider.objects.get(dossier=dossier, kind=Provider.Kind.EIGEN_VOORZIENING)


def post_of(provider, **changes):
    """The edit form of `provider` as the browser sends it unchanged (Dutch numbers, as the inputs show them)."""
    form = ProviderForm(instance=provider)
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        data[name] = "" if value is None else field.widget.format_value(value) or value
    return {**data, **changes}


def edit(client, provider, data, **headers):
    return client.post(f"{BASE}/aanbieder/{provider.pk}/bewerken/", data, headers=headers)


# The rule, on the model


@pytest.mark.parametrize("missing", ["set_by", "set_on", "note"])
def test_a_providers_assumption_without_who_when_or_why_is_refused(twenterand, missing):
    provider = eigen(twenterand)
    setattr(provider, missing, None if missing == "set_on" else " ")
    with pytest.raises(ValidationError) as refused:
        provider.full_clean()
    assert set(refused.value.message_dict) == {missing}


def test_a_sourced_provider_names_the_place_in_its_source(twenterand):
    provider = Provider.objects.get(dossier=twenterand, name="Larcom")
    provider.status, provider.source, provider.locator = "offerte", "Offerte Larcom", ""
    with pytest.raises(ValidationError) as refused:
        provider.full_clean()
    assert set(refused.value.message_dict) == {"locator"}
    provider.locator = "12 november 2026, p. 3"
    provider.full_clean()


def test_the_database_refuses_a_provider_without_its_provenance(twenterand):
    with pytest.raises(IntegrityError), transaction.atomic():
        Provider.objects.filter(dossier=twenterand, name="Larcom").update(set_by="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Provider.objects.filter(dossier=twenterand, name="Larcom").update(contract_years=0)


def test_every_provider_of_the_fixtures_is_owned_by_a_role_with_the_why_in_its_note(twenterand):
    for provider in Provider.objects.filter(dossier=twenterand):
        assert provider.provenance_errors() == {}, provider
        assert provider.set_by in {"Kwartiermaker", "Ambtelijke werkgroep – Financiën"}, provider
        assert not provider.note.startswith("Aanname"), provider  # who and when are fields, not text
    assert Provider.objects.get(dossier=twenterand, name="Ontplooj").set_by == "Ambtelijke werkgroep – Financiën"


# The editor


def test_the_providers_page_shows_who_and_when_and_the_contract_term(as_role, twenterand):
    Provider.objects.filter(dossier=twenterand, name="Larcom").update(contract_years=3, renewal_years=2)
    html = as_role("college").get(f"{BASE}/scenarios/aanbieders/").content.decode()
    assert '<span class="badge">Aanname</span> · Ambtelijke werkgroep – Financiën · 4 december 2026' in html
    assert "Larcom heeft (nog) geen offerte uitgebracht" in html  # the why, behind a disclosure
    assert "Onderbouwing van deze cijfers" in html
    assert "3 jaar, verlengingsopties 2 jaar" in html
    assert "zoals elke nieuwe overeenkomst (een parameter)" in html  # Ontplooj: no term of its own


def test_a_new_figure_of_an_eigen_voorziening_makes_it_the_editors_assumption_of_today(as_role, twenterand):
    provider = eigen(twenterand)
    response = edit(as_role("kwartiermaker"), provider, post_of(provider, housing="65.000"), HX_Request="true")
    assert response.status_code == 200, response.content.decode()
    saved = Provider.objects.get(pk=provider.pk)
    assert saved.housing == 65000 and saved.set_on == timezone.localdate() and saved.set_by == "Kwartiermaker"
    assert saved.note == provider.note


def test_a_new_name_keeps_who_and_when(as_role, twenterand):
    provider = eigen(twenterand)
    edit(as_role("kwartiermaker"), provider, post_of(provider, name="Voorziening Vriezenveen"), HX_Request="true")
    saved = Provider.objects.get(pk=provider.pk)
    assert saved.name == "Voorziening Vriezenveen" and saved.set_on == datetime.date(2026, 11, 22)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"note": "", "housing": "61.000"}, "note", "Een aanname zegt waarom"),
        ({"status": "offerte", "source": "Offerte Vriezenveen", "locator": ""}, "locator", "noemt de vindplaats"),
        ({"contract_years": "drie"}, "contract_years", "getal"),
        ({"renewal_years": "-1"}, "renewal_years", "0"),
    ],
)
def test_a_provider_without_its_provenance_or_a_bad_term_is_refused_beside_the_field(
    as_role, twenterand, changes, field, message
):
    provider = eigen(twenterand)
    for headers, status in (({"HX_Request": "true"}, 200), ({}, 400)):
        response = edit(as_role("kwartiermaker"), provider, post_of(provider, **changes), **headers)
        assert response.status_code == status
        html = response.content.decode()
        assert f'id="id_{field}_error"' in html and message in html, html
        for value in changes.values():
            if value:
                assert f'value="{value}"' in html or f">{value}<" in html, value  # what was typed is kept
    assert Provider.objects.get(pk=provider.pk).version == provider.version  # nothing saved


@pytest.mark.parametrize("role", ["werkgroep", "college"])
def test_read_only_members_cannot_change_a_providers_figures(as_role, twenterand, role):
    provider = eigen(twenterand)
    for headers in ({}, {"HX_Request": "true"}):
        assert edit(as_role(role), provider, post_of(provider, housing="1"), **headers).status_code == 403
    assert Provider.objects.get(pk=provider.pk).version == provider.version


def test_the_edit_form_of_a_provider_needs_a_bounded_number_of_queries(
    as_role, twenterand, django_assert_max_num_queries
):
    provider = eigen(twenterand)
    client = as_role("kwartiermaker")
    with django_assert_max_num_queries(30):
        html = client.get(f"{BASE}/aanbieder/{provider.pk}/bewerken/", headers={"HX-Request": "true"}).content.decode()
    assert 'name="set_by"' in html and 'name="contract_years"' in html and 'name="reason"' not in html


# The contract term


def test_a_providers_own_term_of_3_plus_2_years_values_its_purchase_over_60_months(twenterand):
    scenario = Scenario.objects.get(dossier=twenterand, kind="andere_aanbieder")
    Scenario.objects.filter(pk=scenario.pk).update(start_date=datetime.date(2026, 10, 1))
    scenario.refresh_from_db()
    assert procurement.term_months(scenario.start_date, D(5)) == {
        2026: 3,
        2027: 12,
        2028: 12,
        2029: 12,
        2030: 12,
        2031: 9,
    }
    larcom = Provider.objects.get(dossier=twenterand, name="Larcom")
    before = _contract(twenterand, scenario, "Larcom")
    assert (before.term_years, before.renewal_years, before.own_term) == (D(10), D(5), False)  # the parameters

    Provider.objects.filter(pk=larcom.pk).update(contract_years=3, renewal_years=2)
    contract = _contract(twenterand, scenario, "Larcom")
    assert (contract.initial_years, contract.renewal_years, contract.term_years, contract.own_term) == (3, 2, 5, True)
    # By hand: 3 months of 2026, the whole of 2027–2030 and 9 months of 2031, from what Larcom is paid a year
    # (the same payments over the parameters' 10 years, where 2031 is a whole year).
    sourcing = {s.service: s.provider for s in scenario.sourcing.select_related("provider")}
    population, reference = _baseline_and_reference(twenterand)
    for name in Scenario.SHARES:
        if getattr(scenario, name) is not None:
            setattr(population, name, getattr(scenario, name))
    paid = _payments_over(scenario, sourcing, population, reference, D(10))["Larcom"]
    per_year = {year: sum((by_year.get(year, D(0)) for by_year in paid.values()), D(0)) for year in range(2026, 2032)}
    expected = sum(per_year[y] for y in range(2026, 2031)) + per_year[2031] * 9 / 12
    assert round(contract.value, 2) == round(expected, 2)
    assert contract.value < before.value


def _contract(dossier, scenario, provider):
    result = next(r for r in compare(dossier).results if r.scenario.pk == scenario.pk)
    return next(c for c in result.contracts if c.provider == provider)


def test_an_empty_renewal_takes_the_parameter_and_zero_means_none(twenterand):
    larcom = Provider.objects.get(dossier=twenterand, name="Larcom")
    parameters = {"contract_looptijd_jaren": D(5), "contract_verlenging_jaren": D(5)}
    larcom.contract_years = D(4)
    assert larcom.contract_term(parameters) == (D(4), D(5))
    larcom.renewal_years = D(0)
    assert larcom.contract_term(parameters) == (D(4), D(0))
    assert Provider.objects.filter(Q(contract_years__isnull=False) | Q(renewal_years__isnull=False)).count() == 0
