"""Benchmark (not a test): the scenario editor's recompute — server time of a tariff save on the Larcom scenario,
answered with the saved row and the recomputed result out of band, as the browser sends it (htmx). Also the
result endpoint alone and the whole editor page. Target: recompute p95 ≤ 50 ms.

Run: .venv/bin/python bench/scenario_recompute.py [repeats]   (a throwaway SQLite database; DEBUG off)"""

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
    headers = {"HX-Request": "true", "HX-Current-URL": f"http://testserver{editor}"}
    tariff = ProviderTariff.objects.get(provider__name="Larcom", task="begeleiding_beschut")
    amounts = iter(range(7000, 7000 + repeats * 10))

    def save():
        current = ProviderTariff.objects.get(pk=tariff.pk)
        data = {
            "provider": current.provider_id,
            "task": current.task,
            "amount": str(next(amounts)),
            "status": current.status,
            "reason": current.reason,
            "expected_version": current.version,
        }
        response = client.post(f"/d/twenterand/tarief/{tariff.pk}/bewerken/", data, headers=headers)
        assert b"scenario-result" in response.content
        return response

    figures = {
        "recompute (save a tariff + result, htmx)": timed(save, repeats),
        "result endpoint alone": timed(lambda: client.get(f"{editor}resultaat/"), repeats),
        "whole editor page": timed(lambda: client.get(editor), max(repeats // 4, 10)),
    }
    print(f"Scenario editor, {repeats} runs each (server time in-process, SQLite):")
    for name, (median, p95) in figures.items():
        print(f"  {name:42s} median {median:6.1f} ms   p95 {p95:6.1f} ms")
    p95 = figures["recompute (save a tariff + result, htmx)"][1]
    print(f"Target recompute p95 ≤ 50 ms: {'met' if p95 <= 50 else 'NOT met'} ({p95:.1f} ms)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
