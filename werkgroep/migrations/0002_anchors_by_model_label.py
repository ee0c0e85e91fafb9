"""Threads store the stable name of what they are about (the model's label, "dossier.risk") instead of the kind's
key ("risico"), which is a URL segment and may change with the pages. The history rows are converted too, so a
thread's history reads the same names.

The mapping is frozen here as the kinds registry had it (2026-12-04): a migration never reads the live registry."""

from django.db import migrations

KIND_TO_LABEL = {
    "bestuursopdracht": "dossier.dossier",
    "opdrachtgever": "dossier.opdrachtgever",
    "deelproduct": "dossier.deelproduct",
    "onderzoeksgebied": "dossier.researcharea",
    "functie": "dossier.infrastructurefunction",
    "toets": "dossier.kadertoets",
    "organisatie": "dossier.organisation",
    "kader": "dossier.kader",
    "mijlpaal": "dossier.milestone",
    "risico": "dossier.risk",
    "deelnemer": "dossier.participant",
    "bron": "dossier.source",
    "bronvermelding": "dossier.citation",
    "uitgangspunten": "dossier.populationbaseline",
    "scenario": "scenarios.scenario",
    "inzet": "scenarios.sourcing",
    "aanbieder": "scenarios.provider",
    "tarief": "scenarios.providertariff",
    "personeel": "scenarios.staffline",
    "eenmalig": "scenarios.oneoffcost",
    "omzet": "scenarios.providerturnover",
    "stabiliteit": "scenarios.stabilityimpact",
    "beoordeling": "scenarios.assessment",
    "functiebeoordeling": "scenarios.functionassessment",
    "dekking": "scenarios.budgetcover",
    "onzekerheid": "scenarios.uncertaindriver",
    "gewicht": "scenarios.areaweight",
    "voorstel": "documents.proposal",
    "beslispunt": "documents.beslispunt",
    "voorstelkop": "documents.proposalheading",
    "reactiepunt": "documents.reactionpoint",
    "tariefset": "finance.tariffset",
    "parameter": "finance.parameter",
}


def _convert(apps, mapping):
    for model in ("Thread", "HistoricalThread"):
        threads = apps.get_model("werkgroep", model).objects
        for old, new in mapping.items():
            threads.filter(anchor_kind=old).update(anchor_kind=new)


def to_labels(apps, schema_editor):
    _convert(apps, KIND_TO_LABEL)


def to_kind_keys(apps, schema_editor):
    _convert(apps, {label: key for key, label in KIND_TO_LABEL.items()})


class Migration(migrations.Migration):
    dependencies = [("werkgroep", "0001_initial")]

    operations = [migrations.RunPython(to_labels, to_kind_keys, elidable=False)]
