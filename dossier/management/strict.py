"""The base of the commands that scripts call (proposal_pdf, dossier_export, dossier_import, scenario_compare): a
bad call or input prints one line "<command>: <problem>" on stderr and exits non-zero (2: the call is wrong,
1: the input cannot be used), and then nothing has been written."""

import os
import sys
import tempfile
from pathlib import Path
from typing import NoReturn

from django.core.management.base import BaseCommand, CommandParser


class StrictCommand(BaseCommand):
    def create_parser(self, prog_name, subcommand, **kwargs) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.error = self.fail  # argparse's own complaints too: one line, exit 2
        return parser

    @property
    def command_name(self) -> str:
        return type(self).__module__.rsplit(".", 1)[-1]

    def fail(self, message: str, code: int = 2) -> NoReturn:
        self.stderr.write(f"{self.command_name}: {message}")
        sys.exit(code)

    def check_writable(self, out: str) -> None:
        """Refuse a file that cannot be written before any work is done (or anything frozen or stored)."""
        folder = Path(out).resolve().parent
        if not folder.is_dir() or not os.access(folder, os.W_OK) or Path(out).is_dir():
            self.fail(f"kan {out} niet schrijven: map bestaat niet of is niet schrijfbaar")

    def write_file(self, out: str, content: bytes) -> None:
        """Write beside the target and rename: a failed write leaves no half file (and an old file intact)."""
        path = Path(out)
        handle, temporary = tempfile.mkstemp(dir=path.resolve().parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)  # as open() would make it (mkstemp's file is private)
            os.replace(temporary, path)
        except OSError as exc:
            Path(temporary).unlink(missing_ok=True)
            self.fail(f"kan {out} niet schrijven: {exc.strerror}")
