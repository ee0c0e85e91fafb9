"""The names that were stored before stored names became model labels: until December 2026 a thread's anchor, a
snapshot's content and an export's threads named an element's kind by the kinds registry's key ("risico"), which
is also a URL segment. Since then they store the model's label ("dossier.risk", `_meta.label_lower`).

Frozen as the registry had them when the change was made (the dossier's, the scenarios' and the documents' kinds,
and the werkgroep's anchors on the finance reference data): old files and old snapshots are read with this map,
whatever the registry's keys become."""

KIND_LABELS = {
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


def kind_label(name: str) -> str:
    """The label for a stored name: an old kind key's label, a label (or anything unknown) as it is."""
    return KIND_LABELS.get(name, name)
