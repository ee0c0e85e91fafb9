"""Validators the scenarios' models share, and the pages their elements are shown on.

A model's `page_url(dossier, obj=None, parent=None, element_id="")` (a classmethod, used by the kinds registry's
`Kind.page_url`) is the page showing `obj`, at `element_id` on it; for a new element, the page it will appear on
under `parent`."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.urls import reverse

SHARE = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))]
YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]


def _page(name: str, dossier, element_id: str = "", **kwargs) -> str:
    url = reverse(name, kwargs={"slug": dossier.slug, **kwargs})
    return f"{url}#{element_id}" if element_id else url


def own_scenario_page(cls, dossier, obj=None, parent=None, element_id="") -> str:
    """A scenario's own page (the list, for a new one)."""
    if obj is None or obj.pk is None:
        return _page("dossier:scenario-list", dossier)
    return _page("dossier:scenario-detail", dossier, pk=obj.pk)


def on_scenario_page(cls, dossier, obj=None, parent=None, element_id="") -> str:
    """An element of a scenario: on its scenario's page (a new one under `parent`)."""
    scenario = (getattr(obj, "scenario", None) if obj is not None else None) or parent
    if scenario is None or scenario.pk is None:
        return _page("dossier:scenario-list", dossier)
    return _page("dossier:scenario-detail", dossier, element_id, pk=scenario.pk)


def on_page(name: str, *, at_element: bool = True):
    """A `page_url` for elements shown on one page of the dossier, `name` (at the element's place on it)."""

    def page_url(cls, dossier, obj=None, parent=None, element_id="") -> str:
        return _page(name, dossier, element_id if at_element else "")

    return page_url
