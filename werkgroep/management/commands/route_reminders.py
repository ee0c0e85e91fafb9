"""`manage.py route_reminders [--datum JJJJ-MM-DD] [--plannen]`: the daily sweep by hand or from cron: reminders of
route steps near their deadline and the digest e-mails that are due (idempotent: a second run sends nothing twice).
--plannen enqueues the worker's daily sweep when none is waiting. A bad date: one line on stderr, exit 2."""

from datetime import date, datetime

from django.utils import timezone

from dossier.management.strict import StrictCommand

from ... import sweep, tasks


class Command(StrictCommand):
    help = "Send the reminders of route steps near their deadline and the digest e-mails that are due."

    def add_arguments(self, parser):
        parser.add_argument("--datum", help="run as on this day (JJJJ-MM-DD); default today")
        parser.add_argument("--plannen", action="store_true", help="also enqueue the worker's daily sweep")

    def handle(self, *args, datum, plannen, **options):
        now = None
        if datum:
            try:
                day = date.fromisoformat(datum)
            except ValueError:
                self.fail(f"ongeldige datum '{datum}': gebruik JJJJ-MM-DD, bijvoorbeeld 2026-12-05")
            now = timezone.make_aware(datetime.combine(day, tasks.sweep_time()))
        result = sweep.run_sweep(now=now)
        self.stdout.write(f"Herinneringen verstuurd: {result.reminders}; samenvattingen verstuurd: {result.digests}.")
        if plannen:
            queued = tasks.schedule_next()
            self.stdout.write(
                "Dagelijkse ronde ingepland." if queued else "Dagelijkse ronde stond al ingepland (of kan niet)."
            )
