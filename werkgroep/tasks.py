"""The daily sweep as a task of the worker (django-tasks-db has no periodic tasks): it runs the sweep and enqueues
itself again for the next day at `ROUTE_SWEEP_TIME`. The sweep is idempotent, so a duplicate run costs nothing;
`manage.py route_reminders --plannen` starts the chain (or repairs it) when none is waiting."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from . import sweep


def sweep_time() -> time:
    return time.fromisoformat(settings.ROUTE_SWEEP_TIME)


def next_run(now=None) -> datetime:
    """The next day's sweep time, in the app's time zone."""
    now = timezone.localtime(now or timezone.now())
    day = now.date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, sweep_time()))


def schedule_next(now=None):
    """Enqueue the next day's sweep, unless the backend cannot defer (the tests' ImmediateBackend) or one is
    already waiting. Returns the task's result, or None."""
    backend = daily_sweep.get_backend()
    if not backend.supports_defer:
        return None
    if isinstance(backend, DatabaseBackend):
        waiting = DBTaskResult.objects.filter(task_path=daily_sweep.module_path, status="READY")
        if waiting.exists():
            return None
    return daily_sweep.using(run_after=next_run(now)).enqueue()


@task()
def daily_sweep() -> dict:
    result = sweep.run_sweep()
    transaction.on_commit(schedule_next)
    return {"reminders": result.reminders, "digests": result.digests}
