"""`manage.py reference_changed`: after a change of the finance reference data (or of a projection baseline) made
around the application (SQL in psql), every process on every host reads it again in its next computation."""

from django.core.management.base import BaseCommand

from finance import reference
from finance.models import ReferenceGeneration


class Command(BaseCommand):
    help = "Start a new generation of the finance reference data, so every process reads it again."

    def handle(self, *args, **options):
        reference.changed()
        self.stdout.write(f"Nieuwe generatie van de referentiegegevens: {ReferenceGeneration.objects.get(pk=1)}")
