"""Role changes of accounts in the audit log: the site-wide rights (staff, superuser, active) and the groups and
permissions given in beheer. A dossier's memberships are the dossier's to record (dossier.membership_audit).
The actor is the request's user, found through simple-history's request middleware (the admin passes no request
to a model save); without a request (a command, a migration) the event has no actor."""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver
from simple_history.models import HistoricalRecords

from . import audit

FLAGS = ("is_active", "is_staff", "is_superuser")
User = get_user_model()


def current_request():
    """The request being handled in this thread, if any (simple_history.middleware.HistoryRequestMiddleware)."""
    return getattr(HistoricalRecords.context, "request", None)


def record(action: str, **details) -> None:
    request = current_request()
    audit.event(action, request=request, actor_name="-" if request is None else "", **details)


@receiver(pre_save, sender=User)
def remember_flags(sender, instance, update_fields=None, raw=False, **kwargs):
    instance._audit_flags = None
    if raw or instance.pk is None or (update_fields is not None and not set(update_fields) & set(FLAGS)):
        return  # a new account, a fixture, or a save of other fields (last_login at every log-in)
    instance._audit_flags = User.objects.filter(pk=instance.pk).values(*FLAGS).first()


@receiver(post_save, sender=User)
def record_flags(sender, instance, created, raw=False, **kwargs):
    before = getattr(instance, "_audit_flags", None)
    instance._audit_flags = None
    if raw or created or not before:
        return
    changed = {flag: getattr(instance, flag) for flag in FLAGS if before[flag] != getattr(instance, flag)}
    if changed:
        record("user rights changed", user=instance.get_username(), **changed)


def _record_m2m(kind: str, instance, action: str, model, pk_set, reverse: bool) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    verb = {"post_add": "added", "post_remove": "removed", "post_clear": "cleared"}[action]
    if reverse:  # group.user_set.add(user): instance is the group, pk_set the users
        users = User.objects.filter(pk__in=pk_set or ()).order_by("pk")
        names = [str(instance)]
    else:
        users = [instance]
        names = sorted(str(obj) for obj in model.objects.filter(pk__in=pk_set or ()))
    for user in users:
        record(f"user {kind} {verb}", user=user.get_username(), **{kind: ", ".join(names)})


@receiver(m2m_changed, sender=User.groups.through)
def record_groups(sender, instance, action, model, pk_set, reverse, **kwargs):
    _record_m2m("groups", instance, action, model, pk_set, reverse)


@receiver(m2m_changed, sender=User.user_permissions.through)
def record_permissions(sender, instance, action, model, pk_set, reverse, **kwargs):
    _record_m2m("permissions", instance, action, model, pk_set, reverse)
