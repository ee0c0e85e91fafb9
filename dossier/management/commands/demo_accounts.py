"""`manage.py demo_accounts`: one fictional account per role for every dossier, and a kwartiermaker who belongs to
one dossier only, to show that a dossier is closed to non-members (dev settings only)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from dossier.models import Discipline, Dossier, Membership, Role

# Fictional people; usernames are what you type at the login page.
DEMO_PEOPLE = [
    ("kwartiermaker", "Sanne", "Kwartier", Role.KWARTIERMAKER, ""),
    ("werkgroep-juridisch", "Joris", "Jurist", Role.WERKGROEP, Discipline.JURIDISCH),
    ("werkgroep-financien", "Fatima", "Financier", Role.WERKGROEP, Discipline.FINANCIEN),
    ("college", "Willem", "Wethouder", Role.COLLEGE, ""),
    ("bestuurssecretariaat", "Bas", "Besluitenlijst", Role.BESTUURSSECRETARIAAT, ""),
]
# Fictional as well: a member of the one dossier named, who does not see the others.
ONE_DOSSIER_PEOPLE = [("kwartiermaker-tubbergen", "Tessa", "Tuinman", Role.KWARTIERMAKER, "tubbergen")]


class Command(BaseCommand):
    help = "Create the demo accounts (one per role) and print them. Refused unless DEMO_ACCOUNTS is on."

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_ACCOUNTS", False):
            raise CommandError("Demo-accounts zijn alleen toegestaan met de dev-instellingen (DEMO_ACCOUNTS).")
        password = settings.DEMO_PASSWORD
        User = get_user_model()
        with transaction.atomic():
            for username, first, last, role, discipline in DEMO_PEOPLE:
                user, _ = User.objects.get_or_create(
                    username=username, defaults={"first_name": first, "last_name": last}
                )
                # A reserved, undeliverable domain: notifications show up in the console (dev) or the test outbox.
                user.email = f"{username}@twenterand.example"
                user.set_password(password)
                user.save()
                for dossier in Dossier.objects.all():
                    Membership.objects.update_or_create(
                        user=user, dossier=dossier, defaults={"role": role, "discipline": discipline}
                    )
            for username, first, last, role, slug in ONE_DOSSIER_PEOPLE:
                dossier = Dossier.objects.filter(slug=slug).first()
                if dossier is None:
                    continue
                user, _ = User.objects.get_or_create(
                    username=username, defaults={"first_name": first, "last_name": last}
                )
                user.email = f"{username}@{slug}.example"
                user.set_password(password)
                user.save()
                user.memberships.exclude(dossier=dossier).delete()
                Membership.objects.update_or_create(user=user, dossier=dossier, defaults={"role": role})
            admin, _ = User.objects.get_or_create(
                username="beheer",
                defaults={"first_name": "Bea", "last_name": "Beheer", "is_staff": True, "is_superuser": True},
            )
            admin.set_password(password)
            admin.save()
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS("Demo-accounts (fictieve personen), wachtwoord voor allemaal: " + password)
        )
        for username, first, last, role, discipline in DEMO_PEOPLE:
            extra = f", {Discipline(discipline).label}" if discipline else ""
            self.stdout.write(f"  {username:<24} {first} {last} ({Role(role).label}{extra})")
        for username, first, last, role, slug in ONE_DOSSIER_PEOPLE:
            if Dossier.objects.filter(slug=slug).exists():
                self.stdout.write(f"  {username:<24} {first} {last} ({Role(role).label}, alleen dossier '{slug}')")
        self.stdout.write(f"  {'beheer':<24} Bea Beheer (beheer: Django-admin op /beheer/)")
        # Beheer must pass MFA (accounts.mfa): the demo shows the enrolment as a real first log-in does.
        self.stdout.write(
            f"  {'':<24} Bij de eerste aanmelding stelt beheer tweestapsverificatie in: scan de QR-code met een "
            "authenticator-app (of typ de getoonde sleutel over, bijvoorbeeld in `oathtool --totp -b SLEUTEL`)."
        )
        dossiers = ", ".join(f"{d.gemeente} (/d/{d.slug}/)" for d in Dossier.objects.order_by("slug"))
        self.stdout.write(f"Dossiers: {dossiers}")
        self.stdout.write("E-mailmeldingen (adressen @twenterand.example) verschijnen in deze console.")
        # The address the server serves: `make run` sets SITE_URL from its HOST and PORT.
        self.stdout.write(f"Open {settings.SITE_URL} en log in.")
        self.stdout.write("")
