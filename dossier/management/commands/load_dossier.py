"""`manage.py load_dossier fixtures/twenterand`: load a dossier from its JSON file; idempotent."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from dossier.errors import DomainError
from dossier.loading import dossier_load, read_dossier_file
from dossier.models import Dossier
from dossier.signals import dossier_folder_loaded


class Command(BaseCommand):
    help = "Load a dossier (JSON, or a folder holding dossier.json). A dossier whose slug exists is left alone."

    def add_arguments(self, parser):
        parser.add_argument("path", help="fixtures/<gemeente> or a path to dossier.json")

    def handle(self, *args, path, **options):
        try:
            data = read_dossier_file(path)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        folder = Path(path) if Path(path).is_dir() else Path(path).parent
        try:
            with transaction.atomic():  # the dossier and its folder's other files: all of it or nothing
                dossier, created = dossier_load(data=data)
                # The apps above the dossier load their part of the folder (the documents: voorstel.json, reactie.json).
                messages = dossier_folder_loaded.send(sender=Dossier, dossier=dossier, folder=folder)
        except DomainError as exc:
            raise CommandError(f"Ongeldige inhoud in {path}: {exc.message}. Er is niets geladen.") from exc
        except (KeyError, TypeError) as exc:
            raise CommandError(f"Ontbrekende of onbekende sleutel in {path}: {exc}. Er is niets geladen.") from exc
        if created:
            self.stdout.write(self.style.SUCCESS(f"Dossier '{dossier.slug}' geladen ({dossier})."))
        else:
            self.stdout.write(f"Dossier '{dossier.slug}' bestaat al; niets gewijzigd.")
        for _receiver, message in messages:
            if message:
                self.stdout.write(message)
