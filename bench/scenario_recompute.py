"""Benchmark (not a test): the scenario editor's recompute — server time of a tariff save on the Larcom scenario as the
browser sends it (htmx): the save (the tariff as stored and which scenarios use Larcom, the write, the saved row and
the `scenario-changed` event with the tariff's old values, signed), then the editor's refresh of its result with them
(the scenario now, and was: the old amount put back for a moment; was → nu). Also the two apart and the whole editor
page. Target: recompute p95 ≤ 50 ms.

Run: .venv/bin/python bench/scenario_recompute.py [repeats]   (a throwaway SQLite database; DEBUG off)"""

import json
import sys

from common import load_twenterand, timed  # first: it sets up Django
from django.test import Client


def main(repeats: int = 100):
    load_twenterand()

    from django.contrib.auth import get_user_model

    from scenarios.models import ProviderTariff, Scenario

    client = Client()
    client.force_login(get_user_model().objects.get(username="kwartiermaker"))
    scenario = Scenario.objects.get(dossier__slug="twenterand", kind="andere_aanbieder")
    editor = f"/d/twenterand/scenarios/{scenario.pk}/"
    headers = {"HX-Request": "true"}
    tariff = ProviderTariff.objects.get(provider__name="Larcom", task="begeleiding_beschut")
    amounts = iter(range(7000, 7000 + repeats * 10))
    last = {}

    def save():
        current = ProviderTariff.objects.get(pk=tariff.pk)
        data = {
            "provider": current.provider_id,
            "task": current.task,
            "amount": str(next(amounts)),
            "status": current.status,
            "source": current.source,
            "locator": current.locator,
            "set_by": current.set_by,
            "set_on": current.set_on.isoformat() if current.set_on else "",
            "reason": current.reason,
            "expected_version": current.version,
        }
        response = client.post(f"/d/twenterand/tarief/{tariff.pk}/bewerken/", data, headers=headers)
        last["was"] = json.loads(response.headers["HX-Trigger-After-Settle"])["scenario-changed"]["was"]
        return response

    def refresh():
        response = client.get(f"{editor}resultaat/", {"was": last["was"]}, headers=headers)
        assert b"Laatste wijziging" in response.content
        return response

    def both():
        save()
        return refresh()

    figures = {
        "recompute (save + refresh, htmx)": timed(both, repeats),
        "the save alone": timed(save, repeats),
        "the refresh alone (result endpoint, was → nu)": timed(refresh, repeats),
        "whole editor page": timed(lambda: client.get(editor), max(repeats // 4, 10)),
    }
    print(f"Scenario editor, {repeats} runs each (server time in-process, SQLite):")
    for name, (median, p95) in figures.items():
        print(f"  {name:46s} median {median:6.1f} ms   p95 {p95:6.1f} ms")
    p95 = figures["recompute (save + refresh, htmx)"][1]
    print(f"Target recompute p95 ≤ 50 ms: {'met' if p95 <= 50 else 'NOT met'} ({p95:.1f} ms)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
