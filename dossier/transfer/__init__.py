"""Move one dossier with everything it owns between databases: `dossier_export` gives a JSON-ready dict,
`dossier_import` writes such a dict into a database (all of it or nothing). The format is in docs/transfer.md.

Rows are named by export-local numbers (`ref`, 1… per model in primary-key order), never by database ids, so a file
can be imported beside other dossiers. Which models a dossier owns is derived from the foreign keys (see
`owned_models`), so a new kind of content travels without changes here.
"""

from .export import dossier_export
from .format import (
    APPS,
    FORMAT,
    FORMAT_VERSION,
    NOT_OWNED,
    RENAMED,
    ImportMark,
    Signature,
    SlugTaken,
    TransferError,
    dumps,
    installation_id,
    loads,
    owned_models,
    register_import_mark,
    register_row_check,
    sign,
    signature_state,
)
from .importing import dossier_import
from .provenance import signature_text

__all__ = [
    "APPS",
    "FORMAT",
    "FORMAT_VERSION",
    "NOT_OWNED",
    "RENAMED",
    "ImportMark",
    "Signature",
    "SlugTaken",
    "TransferError",
    "dossier_export",
    "dossier_import",
    "dumps",
    "installation_id",
    "loads",
    "owned_models",
    "register_import_mark",
    "register_row_check",
    "sign",
    "signature_state",
    "signature_text",
]
