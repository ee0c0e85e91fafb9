"""`manage.py dossier_archive --dossier SLUG --out FILE.zip [--version N]`: write the archive package of a frozen
version (`documents.archive`): its PDF/A documents, snapshot, besluit and MDTO metadata. Without --version the
version the college decided on; a bad call or a version that cannot be archived: one line, non-zero, nothing written."""

from django.conf import settings
from django.core.management.base import CommandParser
from django.utils import translation

from dossier.management.strict import StrictCommand
from dossier.models import Dossier

from ... import archive
from ...models import DossierVersion


class Command(StrictCommand):
    help = "Write the archive package (ZIP with PDF/A, snapshot, besluit and MDTO XML) of a version of a dossier."

    def create_parser(self, prog_name, subcommand, **kwargs) -> CommandParser:
        # --version is the dossier version asked for here, so it replaces Django's "show Django's version" option.
        kwargs.setdefault("conflict_handler", "resolve")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--dossier", required=True, help="the dossier's slug, e.g. twenterand")
        parser.add_argument("--out", required=True, help="the ZIP file to write")
        parser.add_argument("--version", type=int, help="the version number (default: the version decided on)")

    def handle(self, *args, dossier, out, version, **options):
        target = Dossier.objects.filter(slug=dossier).first()
        if target is None:
            self.fail(f"dossier '{dossier}' bestaat niet")
        self.check_writable(out)
        if version is None:
            chosen = archive.decided_version(target)
            if chosen is None:
                self.fail("Er is nog geen besluit vastgelegd; kies een versie met --version N.")
        else:
            chosen = DossierVersion.objects.filter(dossier=target, number=version).first()
            if chosen is None:
                self.fail(f"dossier '{dossier}' heeft geen versie {version}")
        try:
            content = archive.archive_package(version=chosen)
        except archive.ArchiveError as exc:
            with translation.override(settings.LANGUAGE_CODE):
                self.fail(str(exc.message), 1)
        self.write_file(out, content)
        self.stderr.write(
            f"{out}: archiefpakket van '{target.slug}', versie {chosen.number} "
            f"({chosen.get_status_display().lower()}), {len(content)} bytes."
        )
