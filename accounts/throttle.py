"""Throttles: a small limiter in the database for password reset requests (per client address and per e-mail
address), and django-axes' handler taught to lock an address out across user names (password spraying).

The limiter counts in the database, not in a cache: the default cache is per process and production runs several
workers, so a cache counter would multiply the limit."""

import logging
from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.signals import user_locked_out
from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.dispatch import receiver
from django.utils import timezone
from django.utils.crypto import salted_hmac

from . import audit
from .models import ThrottleEvent

_SALT = "beslisdossier.accounts.throttle"


def _key(scope: str, raw: str) -> str:
    """A keyed hash of the address or e-mail address: the table never holds the value itself."""
    return salted_hmac(f"{_SALT}.{scope}", raw.strip().casefold(), algorithm="sha256").hexdigest()


def allow(scope: str, raw: str, *, limit: int, window: timedelta) -> bool:
    """Whether one more request of `scope` for `raw` fits in `limit` per `window`; if so it is counted. A refused
    request is not counted, so the window reopens on its own."""
    now = timezone.now()
    key = _key(scope, raw)
    with transaction.atomic():
        ThrottleEvent.objects.filter(scope=scope, at__lt=now - window).delete()
        if ThrottleEvent.objects.filter(scope=scope, key=key).count() >= limit:
            return False
        ThrottleEvent.objects.create(scope=scope, key=key, at=now)
    return True


def _failures(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class AxesHandler(AxesDatabaseHandler):
    """AXES_LOCKOUT_PARAMETERS is [[username, ip_address], [ip_address]]; axes itself would compare the larger sum
    with AXES_FAILURE_LIMIT, locking a whole address (a gemeente behind one NAT) after a few failures of anybody.
    Here the pair counts against AXES_FAILURE_LIMIT and the address against AXES_ADDRESS_FAILURE_LIMIT."""

    def get_failures(self, request, credentials=None) -> int:
        pair, address = self.get_user_attempts(request, credentials)
        if _failures(address) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            request.axes_lock_scope = "address"
            return get_failure_limit(request, credentials)
        request.axes_lock_scope = "user name and address"
        return _failures(pair)

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful log-in clears that user name's failures on the address, not the address's: one valid
        account must not reset a spray from the same address."""
        pair = self.filter_user_attempts(request, credentials)[0]
        count, _ = pair.delete()
        return count


@receiver(user_locked_out)
def locked_out(sender, request, username, ip_address, **kwargs):
    # Sent at the lock-out and again for every attempt refused while it lasts.
    audit.event(
        "login locked out",
        request=request,
        actor=None,
        actor_name=str(username or "")[:150],
        level=logging.WARNING,
        scope=getattr(request, "axes_lock_scope", ""),
    )
