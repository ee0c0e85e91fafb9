"""`manage.py dossier_export --dossier SLUG [--out FILE]`: write one dossier with everything it owns as JSON
(docs/transfer.md); `dossier_import` reads it back. Bad arguments: a message on stderr, exit 2, nothing written."""

from dossier import transfer
from dossier.management.strict import StrictCommand
from dossier.models import Dossier


class Command(StrictCommand):
    help = "Write a dossier with its content, scenarios, werkgroep, versions and history as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--dossier", required=True, help="the dossier's slug, e.g. twenterand")
        parser.add_argument("--out", help="the JSON file to write (default, or '-': standard output)")

    def handle(self, *args, dossier, out, **options):
        target = Dossier.objects.filter(slug=dossier).first()
        if target is None:
            self.fail(f"dossier '{dossier}' bestaat niet")
        if out not in (None, "-"):
            self.check_writable(out)
        try:
            text = transfer.dumps(transfer.dossier_export(dossier=target))
        except transfer.TransferError as exc:
            self.fail(exc.message, 1)
        if out in (None, "-"):
            buffer = getattr(self.stdout, "buffer", None)  # bytes, so the terminal's encoding cannot mangle it
            if buffer is not None:
                self.stdout.flush()
                buffer.write(text.encode("utf-8"))
                buffer.flush()
            else:
                self.stdout.write(text, ending="")
            return
        self.write_file(out, text.encode("utf-8"))
        self.stderr.write(f"{out}: dossier '{target.slug}', {len(text.encode('utf-8'))} bytes.")
