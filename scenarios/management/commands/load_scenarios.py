"""`manage.py load_scenarios --dossier twenterand fixtures/twenterand/scenarios.json`, or `--template` for the
standard scenarios (fixtures/standard_scenarios.json); idempotent."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from dossier.errors import DomainError
from dossier.loading import read_dossier_file
from dossier.models import Dossier
from scenarios.loading import scenarios_from_template, scenarios_load


class Command(BaseCommand):
    help = (
        "Load the providers, scenarios, weights and assessments of a dossier. A dossier with scenarios is left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dossier", required=True, help="the dossier's slug, e.g. twenterand")
        parser.add_argument("path", nargs="?", help="fixtures/<gemeente>/scenarios.json")
        parser.add_argument(
            "--template", action="store_true", help="the standard scenarios, with the dossier's gemeente filled in"
        )

    def handle(self, *args, dossier, path, template, **options):
        if bool(path) == template:
            raise CommandError("Geef een bestand of --template (één van beide).")
        target = Dossier.objects.filter(slug=dossier).first()
        if target is None:
            raise CommandError(f"Dossier '{dossier}' bestaat niet.")
        path = path or "fixtures/standard_scenarios.json"
        try:
            if template:
                count = scenarios_from_template(dossier=target)
            else:
                count = scenarios_load(dossier=target, data=read_dossier_file(path))
        except DomainError as exc:
            raise CommandError(f"Ongeldige inhoud in {path}: {exc.message} Er is niets geladen.") from exc
        except (ValidationError, KeyError, TypeError) as exc:
            raise CommandError(f"Ongeldige inhoud in {path}: {exc}. Er is niets geladen.") from exc
        if count:
            self.stdout.write(self.style.SUCCESS(f"{count} scenario's geladen voor '{dossier}'."))
        else:
            self.stdout.write(f"Dossier '{dossier}' heeft al scenario's; niets gewijzigd.")
