"""The daily sweep: reminders of route steps whose deadline is near (the route's `reminder_days` before it) and the
digest e-mails of users who chose one instead of a mail per event. Idempotent: what it did is in the database (a
step's `reminded_at`, a notification's `digested_at`, a user's `last_digest_at`), so running it twice on a day
sends nothing twice. Run by `manage.py route_reminders` and by the worker's task (`werkgroep.tasks`)."""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import Notification, NotificationSettings, RouteStep
from .notifications import notify, target_url, visible
from .route import actor_memberships

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SweepResult:
    reminders: int
    digests: int


def remind(*, today=None) -> int:
    """Remind the actors of each open step of a running route whose deadline is `reminder_days` away or nearer
    (once per step: claimed by a conditional update, so two sweeps at once remind once). Returns the steps reminded."""
    today = today or timezone.localdate()
    steps = RouteStep.objects.filter(
        status=RouteStep.Status.OPEN,
        reminded_at__isnull=True,
        deadline__isnull=False,
        route__version__isnull=False,
        route__offered_at__isnull=True,
    ).select_related("route__version__frozen_by", "route__dossier")
    reminded = 0
    for step in steps.defer("route__version__snapshot"):
        if step.deadline - timedelta(days=step.route.reminder_days) > today:
            continue
        with transaction.atomic():
            if not RouteStep.objects.filter(pk=step.pk, reminded_at__isnull=True).update(reminded_at=timezone.now()):
                continue
            users = [m.user for m in actor_memberships(step).select_related("user")]
            notify_reminder(step, users)
        reminded += 1
    return reminded


def notify_reminder(step: RouteStep, users) -> None:
    notify(
        recipients=users,
        dossier=step.route.dossier,
        kind=Notification.Kind.REMINDER,
        actor=step.route.version.frozen_by,
        route_step=step,
        to_actor=True,
    )


def _due(choice: NotificationSettings, today) -> bool:
    if choice.last_digest_at is None:
        return True
    last = timezone.localdate(choice.last_digest_at)
    if choice.frequency == NotificationSettings.Frequency.WEEKLY:
        return (today - last).days >= 7
    return today > last


def send_digests(*, now=None) -> int:
    """One e-mail per user whose daily or weekly digest is due, with every notification since their last digest;
    nothing when there is nothing new. Returns how many mails went out."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    choices = NotificationSettings.objects.filter(email=True).exclude(
        frequency=NotificationSettings.Frequency.IMMEDIATE
    )
    for choice in choices.select_related("user"):
        user = choice.user
        if not user.email or not _due(choice, today):
            continue
        pending = visible(user).filter(digested_at__isnull=True, created_at__lte=now)
        if choice.digest_since is not None:
            pending = pending.filter(created_at__gte=choice.digest_since)
        items = list(
            pending.select_related(
                "actor", "dossier", "thread", "advice_round", "route_step__route__version", "advice_review__version"
            ).order_by("created_at", "id")
        )
        if items and _mail_digest(choice, items):
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(digested_at=now)
            sent += 1
        choice.last_digest_at = now
        choice.save(update_fields=["last_digest_at"])
    return sent


def _mail_digest(choice: NotificationSettings, items) -> bool:
    site = settings.SITE_URL.rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "items": [(n, site + target_url(n)) for n in items],
            "weekly": choice.frequency == NotificationSettings.Frequency.WEEKLY,
            "settings_url": site + reverse("notification-settings"),
            "inbox_url": site + reverse("notifications"),
        }
        subject = " ".join(render_to_string("werkgroep/email/digest_subject.txt", context).split())[:200]
        body = render_to_string("werkgroep/email/digest_body.txt", context)
    try:
        send_mail(subject, body, None, [choice.user.email])
    except OSError:
        logger.warning("Digest e-mail to user %s could not be sent", choice.user_id)
        return False
    return True


def run_sweep(*, now=None) -> SweepResult:
    now = now or timezone.now()
    return SweepResult(reminders=remind(today=timezone.localdate(now)), digests=send_digests(now=now))
