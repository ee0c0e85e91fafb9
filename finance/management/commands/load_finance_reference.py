"""`manage.py load_finance_reference fixtures/finance/reference.json`: the finance reference data; idempotent."""

from django.core.management.base import BaseCommand, CommandError

from finance.loading import ReferenceDataError, reference_load


class Command(BaseCommand):
    help = "Load tariff sets, headcounts, printed figures and index rates (each with its source)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default="fixtures/finance/reference.json")

    def handle(self, *args, path, **options):
        try:
            created = reference_load(path)
        except ReferenceDataError as exc:
            raise CommandError(f"{exc} Er is niets geladen.") from exc
        if any(created.values()):
            self.stdout.write(
                self.style.SUCCESS(
                    "Financiële referentiegegevens geladen: " + ", ".join(f"{n} {kind}" for kind, n in created.items())
                )
            )
        else:
            self.stdout.write("Financiële referentiegegevens waren al geladen; niets gewijzigd.")
