"""A dossier's memberships (a user's role in it) in the security audit log: given, changed, taken away. The actor
is the request's user (accounts.roles.current_request: the admin passes no request to a model save)."""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from accounts.roles import record

from .models import Membership


@receiver(pre_save, sender=Membership)
def remember_role(sender, instance, raw=False, **kwargs):
    instance._audit_before = None
    if not raw and instance.pk is not None:
        instance._audit_before = Membership.objects.filter(pk=instance.pk).values("role", "discipline").first()


def _details(membership) -> dict:
    try:  # in a cascade (a dossier or user deleted) the parent may be gone already
        dossier, user = membership.dossier.slug, membership.user.get_username()
    except ObjectDoesNotExist:
        dossier, user = membership.dossier_id, membership.user_id
    return {
        "dossier": dossier,
        "user": user,
        "role": membership.role,
        "discipline": membership.discipline,
    }


@receiver(post_save, sender=Membership)
def record_role(sender, instance, created, raw=False, **kwargs):
    before = getattr(instance, "_audit_before", None)
    instance._audit_before = None
    if raw:
        return  # loaded from a fixture: the loading command is the event
    if created or before is None:
        record("membership created", **_details(instance))
    elif (before["role"], before["discipline"]) != (instance.role, instance.discipline):
        record(
            "membership changed",
            **_details(instance),
            old_role=before["role"],
            old_discipline=before["discipline"],
        )


@receiver(post_delete, sender=Membership)
def record_removal(sender, instance, **kwargs):
    record("membership deleted", **_details(instance))
