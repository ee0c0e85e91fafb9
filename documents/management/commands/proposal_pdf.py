"""`manage.py proposal_pdf --dossier SLUG --out FILE [--version N] [--document …]`: write a document of a frozen
version as archival PDF. Without --version the dossier's current state is frozen as a concept version first."""

import sys

from django.core.management.base import CommandParser

from dossier.management.strict import StrictCommand
from dossier.models import Dossier, Membership, Role

from ... import render, services, versioning
from ...models import DossierVersion
from ...viewmodel import DOCUMENTS


class Command(StrictCommand):
    help = "Write the collegevoorstel (or a bijlage) of a version as PDF/A-2a."

    def create_parser(self, prog_name, subcommand, **kwargs) -> CommandParser:
        # --version is the dossier version asked for here, so it replaces Django's "show Django's version" option.
        kwargs.setdefault("conflict_handler", "resolve")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--dossier", required=True, help="the dossier's slug, e.g. twenterand")
        parser.add_argument("--out", required=True, help="the PDF file to write ('-' for standard output)")
        parser.add_argument("--version", type=int, help="the version number (default: freeze a concept version)")
        parser.add_argument("--document", choices=list(DOCUMENTS), default="collegevoorstel")

    def handle(self, *args, dossier, out, version, document, **options):
        target = Dossier.objects.filter(slug=dossier).first()
        if target is None:
            self.fail(f"dossier '{dossier}' bestaat niet")
        if out != "-":  # checked before anything is frozen: a failed write must not leave a version behind
            self.check_writable(out)
        if version is None:
            kwartiermaker = Membership.objects.filter(dossier=target, role=Role.KWARTIERMAKER).first()
            if kwartiermaker is None:
                self.fail(f"dossier '{dossier}' heeft geen kwartiermaker die een versie kan vastleggen")
            try:
                frozen = services.version_publish(
                    membership=kwartiermaker, status="concept", note="Vastgelegd door proposal_pdf"
                )
                self.stderr.write(f"Versie {frozen.number} vastgelegd (concept, hash {frozen.short_hash}).")
            except versioning.DuplicateVersion as exc:  # unchanged since the latest concept: that one is it
                frozen = exc.version
                self.stderr.write(f"Versie {frozen.number} bevat deze inhoud al (concept, hash {frozen.short_hash}).")
        else:
            frozen = DossierVersion.objects.filter(dossier=target, number=version).first()
            if frozen is None:
                self.fail(f"dossier '{dossier}' heeft geen versie {version}")
        stored = render.stored_pdf(frozen, document)
        content = bytes(stored.content)
        if out == "-":
            sys.stdout.buffer.write(content)
        else:
            self.write_file(out, content)
            self.stderr.write(f"{out}: {DOCUMENTS[document]}, versie {frozen.number}, {len(content)} bytes.")
