"""`manage.py zgw_handoff --dossier SLUG --version N`: file the college's decision on a version and the version's
files in the gemeente's zaaksysteem through the ZGW APIs (`documents.handoff`). Off by default; off, misconfigured,
undecided or refused: one Dutch line, non-zero (a refusal by the zaaksysteem also says what had been made)."""

from django.conf import settings
from django.core.management.base import CommandParser
from django.utils import translation

from dossier.management.strict import StrictCommand
from dossier.models import Dossier

from ... import archive, handoff, zgw
from ...models import DossierVersion


class Command(StrictCommand):
    help = "Hand a decided version (besluit and documents) to the gemeente's zaaksysteem through the ZGW APIs."

    def create_parser(self, prog_name, subcommand, **kwargs) -> CommandParser:
        # --version is the dossier version asked for here, so it replaces Django's "show Django's version" option.
        kwargs.setdefault("conflict_handler", "resolve")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--dossier", required=True, help="the dossier's slug, e.g. twenterand")
        parser.add_argument("--version", type=int, required=True, help="the number of the decided version")

    def handle(self, *args, dossier, version, **options):
        target = Dossier.objects.filter(slug=dossier).first()
        if target is None:
            self.fail(f"dossier '{dossier}' bestaat niet")
        chosen = DossierVersion.objects.filter(dossier=target, number=version).first()
        if chosen is None:
            self.fail(f"dossier '{dossier}' heeft geen versie {version}")
        with translation.override(settings.LANGUAGE_CODE):
            try:
                done = handoff.hand_off(chosen, transport=self.transport())
            except (handoff.HandoffRefused, archive.ArchiveError, zgw.HandoffError) as exc:
                self.fail(str(exc.message), 1)
        self.stdout.write(f"besluit {done.besluit}")
        for filed in done.documents:
            self.stdout.write(f"document {filed.informatieobject} ({filed.title}), gekoppeld: {filed.link}")
        self.stderr.write(
            f"'{target.slug}' versie {chosen.number}: besluit en {len(done.documents)} documenten in het zaaksysteem."
        )

    def transport(self) -> zgw.Transport | None:
        """The real transport (None: urllib); the tests put a fake zaaksysteem here."""
        return None
