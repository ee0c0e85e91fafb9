"""Freezing a dossier into a version: the snapshot (every element of every registered kind, the scenarios' computed
results, the werkgroep's threads and advice, the reference figures), its canonical JSON and SHA-256 hash.

The snapshot is content only (no freeze time, no version number), so the same dossier gives the same hash; the
version row keeps who froze it, when and as what.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from dossier.kinds import KINDS
from dossier.legacy import kind_label
from dossier.models import Dossier
from dossier.values import plain_value
from finance.models import Parameter, TariffSet
from scenarios import comparison as comparison_tables
from scenarios import uncertainty
from scenarios.selectors import compare

from .models import DossierVersion, Proposal

# 1: the content (and the werkgroep's anchors) named each kind by the kinds registry's key ("risico");
# 2 (December 2026): by the model's label ("dossier.risk"), a stable name. Stored snapshots keep their schema (their
# hash must hold); `read` gives any of them as schema 2.
SCHEMA = 2


@dataclass(frozen=True)
class SnapshotPart:
    """A part of every snapshot that an app above the dossier adds (the werkgroep's threads and advice): how it is
    built from the dossier, and the models whose field labels its stored values are shown with."""

    build: Callable[[Dossier], dict]
    label_models: dict[str, type[models.Model]] = dataclass_field(default_factory=dict)
    # (the part as an older snapshot stored it, that snapshot's schema) -> the part as `build` makes it now
    read: Callable[[dict, int], dict] | None = None


SNAPSHOT_PARTS: dict[str, SnapshotPart] = {}


def register_snapshot_part(name: str, part: SnapshotPart) -> None:
    """Called from an app's `ready()`; the part's key in the snapshot is `name` (a stable name: stored snapshots
    are read by it)."""
    SNAPSHOT_PARTS[name] = part


def snapshot_model(part: str, name: str) -> type[models.Model]:
    """The model a registered part names, for the labels of its stored values (`display_value`)."""
    return SNAPSHOT_PARTS[part].label_models[name]


def _row(obj) -> dict:
    """An element's own fields: plain values, foreign keys as ids, many-to-many as sorted id lists."""
    row = {}
    for f in obj._meta.concrete_fields:
        if f.name == "dossier":
            continue
        row[f.attname] = plain_value(getattr(obj, f.attname))
    for f in obj._meta.many_to_many:
        row[f.name] = sorted(o.pk for o in getattr(obj, f.name).all())
    return row


def _content(dossier: Dossier) -> dict:
    """Every element of every kind, by the kind's stable name (its model's label)."""
    content = {}
    for kind in KINDS.values():
        if kind.model is Dossier:
            continue
        queryset = kind.model._default_manager.filter(dossier=dossier).order_by("pk")
        if kind.model._meta.many_to_many:
            queryset = queryset.prefetch_related(*(f.name for f in kind.model._meta.many_to_many))
        content[kind.model._meta.label_lower] = [_row(obj) for obj in queryset]
    return dict(sorted(content.items()))


def _results(dossier: Dossier) -> dict:
    """Each active scenario as the finance engine computes it now, with its score and rank."""
    frozen = (
        "id",
        "name",
        "yearly",
        "cumulative",
        "npv",
        "one_off",
        "average_per_fte",
        "score",
        "rank",
        "route_sound",
        "flags",
    )
    comparison = compare(dossier)
    return {
        "sensitivity": _sensitivity(dossier, comparison),
        "uncertainty": _uncertainty(dossier, comparison),
        "weights": {area: str(w) for area, w in sorted(comparison.weights.items())},
        "discount_rate": str(comparison.discount_rate),
        "flags": [str(f) for f in comparison.flags],
        "scenarios": [
            {key: figures[key] for key in frozen}
            for figures in sorted((r.as_json() for r in comparison.results), key=lambda f: f["id"])
        ],
    }


def _table(table) -> dict:
    """A finance table as plain JSON values: its columns with their kind, rows, one source per row and its note."""
    return {
        "key": table.key,
        "title": str(table.title),
        "columns": [[str(c.label), c.kind] for c in table.columns],
        "rows": [[plain_value(v) if not isinstance(v, str) else v for v in row] for row in table.rows],
        "sources": [str(s) for s in table.sources],
        "note": str(table.note),
    }


def _sensitivity(dossier: Dossier, comparison) -> list[dict]:
    """The tornado and break-even of the proposed scenario (or the best ranked) against the DVO scenario."""
    proposal = Proposal.objects.filter(dossier=dossier).first()
    computed = [r for r in comparison.results if r.result is not None]
    chosen = next((r for r in computed if proposal and r.scenario.pk == proposal.chosen_scenario_id), None)
    chosen = chosen or comparison_tables.best_choice(comparison)  # as the comparison page chooses
    return [_table(t) for t in comparison_tables.sensitivity(comparison, chosen)]


def _uncertainty(dossier: Dossier, comparison) -> dict | None:
    """The bands and chances of the scenarios with the draws and seed they were drawn with (see scenarios.uncertainty):
    frozen, so the collegevoorstel's sentence and a later check read the same figures."""
    try:
        outcome = uncertainty.run(dossier, comparison=comparison)
    except uncertainty.UncertaintyError:
        return None
    return None if outcome is None else outcome.as_json()


def _reference() -> dict:
    return {
        "tariff_sets": [
            {**_row(ts), "tariffs": [_row(t) for t in ts.tariffs.order_by("pk")]}
            for ts in TariffSet.objects.prefetch_related("tariffs").order_by("pk")
        ],
        "parameters": [_row(p) for p in Parameter.objects.order_by("pk")],
    }


def build_snapshot(dossier: Dossier) -> dict:
    """Everything a version freezes, as plain JSON values."""
    return {
        "schema": SCHEMA,
        "dossier": _row(dossier),
        "content": _content(dossier),
        "results": _results(dossier),
        **{name: part.build(dossier) for name, part in SNAPSHOT_PARTS.items()},
        "reference": _reference(),
    }


def read(snapshot: dict) -> dict:
    """A stored snapshot as every reader reads it: its content (and its parts) by model label, whatever schema it was
    frozen in. The stored snapshot is never changed (its hash must still verify); an old one is read through the
    frozen map of the old kind keys (`dossier.legacy`)."""
    schema = snapshot.get("schema", 1)
    if schema >= SCHEMA:
        return snapshot
    upgraded = {**snapshot, "content": {kind_label(key): rows for key, rows in snapshot.get("content", {}).items()}}
    for name, part in SNAPSHOT_PARTS.items():
        if part.read is not None and name in snapshot:
            upgraded[name] = part.read(snapshot[name], schema)
    return upgraded


def snapshot_of(version: DossierVersion) -> dict:
    """The version's snapshot, read (`read`)."""
    return read(version.snapshot)


def canonical(snapshot: dict) -> bytes:
    """The one byte form a snapshot is hashed in: sorted keys, no whitespace, UTF-8."""
    return json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def digest(snapshot: dict) -> str:
    return hashlib.sha256(canonical(snapshot)).hexdigest()


class DuplicateVersion(ValidationError):
    """The dossier is exactly as its latest version of this status froze it: freezing again would only duplicate it
    (a double-click, a resubmitted form, or a retry after a slow answer). `version` is that existing version."""

    def __init__(self, version: DossierVersion):
        self.version = version
        super().__init__(
            _(
                "Version %(n)s (%(status)s) already holds exactly this content (hash %(hash)s): nothing has changed "
                "since. Change the dossier first, or freeze it with another status."
            )
            % {"n": version.number, "status": version.get_status_display().lower(), "hash": version.short_hash}
        )


@transaction.atomic
def version_freeze(*, membership, status: str, note: str = "") -> DossierVersion:
    """The kwartiermaker freezes the dossier as it is now into the next version; freezing content that the latest
    version of the same status already holds is refused (`DuplicateVersion`). Only the snapshot: publishing the
    version, with its documents made in the background, is `services.version_publish`."""
    if not membership.can_edit:  # the kwartiermaker, until the college decided
        raise PermissionDenied
    if status not in DossierVersion.Status.values:
        raise ValidationError({"status": _("Choose concept, ter advisering or definitief.")})
    note = (note or "").strip()
    if len(note) > DossierVersion._meta.get_field("note").max_length:
        raise ValidationError({"note": _("The note can be at most 2.000 characters long.")})
    # Locks the dossier's row (PostgreSQL; on SQLite the transaction holds the write lock from its start), so two
    # freezes at once run one after the other and the second sees the first's version.
    dossier = Dossier.objects.select_for_update().get(pk=membership.dossier_id)
    last = DossierVersion.objects.filter(dossier=dossier).aggregate(n=models.Max("number"))["n"] or 0
    snapshot = json.loads(canonical(build_snapshot(dossier)))  # hashed as stored (e.g. int keys become strings)
    sha256 = digest(snapshot)
    same_status = DossierVersion.objects.filter(dossier=dossier, status=status).defer("snapshot").order_by("-number")
    previous = same_status.first()
    if previous is not None and previous.sha256 == sha256:
        raise DuplicateVersion(previous)
    version = DossierVersion.objects.create(
        dossier=dossier,
        number=last + 1,
        snapshot_schema=SCHEMA,
        status=status,
        note=note,
        frozen_by=membership.user,
        snapshot=snapshot,
        sha256=sha256,
    )
    return version


def verify(version: DossierVersion) -> bool:
    """Whether the stored snapshot still has the hash it was frozen with."""
    return digest(version.snapshot) == version.sha256


def import_checks() -> dict:
    """What an imported version must satisfy before anything is written: its snapshot still matches its hash, a
    stored document its checksum and size."""

    def version(obj) -> str | None:
        if not verify(obj):
            return f"versie {obj.number}: de momentopname past niet meer bij haar SHA-256"
        return None

    def document(obj) -> str | None:
        if obj.state == "ready":
            content = bytes(obj.content)
            if hashlib.sha256(content).hexdigest() != obj.sha256 or len(content) != obj.size:
                return f"document “{obj.document}”: de inhoud past niet bij de SHA-256 of de grootte"
        return None

    return {"documents.DossierVersion": version, "documents.VersionDocument": document}


def import_marks() -> dict:
    """How an imported version is marked when the file is not this installation's own unmodified export: "imported,
    not verified", with when and by whom. Its hash then only shows that its snapshot matches the hash beside it in the
    same file, which whoever altered the file could recompute; it is never shown as intact. An own unmodified export
    keeps what it says of the version (frozen here, or imported before)."""

    def version(obj, mark) -> bool:
        if mark.verified:
            return obj.provenance == DossierVersion.Provenance.IMPORTED_UNVERIFIED
        obj.provenance = DossierVersion.Provenance.IMPORTED_UNVERIFIED
        obj.imported_at, obj.imported_by_name = mark.at, mark.by_name
        return True

    return {"documents.DossierVersion": version}
