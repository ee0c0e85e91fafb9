"""The daily sweep: reminders before a step's deadline (once per step), the digests of users who chose one, the
management command and the worker's task that enqueues itself for the next day."""

from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from .. import notifications, sweep, tasks
from ..models import Notification, NotificationSettings, Route
from .factories import version_factory
from .route_fixtures import people, template  # noqa: F401

pytestmark = pytest.mark.django_db
DUMMY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}


@pytest.fixture
def running(dossier, people, template):  # noqa: F811
    version = version_factory(dossier=dossier, number=1, frozen_by=people["km"].user)
    return Route.objects.get(version=version)


def _at(day, hour=7):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=hour))


def test_reminders_go_out_the_routes_days_before_the_deadline_once(running, people, django_capture_on_commit_callbacks):  # noqa: F811
    start = running.submitted_on
    assert sweep.remind(today=start + timedelta(days=10)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep.remind(today=start + timedelta(days=11)) == 2  # Financiën and Juridisch, 14 days
    reminded = Notification.objects.filter(kind=Notification.Kind.REMINDER)
    assert sorted(n.recipient.username for n in reminded) == ["fin", "jur"]
    assert sorted(m.to[0] for m in mail.outbox) == ["fin@example.nl", "jur@example.nl"]
    assert "herinnering" in mail.outbox[0].subject.lower() or "reminder" in mail.outbox[0].subject.lower()
    # Idempotent: the sweep again (that day or later) reminds nobody twice.
    assert sweep.remind(today=start + timedelta(days=12)) == 0
    assert reminded.count() == 2
    # The afdelingshoofd's paraaf (20 days) comes at day 17.
    assert sweep.remind(today=start + timedelta(days=17)) == 1
    assert reminded.filter(recipient=people["hoofd"].user).exists()


def test_the_reminder_days_are_the_routes_data(running):
    running.reminder_days = 5
    running.save()
    assert sweep.remind(today=running.submitted_on + timedelta(days=9)) == 2


def test_done_skipped_and_offered_steps_are_not_reminded(running, people):  # noqa: F811
    running.steps.filter(position=1).update(status="done")
    running.steps.filter(position=2).update(status="skipped", skip_reason="Niet nodig")
    assert sweep.remind(today=running.submitted_on + timedelta(days=30)) == 1  # only the paraaf
    running.steps.filter(position=3).update(reminded_at=None)
    running.offered_at = timezone.now()
    running.save()
    assert sweep.remind(today=running.submitted_on + timedelta(days=30)) == 0


def test_the_command_runs_the_sweep_and_refuses_a_bad_date(running):
    out = StringIO()
    day = running.submitted_on + timedelta(days=11)
    call_command("route_reminders", "--datum", day.isoformat(), stdout=out)
    assert "Herinneringen verstuurd: 2" in out.getvalue()
    out = StringIO()
    call_command("route_reminders", "--datum", day.isoformat(), stdout=out)
    assert "Herinneringen verstuurd: 0" in out.getvalue()
    err = StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("route_reminders", "--datum", "31-12-2026", stderr=err)
    assert exited.value.code == 2
    assert err.getvalue().startswith("route_reminders: ongeldige datum")


def test_the_task_runs_the_sweep_and_enqueues_itself_for_the_next_day(running, django_capture_on_commit_callbacks):
    with override_settings(TASKS=DUMMY):
        backend = tasks.daily_sweep.get_backend()
        with django_capture_on_commit_callbacks(execute=True):
            counts = tasks.daily_sweep.call()
        assert counts == {"reminders": 0, "digests": 0}
        queued = backend.results
        assert len(queued) == 1 and queued[0].task.module_path == tasks.daily_sweep.module_path
        due = timezone.localtime(queued[0].task.run_after)
        assert due.date() == timezone.localdate() + timedelta(days=1) and (due.hour, due.minute) == (7, 0)


def test_the_immediate_backend_is_not_asked_to_defer():
    assert tasks.schedule_next() is None  # the tests' ImmediateBackend refuses run_after


@override_settings(ROUTE_SWEEP_TIME="06:30")
def test_the_sweep_time_is_a_setting():
    now = timezone.make_aware(datetime(2026, 12, 5, 23, 59))
    assert timezone.localtime(tasks.next_run(now)) == timezone.make_aware(datetime(2026, 12, 6, 6, 30))


def test_the_command_enqueues_the_daily_sweep_on_request():
    with override_settings(TASKS=DUMMY):
        call_command("route_reminders", "--plannen", stdout=StringIO())
        assert len(tasks.daily_sweep.get_backend().results) == 1


# ---------------------------------------------------------------------------------------------- digests


def test_a_daily_digest_replaces_the_mail_per_event(running, people, django_capture_on_commit_callbacks):  # noqa: F811
    fin = people["fin"].user
    notifications.set_email(user=fin, enabled=True, frequency=NotificationSettings.Frequency.DAILY)
    day = running.submitted_on + timedelta(days=11)
    with django_capture_on_commit_callbacks(execute=True):
        sweep.remind(today=day)
    assert [m.to[0] for m in mail.outbox] == ["jur@example.nl"]  # Financiën waits for the digest
    mail.outbox.clear()
    assert sweep.send_digests(now=_at(day)) == 1
    (digest,) = mail.outbox
    assert digest.to == ["fin@example.nl"] and "dagelijkse" in digest.subject.lower()
    assert "/route/versie/1/" in digest.body
    # Once a day: the sweep again that day sends nothing; the next day without news sends nothing either.
    assert sweep.send_digests(now=_at(day, 9)) == 0
    assert sweep.send_digests(now=_at(day + timedelta(days=1))) == 0
    assert len(mail.outbox) == 1


def test_a_weekly_digest_waits_a_week(running, people):  # noqa: F811
    fin = people["fin"].user
    notifications.set_email(user=fin, enabled=True, frequency=NotificationSettings.Frequency.WEEKLY)
    day = running.submitted_on + timedelta(days=11)
    sweep.remind(today=day)
    assert sweep.send_digests(now=_at(day)) == 1
    running.steps.filter(position=3).update(deadline=day + timedelta(days=5))
    sweep.remind(today=day + timedelta(days=2))  # the paraaf's reminder, not Financiën's: nothing new for fin
    Notification.objects.create(recipient=fin, dossier=running.dossier, kind="mention", actor=people["km"].user)
    assert sweep.send_digests(now=_at(day + timedelta(days=3))) == 0
    assert sweep.send_digests(now=_at(day + timedelta(days=7))) == 1
    assert len(mail.outbox) == 2


def test_no_digest_without_e_mail(running, people):  # noqa: F811
    fin = people["fin"].user
    notifications.set_email(user=fin, enabled=False, frequency=NotificationSettings.Frequency.DAILY)
    sweep.remind(today=running.submitted_on + timedelta(days=11))
    assert sweep.send_digests(now=_at(running.submitted_on + timedelta(days=11))) == 0
    assert mail.outbox == []


def test_the_whole_sweep_reports_what_it_did(running, people):  # noqa: F811
    notifications.set_email(user=people["jur"].user, enabled=True, frequency=NotificationSettings.Frequency.DAILY)
    result = sweep.run_sweep(now=_at(running.submitted_on + timedelta(days=11)))
    assert result == sweep.SweepResult(reminders=2, digests=1)
