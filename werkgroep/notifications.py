"""Notifications: stored for the in-app inbox and, unless the user switched it off, sent by e-mail."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from dossier.models import Membership

from .models import Notification, NotificationSettings

logger = logging.getLogger(__name__)


def notify(
    *,
    recipients,
    dossier,
    kind: str,
    actor,
    thread=None,
    comment=None,
    advice_round=None,
    status="",
    route_step=None,
    advice_review=None,
    to_actor: bool = False,
) -> int:
    """One notification per recipient (never the actor, unless `to_actor`: a reminder is nobody's own doing; never
    twice for the same comment, round, review or step's reminder). E-mails go out after the transaction commits,
    to those who want one per event (the others get it in their digest). Returns how many were created."""
    recipients = {r.pk: r for r in recipients if to_actor or r.pk != actor.pk}
    # Only people who are (still) members of the dossier hear about it.
    members = set(Membership.objects.filter(dossier=dossier, user_id__in=recipients).values_list("user_id", flat=True))
    recipients = {pk: r for pk, r in recipients.items() if pk in members}
    # Told about this comment or round already (an edit, a second mention): not again.
    about = (
        {"comment": comment}
        if comment
        else {"advice_round": advice_round}
        if advice_round
        else {"advice_review": advice_review}
        if advice_review
        else {"route_step": route_step, "kind": kind}
        if route_step
        else None
    )
    if about:
        told = Notification.objects.filter(recipient_id__in=recipients, **about).values_list("recipient_id", flat=True)
        for pk in told:
            recipients.pop(pk, None)
    created = Notification.objects.bulk_create(
        [
            Notification(
                recipient=recipient,
                dossier=dossier,
                kind=kind,
                actor=actor,
                thread=thread,
                comment=comment,
                advice_round=advice_round,
                status=status,
                route_step=route_step,
                advice_review=advice_review,
            )
            for recipient in recipients.values()
        ]
    )
    if created:
        ids = [n.pk for n in created]
        transaction.on_commit(lambda: send_emails(ids=ids))
    return len(created)


def target_url(notification: Notification) -> str:
    """Where a notification leads: the thread, the route of a step's version, or the advice matrix."""
    slug = notification.dossier.slug
    if notification.thread_id:
        return reverse("dossier:thread", kwargs={"slug": slug, "pk": notification.thread_id})
    if notification.route_step_id:
        number = notification.route_step.route.version.number
        return reverse("dossier:route-version", kwargs={"slug": slug, "number": number})
    return reverse("dossier:advice", kwargs={"slug": slug})


def email_wanted(user, *, digest: bool = False) -> bool:
    """Whether `user` gets e-mail one per event (or, with `digest`, in a digest)."""
    if not user.email:
        return False
    try:
        chosen = user.notification_settings
    except NotificationSettings.DoesNotExist:  # never chose: e-mail is on, one per event
        return not digest
    immediate = chosen.frequency == NotificationSettings.Frequency.IMMEDIATE
    return chosen.email and (immediate != digest)


def send_emails(*, ids) -> None:
    """Send the e-mail of each notification whose recipient wants it. A failing mail server is logged and never
    undoes the comment: the notification is in the inbox regardless."""
    notifications = Notification.objects.filter(pk__in=ids).select_related(
        "recipient__notification_settings", "actor", "dossier", "thread", "route_step__route__version"
    )
    for notification in notifications:
        recipient = notification.recipient
        if not email_wanted(recipient):
            continue
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "n": notification,
                "url": settings.SITE_URL.rstrip("/") + target_url(notification),
                "settings_url": settings.SITE_URL.rstrip("/") + reverse("notification-settings"),
            }
            subject = " ".join(render_to_string("werkgroep/email/subject.txt", context).split())[:200]
            body = render_to_string("werkgroep/email/body.txt", context)
        try:
            send_mail(subject, body, None, [recipient.email])
        except OSError:
            logger.warning("Notification e-mail %s to user %s could not be sent", notification.pk, recipient.pk)


def visible(user):
    """The user's notifications about dossiers they are still a member of."""
    return Notification.objects.filter(recipient=user, dossier__memberships__user=user)


def unread_count(user) -> int:
    return visible(user).filter(read_at__isnull=True).count()


def mark_read(*, user, ids=None) -> int:
    """Mark the user's notifications (all, or those with `ids`) read; other users' notifications are untouched."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(Q(pk__in=ids))
    return unread.update(read_at=timezone.now())


def set_email(*, user, enabled: bool, frequency: str = NotificationSettings.Frequency.IMMEDIATE) -> None:
    """Save the user's choice; choosing a digest starts it now (what came before was mailed or is in the inbox)."""
    current = NotificationSettings.objects.filter(user=user).first()
    since = current.digest_since if current and current.frequency == frequency else timezone.now()
    NotificationSettings.objects.update_or_create(
        user=user, defaults={"email": enabled, "frequency": frequency, "digest_since": since}
    )
