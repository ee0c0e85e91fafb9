"""Every figure of a scenario or provider sourced or owned before the rule becomes a constraint (scenarios 0006):
rows without who or when become the kwartiermaker's assumption of the day they were created (see
finance.provenance.backfill)."""

from django.db import migrations

from finance.provenance import backfill

MODELS = ("ProviderTariff", "StaffLine", "OneOffCost", "ProviderTurnover", "StabilityImpact")


def forwards(apps, schema_editor):
    for name in MODELS:
        backfill(apps.get_model("scenarios", name), apps.get_model("scenarios", f"Historical{name}"))


class Migration(migrations.Migration):
    dependencies = [
        ("scenarios", "0004_provenance_fields"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
