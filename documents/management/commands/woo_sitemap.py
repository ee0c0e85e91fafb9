"""`manage.py woo_sitemap --dossier SLUG [--out FILE] [--site URL]`: the sitemap with DiWoo metadata of a dossier's
published documents (`documents.woo`), on standard output or into FILE; well-formed with no `<url>` while nothing
is published. A bad call: one line, non-zero, nothing written."""

from dossier.management.strict import StrictCommand
from dossier.models import Dossier

from ... import woo


class Command(StrictCommand):
    help = "Write the Woo sitemap (DiWoo metadata) of a dossier's published documents."

    def add_arguments(self, parser):
        parser.add_argument("--dossier", required=True, help="the dossier's slug, e.g. twenterand")
        parser.add_argument("--out", help="the XML file to write (default: standard output)")
        parser.add_argument("--site", help="the public address the document links start with (default: SITE_URL)")

    def handle(self, *args, dossier, out, site, **options):
        target = Dossier.objects.filter(slug=dossier).first()
        if target is None:
            self.fail(f"dossier '{dossier}' bestaat niet")
        if site is not None and not site.startswith(("https://", "http://")):
            self.fail(f"--site moet een adres zijn dat met https:// begint, niet '{site}'")
        if out is not None:
            self.check_writable(out)
        try:
            content = woo.sitemap(target, site)
        except woo.WooError as exc:
            self.fail(str(exc), 1)
        if out is None:
            self.stdout.write(content.decode("utf-8"), ending="")
        else:
            self.write_file(out, content)
