"""`manage.py proposal_pdf --dossier SLUG --out FILE [--version N] [--document …]`: write a document of a frozen
version as archival PDF. Without --version the dossier's current state is frozen as a concept version first."""

import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from dossier import versioning
from dossier.documents import render
from dossier.documents.viewmodel import DOCUMENTS
from dossier.models import Dossier, DossierVersion, Membership, Role


class Command(BaseCommand):
    help = "Write the collegevoorstel (or a bijlage) of a version as PDF/A-2a."

    def create_parser(self, prog_name, subcommand, **kwargs) -> CommandParser:
        # --version is the dossier version asked for here, so it replaces Django's "show Django's version" option.
        kwargs.setdefault("conflict_handler", "resolve")
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.error = self._usage_error  # bad arguments: a clear message and exit 2
        return parser

    def add_arguments(self, parser):
        parser.add_argument("--dossier", required=True, help="the dossier's slug, e.g. twenterand")
        parser.add_argument("--out", required=True, help="the PDF file to write ('-' for standard output)")
        parser.add_argument("--version", type=int, help="the version number (default: freeze a concept version)")
        parser.add_argument("--document", choices=list(DOCUMENTS), default="collegevoorstel")

    def handle(self, *args, dossier, out, version, document, **options):
        target = Dossier.objects.filter(slug=dossier).first()
        if target is None:
            self._usage_error(f"dossier '{dossier}' bestaat niet")
        if out != "-":  # checked before anything is frozen: a failed write must not leave a version behind
            folder = Path(out).resolve().parent
            if not folder.is_dir() or not os.access(folder, os.W_OK) or Path(out).is_dir():
                self._usage_error(f"kan {out} niet schrijven: map bestaat niet of is niet schrijfbaar")
        if version is None:
            kwartiermaker = Membership.objects.filter(dossier=target, role=Role.KWARTIERMAKER).first()
            if kwartiermaker is None:
                self._usage_error(f"dossier '{dossier}' heeft geen kwartiermaker die een versie kan vastleggen")
            frozen = versioning.version_freeze(
                membership=kwartiermaker, status="concept", note="Vastgelegd door proposal_pdf"
            )
            self.stderr.write(f"Versie {frozen.number} vastgelegd (concept, hash {frozen.short_hash}).")
        else:
            frozen = DossierVersion.objects.filter(dossier=target, number=version).first()
            if frozen is None:
                self._usage_error(f"dossier '{dossier}' heeft geen versie {version}")
        stored = render.stored_pdf(frozen, document)
        content = bytes(stored.content)
        if out == "-":
            sys.stdout.buffer.write(content)
        else:
            try:
                with open(out, "wb") as handle:
                    handle.write(content)
            except OSError as exc:
                self._usage_error(f"kan {out} niet schrijven: {exc.strerror}")
            self.stderr.write(f"{out}: {DOCUMENTS[document]}, versie {frozen.number}, {len(content)} bytes.")

    def _usage_error(self, message):
        self.stderr.write(f"proposal_pdf: {message}")
        sys.exit(2)
