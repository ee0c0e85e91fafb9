"""Every provider's own figures sourced or owned before the rule becomes a constraint (0010): a provider without
who or when becomes the kwartiermaker's assumption of the day it was created (see finance.provenance.backfill)."""

from django.db import migrations

from finance.provenance import backfill


def forwards(apps, schema_editor):
    backfill(apps.get_model("scenarios", "Provider"), apps.get_model("scenarios", "HistoricalProvider"), why="note")


class Migration(migrations.Migration):
    dependencies = [
        ("scenarios", "0008_provider_provenance_fields"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
