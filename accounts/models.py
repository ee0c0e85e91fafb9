from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One security event (accounts.audit.event): what happened, to or by whom, when and from which address, with
    details that never hold a secret (no password, token, code or session key). Written once, never changed."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    action = models.CharField(_("event"), max_length=60, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The name as it was then (kept when the account goes, and for a failed log-in: the username as typed).
    actor_name = models.CharField(_("actor (as named then)"), max_length=150, blank=True)
    address = models.CharField(_("address"), max_length=45, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action} {self.actor_name}"


class ThrottleEvent(models.Model):
    """One counted request of a throttled action (accounts.throttle): a password reset per address or per account.
    The key is a salted hash of the address or e-mail address, so the table holds no personal data; rows older than
    the window are pruned as new ones come in."""

    scope = models.CharField(_("scope"), max_length=40)
    key = models.CharField(_("key"), max_length=64)
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "at"], name="throttle_scope_key_at")]
        verbose_name = _("throttled request")
        verbose_name_plural = _("throttled requests")

    def __str__(self):
        return f"{self.scope} {self.at:%Y-%m-%d %H:%M:%S}"


class SsoIdentity(models.Model):
    """The identity a user logs in with through the gemeente's identity provider (accounts.sso.Backend): the
    provider (`iss`) and its stable, never reassigned identifier of the person (`sub`). A user is found by these two,
    never by e-mail address or name, which the provider may change or give to someone else."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="sso_identities"
    )
    issuer = models.CharField(_("identity provider"), max_length=255)
    subject = models.CharField(_("identifier at the provider"), max_length=255)
    created = models.DateTimeField(_("first log-in"), default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_unique")]
        verbose_name = _("SSO identity")
        verbose_name_plural = _("SSO identities")

    def __str__(self):
        return f"{self.issuer} {self.subject}"
