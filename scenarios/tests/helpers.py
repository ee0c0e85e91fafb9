"""What the scenario editor's test modules share: the Twenterand dossier's address, its Larcom scenario, the htmx
header, a tariff's form as posted, and a scenario's cumulative result."""

from scenarios.models import Scenario
from scenarios.selectors import compare

BASE = "/d/twenterand"


def larcom(dossier):
    return Scenario.objects.get(dossier=dossier, kind="andere_aanbieder")


def htmx():
    return {"HX-Request": "true"}


def tariff_post(tariff, amount, version=None, **changes):
    """A tariff's edit form as the browser posts it, with `amount` typed, the version read (or `version`) and any
    field `changes`."""
    return {
        "provider": tariff.provider_id,
        "task": tariff.task,
        "amount": amount,
        "status": tariff.status,
        "source": tariff.source,
        "locator": tariff.locator,
        "set_by": tariff.set_by,
        "set_on": tariff.set_on.isoformat() if tariff.set_on else "",
        "reason": tariff.reason,
        "expected_version": tariff.version if version is None else version,
        **changes,
    }


def cumulative(dossier, scenario):
    return next(r for r in compare(dossier).results if r.scenario.pk == scenario.pk).cumulative
