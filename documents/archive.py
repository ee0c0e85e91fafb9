"""The archive package of one frozen version: a ZIP with every document as its stored PDF/A (with the decided copies
once the college decided), the frozen snapshot, the besluit, and MDTO metadata (`documents.mdto`): one
informatieobject for the dossier, one per archiefstuk, and one bestand per file, whose checksum and size are those of
the exact bytes in the ZIP. Waardering, bewaartermijn and informatiecategorie come from the proposal's selectielijst
category (reference data beheer keeps); beperkingGebruik follows the proposal's openbaarheid as the version froze it.

Nothing is rendered here: a version whose documents are not all made is refused."""

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dossier.errors import DomainError
from dossier.models import Dossier
from finance.exports import tables_to_xlsx
from finance.tables import Column, Table

from . import mdto, selectors, versioning, viewmodel
from .catalogue import DECIDED_COPIES, DOCUMENTS, decided_copy, title_of
from .models import ArchiveCategory, Decision, DossierVersion, Proposal, VersionDocument, WooGround
from .viewmodel.common import money_of, source_line_of

# What the renderer writes (`VersionDocument.pdf_variant`), as PRONOM names it.
PDF_FORMATS = {
    "pdf/a-2a": mdto.FileFormat("fmt/476", "Acrobat PDF/A - Portable Document Format 2a"),
    "pdf/a-2b": mdto.FileFormat("fmt/477", "Acrobat PDF/A - Portable Document Format 2b"),
    "pdf/a-2u": mdto.FileFormat("fmt/478", "Acrobat PDF/A - Portable Document Format 2u"),
}
JSON_FORMAT = mdto.FileFormat("fmt/817", "JSON Data Interchange Format")
# openpyxl writes transitional Office Open XML, which PRONOM names thus ("XLSX Strict" is another entry).
XLSX_FORMAT = mdto.FileFormat("fmt/214", "Microsoft Excel for Windows 2007 onwards")
COMPARISON = "vergelijking"
# Columns whose frozen values are numbers written as text (`dossier.values.plain_value`).
NUMBER_KINDS = frozenset({"money", "amount", "number", "fte", "count", "percent", "score", "year"})
SNAPSHOT = "momentopname"
BESLUIT = "besluit"
DOSSIER_METADATA = "dossier.mdto.xml"


class ArchiveError(DomainError):
    """The version cannot be archived (yet); nothing was written."""


@dataclass(frozen=True)
class Part:
    """An archiefstuk of the package with the one file that represents it."""

    key: str  # the stem of its files in the ZIP
    title: str
    filename: str
    content: bytes
    format: mdto.FileFormat
    checksum_at: datetime  # when its checksum was made: the render, the freeze, or this package


def decided_version(dossier: Dossier) -> DossierVersion | None:
    """The version the college decided on (the decision that counts, not aangehouden), the package's default; None
    while there is none: a caller names the version."""
    return selectors.decided_version(dossier=dossier)


def besluit_of(version: DossierVersion) -> dict | None:
    """The college's decision on this version that counts, as plain JSON values, with the decisions it corrected;
    None while none is recorded on it."""
    decisions = selectors.decisions_of(version=version)
    current = next((d for d in decisions if _uncorrected(d, decisions)), None)  # the newest first
    if current is None:
        return None
    value = _besluit_values(current)
    value["correcties"] = [_besluit_values(d) for d in decisions if d is not current and _in_chain(d, current)]
    return value


def _uncorrected(decision, decisions) -> bool:
    return not any(d.corrects_id == decision.pk for d in decisions)


def _in_chain(decision, current) -> bool:
    """Whether `decision` is one of those `current` corrected (directly or through earlier corrections)."""
    step = current.corrects
    while step is not None:
        if step.pk == decision.pk:
            return True
        step = step.corrects
    return False


def _besluit_values(decision) -> dict:
    return {
        "besluit": decision.outcome,
        "besluit_label": str(decision.get_outcome_display()),
        "datum_collegevergadering": decision.meeting_date.isoformat(),
        "besluitenlijst": decision.besluitenlijst,
        "voorgestelde_beslispunten": [b["text"] for b in viewmodel.proposed_beslispunten(decision.version)],
        "gewijzigde_beslispunten": decision.amended_beslispunten or None,
        "reden_aanhouden": decision.reason or None,
        "corrigeert": decision.corrects_id,
        "correctie_toelichting": decision.correction_note or None,
        "vastgelegd_door": decision.recorded_by.get_full_name() or decision.recorded_by.get_username(),
        "vastgelegd_op": timezone.localtime(decision.recorded_at).isoformat(),
        "gepubliceerd_op": timezone.localtime(decision.published_at).isoformat() if decision.published_at else None,
        "openbaar": decision.openbaar,
        "versie": decision.version.number,
        "id": decision.pk,
        "nummer": decision.number,  # on the version; it names the decided copies
    }


def spreadsheets(version: DossierVersion) -> list[Part]:
    """The xlsx bijlagen of the version, each a file of its own (PRONOM fmt/214; not embedded in a PDF/A-3), made from
    the frozen snapshot, never from the live dossier: the scenario comparison's figures as frozen (results, money per
    year) and the sensitivity tables of the proposed scenario. None for a version that froze no scenario results."""
    snapshot = versioning.snapshot_of(version)
    tables = comparison_tables(version, snapshot)
    if not tables:
        return []
    title = _("Comparison of the scenarios, version %(n)s") % {"n": version.number}
    content = tables_to_xlsx(tables, title)
    return [Part(COMPARISON, title, f"{COMPARISON}.xlsx", content, XLSX_FORMAT, timezone.now())]


def decision_files(version: DossierVersion) -> list[Part]:
    """The files a decision on this version is filed with: its documents (PDF/A) and its xlsx bijlagen; ArchiveError
    when a document is not ready or no longer matches its checksum."""
    return [*_documents(version), *spreadsheets(version)]


def comparison_tables(version: DossierVersion, snapshot: dict) -> list[Table]:
    """The comparison's tables that the snapshot holds: each scenario's frozen figures, its money per year, and the
    sensitivity tables as frozen (with their own sources and notes)."""
    results = snapshot.get("results") or {}
    scenarios = sorted(results.get("scenarios") or [], key=lambda r: (r.get("rank") or 99, str(r.get("name"))))
    if not scenarios:
        return []
    source = source_line_of(version)
    summary = Table(
        "resultaten",
        _("Results"),
        [
            Column(_("Rank"), "count"),
            Column(_("Scenario")),
            Column(_("Cumulative contribution"), "money"),
            Column(_("Net present value"), "money"),
            Column(_("One-off costs"), "money"),
            Column(_("Average per fte"), "money"),
            Column(_("Score"), "score"),
        ],
    )
    years = sorted({year for r in scenarios for year in (r.get("yearly") or {})})
    per_year = Table(
        "per-jaar",
        _("Contribution per year"),
        [Column(_("Scenario")), *(Column(year, "money") for year in years)],
    )
    for r in scenarios:
        summary.add(
            [
                r.get("rank"),
                r.get("name"),
                *(money_of(r.get(key)) for key in ("cumulative", "npv", "one_off", "average_per_fte", "score")),
            ],
            source,
        )
        yearly = r.get("yearly") or {}
        per_year.add([r.get("name"), *(money_of(yearly.get(year)) for year in years)], source)
    return [summary, per_year, *(_frozen_table(t) for t in results.get("sensitivity") or [])]


def _frozen_table(table: dict) -> Table:
    """A table as the snapshot froze it (`versioning._table`), its numbers read back from their text."""
    columns = [Column(label, kind) for label, kind in table["columns"]]
    rows = [
        [money_of(v) if c.kind in NUMBER_KINDS and isinstance(v, str) else v for v, c in zip(row, columns, strict=True)]
        for row in table["rows"]
    ]
    return Table(table["key"], table["title"], columns, rows, table.get("note", ""), list(table["sources"]))


def archive_package(*, version: DossierVersion) -> bytes:
    """The version's archive package as ZIP bytes; ArchiveError (a Dutch message) when it cannot be made."""
    with translation.override(settings.LANGUAGE_CODE):
        return _zip(_members(version), version.frozen_at)


def _members(version: DossierVersion) -> dict[str, bytes]:
    dossier = version.dossier
    snapshot = versioning.snapshot_of(version)
    proposal = (snapshot["content"].get("documents.proposal") or [{}])[0]
    category = _category(dossier, proposal)
    gemeente = snapshot["dossier"].get("gemeente") or dossier.gemeente
    source = f"Beslisdossier gemeente {gemeente}"
    status = version.get_status_display().lower()
    title = snapshot["dossier"].get("title") or dossier.title
    base = f"beslisdossier/{dossier.slug}/v{version.number}"

    def ref(naam: str, suffix: str = "") -> mdto.Ref:
        return mdto.Ref(naam, f"{base}/{suffix}" if suffix else base, source)

    parts = [
        *_documents(version),
        *_decided_copies(version),
        _snapshot_part(version),
        _besluit_part(version),
        *spreadsheets(version),
    ]
    name = _("%(title)s (version %(n)s, %(status)s)") % {"title": title, "n": version.number, "status": status}
    dossier_ref = ref(name)
    common = {
        "category": category,
        "archiefvormer": f"Gemeente {gemeente}",
        "restriction": _restriction(proposal),
    }
    members = {
        DOSSIER_METADATA: mdto.informatieobject(
            mdto.InformationObject(
                ref=dossier_ref,
                aggregatieniveau=mdto.DOSSIER,
                omschrijving=_(
                    "Version %(n)s of the dossier, frozen on %(date)s with status %(status)s; SHA-256 of its "
                    "snapshot: %(hash)s."
                )
                % {
                    "n": version.number,
                    "date": date_format(timezone.localtime(version.frozen_at), "j F Y"),
                    "status": status,
                    "hash": version.sha256,
                }
                + _provenance_note(version),
                frozen_at=timezone.localtime(version.frozen_at),
                parts=tuple(ref(part.title, part.key) for part in parts),
                **common,
            )
        )
    }
    for part in parts:
        part_ref, file_ref = ref(part.title, part.key), ref(part.filename, part.filename)
        members[part.filename] = part.content
        members[f"{part.key}.mdto.xml"] = mdto.informatieobject(
            mdto.InformationObject(
                ref=part_ref,
                aggregatieniveau=mdto.ARCHIEFSTUK,
                part_of=dossier_ref,
                representations=(file_ref,),
                **common,
            )
        )
        members[f"{part.filename}.bestand.mdto.xml"] = mdto.bestand(
            mdto.File(
                ref=file_ref,
                size=len(part.content),
                format=part.format,
                sha256=hashlib.sha256(part.content).hexdigest(),
                checksum_at=timezone.localtime(part.checksum_at),
                represents=part_ref,
            )
        )
    return members


def _provenance_note(version: DossierVersion) -> str:
    """For a version imported from a file this installation did not sign as it is: that it is not verified (its hash
    was recomputable by whoever made the file)."""
    if not version.unverified:
        return ""
    at = date_format(timezone.localtime(version.imported_at), "j F Y") if version.imported_at else "?"
    return " " + _("Imported on %(date)s by %(name)s, not verified: the file was not signed by this installation.") % {
        "date": at,
        "name": version.imported_by_name or "?",
    }


def _category(dossier: Dossier, proposal: dict) -> mdto.Category:
    """The category the version froze on its proposal; for a version frozen before it was chosen, the proposal's
    category now (it describes the dossier's decision, which a later version does not change)."""
    category = ArchiveCategory.objects.filter(pk=proposal.get("archive_category_id")).first()
    if category is None:
        live = Proposal.objects.filter(dossier=dossier).select_related("archive_category").first()
        category = live.archive_category if live else None
    if category is None:
        raise ArchiveError(
            _("The collegevoorstel names no selectielijst category yet: it says how long the dossier is kept.")
        )
    return mdto.Category(
        selectielijst=category.selectielijst,
        code=category.code,
        label=category.label,
        waardering=category.waardering,
        years=category.bewaartermijn_years,
    )


def _restriction(proposal: dict) -> mdto.Restriction:
    """Public: no restriction. Not public: "Overig", with the Woo ground the version froze and its text of the law."""
    if proposal.get("openbaar", True):
        return mdto.Restriction(mdto.GEEN_BEPERKING)
    article = proposal.get("woo_ground_id") or ""
    ground = WooGround.objects.filter(key=article).first()
    return mdto.Restriction(
        mdto.OVERIG,
        _("Not public: art. %(article)s Woo (%(text)s).") % {"article": article, "text": ground.text if ground else ""},
    )


def _documents(version: DossierVersion) -> list[Part]:
    """Every document of the version as stored, checked against the checksum and size recorded when it was made."""
    rows = {row.document: row for row in VersionDocument.objects.filter(version=version)}
    missing = [str(title) for key, title in DOCUMENTS.items() if key not in rows or not rows[key].is_ready]
    if missing:
        raise ArchiveError(
            _("Not every document of version %(n)s is ready: %(documents)s.")
            % {"n": version.number, "documents": ", ".join(missing)}
        )
    return [_stored_part(rows[key], str(title)) for key, title in DOCUMENTS.items()]


def _stored_part(row: VersionDocument, title: str) -> Part:
    """A stored document as a part, checked against the checksum and size recorded when it was made."""
    content = bytes(row.content)
    if hashlib.sha256(content).hexdigest() != row.sha256 or len(content) != row.size:
        raise ArchiveError(_("The stored PDF of “%(document)s” no longer matches its checksum.") % {"document": title})
    if row.pdf_variant not in PDF_FORMATS:
        raise ArchiveError(
            _("The stored PDF of “%(document)s” is not PDF/A-2 (%(variant)s).")
            % {"document": title, "variant": row.pdf_variant or "?"}
        )
    key = row.document
    return Part(key, title, f"{key}.pdf", content, PDF_FORMATS[row.pdf_variant], row.created_at)


def _decided_copies(version: DossierVersion) -> list[Part]:
    """The decided copies (the besluit filled in) of the decision on the version that counts, as stored; none while
    no closing decision is recorded on it."""
    besluit = besluit_of(version)
    if besluit is None or besluit["besluit"] not in Decision.CLOSING:
        return []
    keys = [decided_copy(document, besluit["nummer"]) for document in DECIDED_COPIES]
    rows = {row.document: row for row in VersionDocument.objects.filter(version=version, document__in=keys)}
    missing = [title_of(key) for key in keys if key not in rows or not rows[key].is_ready]
    if missing:
        raise ArchiveError(
            _("Not every document of version %(n)s is ready: %(documents)s.")
            % {"n": version.number, "documents": ", ".join(missing)}
        )
    return [_stored_part(rows[key], title_of(key)) for key in keys]


def _snapshot_part(version: DossierVersion) -> Part:
    """The snapshot as it was hashed when frozen: the file's SHA-256 is the version's."""
    title = _("Snapshot of version %(n)s") % {"n": version.number}
    content = versioning.canonical(version.snapshot)
    return Part(SNAPSHOT, title, f"{SNAPSHOT}.json", content, JSON_FORMAT, version.frozen_at)


def _besluit_part(version: DossierVersion) -> Part:
    besluit = besluit_of(version)
    if besluit is None:
        besluit = {
            "besluit": None,
            "toelichting": _("No decision of the college has been recorded on this version yet."),
        }
    content = (json.dumps(besluit, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
    return Part(BESLUIT, _("Besluit"), f"{BESLUIT}.json", content, JSON_FORMAT, timezone.now())


def _zip(members: dict[str, bytes], moment: datetime) -> bytes:
    """The members in a ZIP, each dated as the version was frozen (the same version gives the same listing)."""
    stamp = timezone.localtime(moment).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()
