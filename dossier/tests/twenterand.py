"""The Twenterand dossier as `make run` loads it: reference figures, the dossier fixture and its four scenarios.
One loader for the test fixtures, the cross-app suites and the benchmarks."""

import io

from django.core.management import call_command


def load_twenterand():
    from dossier.models import Dossier

    out = io.StringIO()
    call_command("load_finance_reference", stdout=out)
    call_command("load_dossier", "fixtures/twenterand", stdout=out)
    call_command("load_scenarios", "fixtures/twenterand/scenarios.json", dossier="twenterand", stdout=out)
    return Dossier.objects.get(slug="twenterand")
