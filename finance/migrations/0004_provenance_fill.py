"""Every reference figure sourced or owned before the rule becomes a constraint (finance 0005): see
finance.provenance.backfill. Two parameters loaded from the first fixture also get their honest status (a law,
not a realised figure) and the horizon's first year its true place in the bestuursopdracht."""

from django.db import migrations

from finance.provenance import backfill

HORIZON_START_PLACE = (
    "Doel van de opdracht en korte beschrijving kaders, deelproduct 3: 'Beslisdocument hoe verder na 1 oktober 2026'"
)
CORRECTIONS = [  # (key, what the first fixture loaded, what it becomes)
    (
        "drempel_sociale_diensten",
        {"status": "gerealiseerd"},
        {
            "status": "bron",
            "source": "Richtlijn 2014/24/EU en Aanbestedingswet 2012",
            "locator": "art. 4 onder d (richtlijn); art. 2.39 (Aanbestedingswet 2012)",
        },
    ),
    ("activiteitencriterium", {"status": "gerealiseerd"}, {"status": "bron"}),
    ("horizon_start", {"locator": "Aanleiding: de DVO loopt af op 1 oktober 2026"}, {"locator": HORIZON_START_PLACE}),
]


def forwards(apps, schema_editor):
    Parameter = apps.get_model("finance", "Parameter")
    for key, old, new in CORRECTIONS:
        Parameter.objects.filter(key=key, **old).update(**new)
    for name in ("TariffSet", "PrintedFigure", "IndexRate", "Parameter"):
        backfill(apps.get_model("finance", name), apps.get_model("finance", f"Historical{name}"), why="note")
    backfill(apps.get_model("finance", "Headcount"), why="note", has_status=False)


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0003_provenance_fields"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
