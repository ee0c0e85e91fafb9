"""`manage.py dossier_import FILE [--slug NEW] [--door USERNAME]`: create a dossier from a `dossier_export` file
('-' reads standard input), all of it or nothing (docs/transfer.md). Bad arguments (no such file, the slug is taken,
no such active user) exit 2; a file that cannot be imported (not JSON, another format, a dangling reference) exits 1.
Both write nothing. Who imports is `--door` (an active user) or else the operating system's account; the output says
whether the file is this installation's own unmodified export, and how many versions are imported unverified."""

import hashlib
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug

from dossier import transfer
from dossier.errors import DomainError
from dossier.management.strict import StrictCommand


class Command(StrictCommand):
    help = "Create a dossier from a file written by dossier_export."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the JSON file written by dossier_export ('-' for standard input)")
        parser.add_argument("--slug", help="import under this slug instead of the file's (e.g. for a copy)")
        parser.add_argument(
            "--door", metavar="USERNAME", help="the (active) user who imports (default: the operating system's account)"
        )

    def handle(self, *args, file, slug, door=None, **options):
        importer = self._importer(door)
        if slug is not None:
            try:
                validate_slug(slug)
            except ValidationError:
                self.fail(f"“{slug}” is geen geldige slug (letters, cijfers, - en _)", 2)
        raw = self._read(file)
        try:
            data = transfer.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            self.fail(f"{file} is geen UTF-8-tekst; er is niets geïmporteerd", 1)
        except DomainError as exc:
            self.fail(f"{file}: {exc.message}; er is niets geïmporteerd", 1)
        try:
            dossier = transfer.dossier_import(
                data=data, slug=slug, imported_by=importer, file_sha256=hashlib.sha256(raw).hexdigest()
            )
        except transfer.SlugTaken as exc:
            self.fail(f"{exc.message}. Kies een andere slug met --slug NIEUW.", 2)
        except DomainError as exc:
            self.fail(f"{file}: {exc.message}; er is niets geïmporteerd", 1)
        elements = sum(len(rows) for rows in data.get("objects", {}).values())
        changes = sum(len(rows) for rows in data.get("history", {}).values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Dossier '{dossier.slug}' geïmporteerd ({dossier}): {elements} onderdelen, "
                f"{changes} wijzigingen in de geschiedenis."
            )
        )
        self._provenance(dossier)

    def _importer(self, username: str | None):
        """The user `--door` names: an existing, active account (or None without --door)."""
        if username is None:
            return None
        user_model = get_user_model()
        user = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}, is_active=True).first()
        if user is None:
            self.fail(f"--door: er is geen actieve gebruiker “{username}”", 2)
        return user

    def _provenance(self, dossier) -> None:
        """What the signature said, and (unless the file is this installation's own unmodified export) that the
        imported versions are not verified."""
        record = dossier.imports.order_by("-pk").first()
        reason = transfer.signature_text(record.signature)
        n = record.unverified_versions
        versions = f"{n} {'versie' if n == 1 else 'versies'} geïmporteerd, niet geverifieerd"
        if record.verified:
            earlier = f" ({versions} bij een eerdere import)" if n else ""
            self.stdout.write(f"Handtekening: {reason}{earlier}; geïmporteerd door {record.imported_by_name}.")
        elif not n:  # nothing frozen in the file: no version to call unverified
            self.stdout.write(f"Handtekening: {reason}; geïmporteerd door {record.imported_by_name}.")
        else:
            self.stdout.write(
                self.style.WARNING(f"{versions} ({reason}); geïmporteerd door {record.imported_by_name}.")
            )

    def _read(self, file: str) -> bytes:
        """The file's bytes, at most `IMPORT_MAX_BYTES` of them: a larger file is refused before it fills memory."""
        limit = settings.IMPORT_MAX_BYTES
        if file == "-":
            stream = sys.stdin
            raw = stream.buffer.read(limit + 1) if hasattr(stream, "buffer") else stream.read(limit + 1).encode("utf-8")
        else:
            try:
                with Path(file).open("rb") as handle:
                    raw = handle.read(limit + 1)
            except FileNotFoundError:
                self.fail(f"bestand niet gevonden: {file}", 2)
            except OSError as exc:
                self.fail(f"kan {file} niet lezen: {exc.strerror}", 2)
        if len(raw) > limit:
            self.fail(f"{file} is groter dan {limit} bytes (IMPORT_MAX_BYTES); er is niets geïmporteerd", 1)
        return raw
