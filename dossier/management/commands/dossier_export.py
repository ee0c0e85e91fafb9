"""`manage.py dossier_export --dossier SLUG [--out FILE]`: write one dossier with everything it owns as JSON
(docs/transfer.md); `dossier_import` reads it back. Bad arguments: a message on stderr, exit 2, nothing written."""

import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from dossier import transfer
from dossier.models import Dossier


class Command(BaseCommand):
    help = "Write a dossier with its content, scenarios, werkgroep, versions and history as JSON."

    def create_parser(self, prog_name, subcommand, **kwargs) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.error = self._usage_error  # bad arguments: a clear message and exit 2, as proposal_pdf
        return parser

    def add_arguments(self, parser):
        parser.add_argument("--dossier", required=True, help="the dossier's slug, e.g. twenterand")
        parser.add_argument("--out", help="the JSON file to write (default, or '-': standard output)")

    def handle(self, *args, dossier, out, **options):
        target = Dossier.objects.filter(slug=dossier).first()
        if target is None:
            self._usage_error(f"dossier '{dossier}' bestaat niet")
        if out not in (None, "-"):
            folder = Path(out).resolve().parent
            if not folder.is_dir() or not os.access(folder, os.W_OK) or Path(out).is_dir():
                self._usage_error(f"kan {out} niet schrijven: map bestaat niet of is niet schrijfbaar")
        try:
            text = transfer.dumps(transfer.dossier_export(dossier=target))
        except transfer.TransferError as exc:
            self.stderr.write(f"dossier_export: {exc.message}")
            sys.exit(1)
        if out in (None, "-"):
            buffer = getattr(self.stdout, "buffer", None)  # bytes, so the terminal's encoding cannot mangle it
            if buffer is not None:
                self.stdout.flush()
                buffer.write(text.encode("utf-8"))
                buffer.flush()
            else:
                self.stdout.write(text, ending="")
            return
        self._write(Path(out), text)
        self.stderr.write(f"{out}: dossier '{target.slug}', {len(text.encode('utf-8'))} bytes.")

    def _write(self, path: Path, text: str) -> None:
        """Write beside the target and rename: a failed write leaves no half file (and an old file intact)."""
        handle, temporary = tempfile.mkstemp(dir=path.resolve().parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(temporary, path)
        except OSError as exc:
            Path(temporary).unlink(missing_ok=True)
            self._usage_error(f"kan {path} niet schrijven: {exc.strerror}")

    def _usage_error(self, message):
        self.stderr.write(f"dossier_export: {message}")
        sys.exit(2)
