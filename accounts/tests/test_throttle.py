"""Throttles: password reset per client address and per e-mail address, log-ins per address across user names
(password spraying), each throttled request in the audit log without a secret."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import AuditEvent, ThrottleEvent

PASSWORD = "Een-lang-wachtwoord-2026"
pytestmark = pytest.mark.django_db


def make_user(username, email=""):
    return get_user_model().objects.create_user(username, email=email, password=PASSWORD)


def reset(email, address):
    return Client(REMOTE_ADDR=address).post(reverse("password_reset"), {"email": email})


def log_in(username, address, password="fout-wachtwoord"):
    return Client(REMOTE_ADDR=address).post(reverse("login"), {"username": username, "password": password})


@override_settings(PASSWORD_RESET_ADDRESS_LIMIT=100, PASSWORD_RESET_ACCOUNT_LIMIT=3)
def test_thirteen_reset_requests_for_one_account_send_a_bounded_number_of_mails():
    make_user("sanne", "sanne@example.nl")
    responses = [reset("Sanne@example.nl", f"10.0.0.{n}") for n in range(13)]
    assert len(mail.outbox) == 3
    # The same answer every time, and the same as for an address without an account: no enumeration.
    unknown = reset("niemand@example.nl", "10.0.1.1")
    assert {(r.status_code, r["Location"]) for r in [*responses, unknown]} == {(302, reverse("password_reset_done"))}
    throttled = AuditEvent.objects.filter(action="password reset throttled", details__scope="account")
    assert throttled.count() == 10


@override_settings(PASSWORD_RESET_ADDRESS_LIMIT=5, PASSWORD_RESET_ACCOUNT_LIMIT=3)
def test_reset_requests_from_one_address_get_429_after_the_limit():
    for n in range(13):
        make_user(f"user{n}", f"user{n}@example.nl")
    responses = [reset(f"user{n}@example.nl", "192.0.2.7") for n in range(13)]
    assert [r.status_code for r in responses] == [302] * 5 + [429] * 8
    assert len(mail.outbox) == 5
    assert "Te veel verzoeken" in responses[-1].content.decode()
    assert reset("user12@example.nl", "192.0.2.8").status_code == 302  # another address is not affected
    events = AuditEvent.objects.filter(action="password reset throttled", details__scope="address")
    assert events.count() == 8 and set(events.values_list("address", flat=True)) == {"192.0.2.7"}
    # Neither the address nor the e-mail address is stored in the throttle's table.
    stored = " ".join(f"{e.scope} {e.key}" for e in ThrottleEvent.objects.all())
    assert "192.0.2" not in stored and "example.nl" not in stored and "user" not in stored


@override_settings(PASSWORD_RESET_ADDRESS_LIMIT=2, PASSWORD_RESET_WINDOW=datetime.timedelta(minutes=60))
def test_the_reset_window_reopens():
    for _ in range(2):
        assert reset("a@example.nl", "192.0.2.9").status_code == 302
    assert reset("a@example.nl", "192.0.2.9").status_code == 429
    ThrottleEvent.objects.update(at=ThrottleEvent.objects.first().at - datetime.timedelta(minutes=61))
    assert reset("a@example.nl", "192.0.2.9").status_code == 302


@override_settings(AXES_FAILURE_LIMIT=5, AXES_ADDRESS_FAILURE_LIMIT=10)
def test_spraying_twelve_user_names_from_one_address_locks_the_address():
    for n in range(13):
        make_user(f"user{n}")
    statuses = [log_in(f"user{n}", "203.0.113.5").status_code for n in range(12)]
    assert statuses == [200] * 9 + [429] * 3  # the tenth failure locks the address
    assert log_in("user12", "203.0.113.5", PASSWORD).status_code == 429  # even a right password
    assert log_in("user12", "203.0.113.6", PASSWORD).status_code == 302  # another address still works
    locks = AuditEvent.objects.filter(action="login locked out", address="203.0.113.5")
    assert locks.exists() and set(locks.values_list("details__scope", flat=True)) == {"address"}
    assert not any("fout-wachtwoord" in str(e.details) for e in AuditEvent.objects.all())


@override_settings(AXES_FAILURE_LIMIT=5, AXES_ADDRESS_FAILURE_LIMIT=10)
def test_a_users_own_failures_still_lock_only_that_user_name_on_that_address():
    make_user("sanne")
    make_user("joris")
    statuses = [log_in("sanne", "203.0.113.7").status_code for _ in range(6)]
    assert statuses == [200] * 4 + [429] * 2
    assert log_in("sanne", "203.0.113.7", PASSWORD).status_code == 429
    assert log_in("joris", "203.0.113.7", PASSWORD).status_code == 302  # another user from the same address
    assert log_in("sanne", "203.0.113.8", PASSWORD).status_code == 302  # the same user from elsewhere
    lock = AuditEvent.objects.filter(action="login locked out", actor_name="sanne").first()
    assert lock.details == {"scope": "user name and address"} and lock.address == "203.0.113.7"


@override_settings(AXES_FAILURE_LIMIT=5, AXES_ADDRESS_FAILURE_LIMIT=10)
def test_a_successful_log_in_does_not_reset_the_address_counter():
    """One valid account on the address must not wipe a spray from it."""
    make_user("sanne")
    for n in range(8):
        assert log_in(f"naam{n}", "203.0.113.9").status_code == 200
    assert log_in("sanne", "203.0.113.9").status_code == 200  # her own failure: cleared by her log-in
    assert log_in("sanne", "203.0.113.9", PASSWORD).status_code == 302
    assert log_in("naam8", "203.0.113.9").status_code == 200  # 9 failures of others on the address
    assert log_in("naam9", "203.0.113.9").status_code == 429  # the tenth locks it
