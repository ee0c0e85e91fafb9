"""The export format: its name and version, what an older version is renamed to, which models a dossier owns,
the errors, and the one text form of a file."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils.crypto import constant_time_compare, salted_hmac
from simple_history.manager import HistoryManager
from simple_history.models import HistoricalChanges

from ..errors import DomainError
from ..legacy import kind_label
from ..models import Dossier

FORMAT = "beslisdossier.dossier"
FORMAT_VERSION = 3
APPS = ("dossier", "scenarios", "documents", "werkgroep")  # finance holds only reference data shared by all dossiers
# The root itself; a user's own choices; shared reference data (named by its key, like finance's).
NOT_OWNED = (
    "dossier.Dossier",
    "werkgroep.NotificationSettings",
    "werkgroep.RouteTemplate",  # a gemeente's route templates: reference data, a dossier's route copies their steps
    "werkgroep.RouteTemplateStep",
    "documents.WooGround",
    "documents.ArchiveCategory",
    "dossier.DossierImport",  # this installation's record of an import, never part of the dossier it brought
    "dossier.ImportedHistory",
)
# What the models of an older format are called now. Format 1 (until December 2026) had the werkgroep's and the
# documents' models in the dossier app; format 2 names them by their own apps. Nothing else changed, so a format 1
# file is read by renaming its labels (sections, shared keys and content types alike).
RENAMED = {
    1: {
        f"dossier.{name}": f"{app}.{name}"
        for app, names in (
            (
                "werkgroep",
                (
                    "thread",
                    "historicalthread",
                    "comment",
                    "commentrevision",
                    "adviceround",
                    "advice",
                    "notification",
                    "notificationsettings",
                ),
            ),
            (
                "documents",
                (
                    "proposal",
                    "historicalproposal",
                    "beslispunt",
                    "historicalbeslispunt",
                    "proposalheading",
                    "historicalproposalheading",
                    "reactionpoint",
                    "historicalreactionpoint",
                    "wooground",
                    "dossierversion",
                    "versiondocument",
                ),
            ),
        )
        for name in names
    },
}
# Format 3 (December 2026) stores a thread's anchor by its model's label ("dossier.risk"); formats 1 and 2 stored
# the kind's key ("risico"), read with the frozen map in `dossier.legacy`. Snapshots are never rewritten: their
# reader in the documents turns old keys into labels.
ANCHORS_BY_KIND_KEY_UNTIL = 2
ANCHORED = "werkgroep.thread"  # its rows (live and history) name their anchor's kind in `anchor_kind`
REFERENCE_HINT = "laad eerst de financiële referentiegegevens (manage.py load_finance_reference)"


# What an app above the dossier checks of its imported rows (a frozen version must still match its hash): a model's
# label → a function giving the reason a row is refused, or None. Registered in the app's `ready()`.
ROW_CHECKS: dict[str, Callable[[Model], str | None]] = {}


def register_row_check(label: str, check: Callable[[Model], str | None]) -> None:
    ROW_CHECKS[label] = check


@dataclass(frozen=True)
class ImportMark:
    """Who imports when, and what the file's signature says (`signature_state`)."""

    signature: str
    at: datetime
    by_name: str

    @property
    def verified(self) -> bool:
        """The file is this installation's own unmodified export: what it says of its versions holds."""
        return self.signature == Signature.OWN


# What an app above the dossier marks on its imported rows that this installation cannot vouch for (a frozen version:
# "imported, not verified"): a model's label → a function that marks an unsaved row and says whether it did.
IMPORT_MARKS: dict[str, Callable[[Model, ImportMark], bool]] = {}


def register_import_mark(label: str, mark: Callable[[Model, ImportMark], bool]) -> None:
    IMPORT_MARKS[label] = mark


class TransferError(DomainError):
    """The file cannot be imported (or the dossier exported); nothing was written."""


class SlugTaken(DomainError):
    """A dossier with the file's slug (or the one asked for) exists already; nothing was written."""


def owned_models() -> dict[type[Model], str]:
    """Every model whose rows belong to one dossier, with the lookup from a row to its dossier: a required
    `dossier` foreign key, or else a required foreign key to a model that is owned itself (comment → thread)."""
    candidates = [
        model
        for name in APPS
        for model in apps.get_app_config(name).get_models()
        if model._meta.label not in NOT_OWNED and not _is_history(model)
    ]
    owned: dict[type[Model], str] = {}
    while True:
        found = {}
        for model in candidates:
            if model in owned:
                continue
            links = [f for f in model._meta.concrete_fields if f.is_relation and not f.null]
            direct = next((f for f in links if f.related_model is Dossier), None)
            if direct is not None:
                found[model] = direct.name
                continue
            parent = next((f for f in links if f.related_model in owned), None)
            if parent is not None:
                found[model] = f"{parent.name}__{owned[parent.related_model]}"
        if not found:
            return dict(sorted(owned.items(), key=lambda item: item[0]._meta.label))
        owned.update(found)


def _is_history(model) -> bool:
    """simple-history's models: the history of a model, and of its m2m fields."""
    return issubclass(model, HistoricalChanges) or model._meta.object_name.startswith("Historical")


def _history_model(model):
    manager = getattr(model, "history", None)
    return manager.model if isinstance(manager, HistoryManager) else None


def _m2m_history(history_model) -> list[tuple]:
    """(m2m field, model of its history rows) for each m2m field simple-history records with this model."""
    pairs = []
    for field in getattr(history_model, "_history_m2m_fields", ()):
        name = f"{history_model._meta.object_name}_{field.name}"
        related = next(r.related_model for r in history_model._meta.related_objects if r.related_model.__name__ == name)
        pairs.append((field, related))
    return pairs


def _generic(model) -> dict[str, str]:
    """{object id field: content type field} of the model's generic relations (also for its history model)."""
    base = getattr(model, "instance_type", model)
    return {f.fk_field: f.ct_field for f in base._meta.private_fields if isinstance(f, GenericForeignKey)}


def _keyed(model) -> bool:
    """Shared reference data (finance tariff sets, parameters) is named by its unique `key`."""
    try:
        return model._meta.get_field("key").unique
    except FieldDoesNotExist:
        return False


def dumps(data: dict) -> str:
    """The one text form of an export: sorted keys, UTF-8 characters as they are, two-space indent, signed by this
    installation (`sign`; a signature already in `data` is replaced)."""
    return json.dumps(sign(data), sort_keys=True, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------------------------------------- signature
# An export carries an HMAC-SHA256 of its canonical JSON (everything but the signature), keyed with a key derived from
# SECRET_KEY: this installation can tell its own unmodified export from any other file. Another installation cannot
# verify it (it has not the key) and neither can forge it. Rotating SECRET_KEY keeps old exports verifiable as long as
# the old key stays in SECRET_KEY_FALLBACKS. The key "signature" is optional: a file without it is read as before.
SIGNING_SALT = "beslisdossier.transfer.export"
INSTALLATION_SALT = "beslisdossier.transfer.installation"
SIGNATURE_ALGORITHM = "HMAC-SHA256"


class Signature:
    """What an export's signature says of it (`signature_state`)."""

    OWN = "own"  # signed by this installation and unmodified since
    FOREIGN = "foreign"  # signed by another installation (or with a key this one no longer has)
    ALTERED = "altered"  # names this installation, but the content is not what it signed
    UNSIGNED = "unsigned"  # no (readable) signature
    CHOICES = (OWN, FOREIGN, ALTERED, UNSIGNED)


def _canonical(data) -> bytes:
    """The signed form: compact JSON with sorted keys (the rule of documents.versioning.canonical)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _body(data: dict) -> dict:
    return {key: value for key, value in data.items() if key != "signature"}


def _keys() -> list[str]:
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


def installation_id(secret: str | None = None) -> str:
    """This installation's public name in its signatures: reveals nothing of the key, changes with SECRET_KEY."""
    return salted_hmac(INSTALLATION_SALT, b"id", secret=secret, algorithm="sha256").hexdigest()[:16]


def _mac(body: dict, secret: str | None = None) -> str:
    return salted_hmac(SIGNING_SALT, _canonical(body), secret=secret, algorithm="sha256").hexdigest()


def sign(data: dict) -> dict:
    """`data` with this installation's signature over everything else in it."""
    body = _body(data)
    signature = {"alg": SIGNATURE_ALGORITHM, "installation": installation_id(), "value": _mac(body)}
    return {**body, "signature": signature}


def signature_state(data: dict) -> str:
    """Whether this installation signed `data` as it is (`Signature.OWN`), another one did, it was altered since this
    one signed it, or it is not signed. Every current and fallback key is tried."""
    signature = data.get("signature")
    if not isinstance(signature, dict) or not isinstance(signature.get("value"), str):
        return Signature.UNSIGNED
    if signature.get("alg") != SIGNATURE_ALGORITHM:
        return Signature.FOREIGN
    body = _body(data)
    ours = False
    for secret in _keys():
        if constant_time_compare(_mac(body, secret), signature["value"]):
            return Signature.OWN
        ours = ours or signature.get("installation") == installation_id(secret)
    return Signature.ALTERED if ours else Signature.FOREIGN


def loads(text: str) -> dict:
    """The export in `text`; refused as a TransferError: not JSON, NaN or Infinity (not JSON either, though Python
    reads them), a number of more than 4,300 digits, nesting too deep to read."""
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise TransferError(f"geen geldige JSON: {exc}") from exc
    except ValueError as exc:  # an integer longer than Python converts (sys.get_int_max_str_digits)
        raise TransferError("geen geldige JSON: een getal heeft te veel cijfers") from exc
    except RecursionError as exc:
        raise TransferError("geen geldige JSON: de gegevens zijn te diep genest") from exc
    _check_header(data)
    return data


def _no_constant(name: str):
    raise TransferError(f"geen geldige JSON: {name} is geen getal")


def _check_header(data) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise TransferError(f"dit is geen dossierexport van Beslisdossier (verwacht: format “{FORMAT}”)")
    if data.get("format_version") not in range(1, FORMAT_VERSION + 1):
        known = ", ".join(str(v) for v in range(1, FORMAT_VERSION + 1))
        raise TransferError(
            f"formaatversie {data.get('format_version')!r} wordt niet ondersteund (deze versie leest {known})"
        )


def _renamed(data: dict) -> dict[str, str]:
    """The label renames that bring the file's format to the present one (none for the present format)."""
    renamed: dict[str, str] = {}
    for version in sorted(v for v in RENAMED if v >= data["format_version"]):
        renamed = {old: RENAMED[version].get(new, new) for old, new in renamed.items()} | RENAMED[version]
    return renamed


def _anchors_named(rows, version: int):
    """A file's thread rows with their anchor named as format 3 names it (rows of a later format as they are)."""
    if version > ANCHORS_BY_KIND_KEY_UNTIL or not isinstance(rows, list):
        return rows
    return [{**r, "anchor_kind": kind_label(r["anchor_kind"])} if "anchor_kind" in r else r for r in rows]
