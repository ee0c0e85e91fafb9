"""The security audit log: each event with actor, time and address, as a row beheer reads and a log line, never a
secret."""

import logging

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts import audit
from accounts.models import AuditEvent

PASSWORD = "Een-lang-wachtwoord-2026"


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("sanne", password=PASSWORD)


def test_a_log_in_and_a_log_out_are_recorded_with_actor_and_address(client, user):
    client.post(reverse("login"), {"username": "sanne", "password": PASSWORD}, REMOTE_ADDR="198.51.100.7")
    client.post(reverse("logout"), REMOTE_ADDR="198.51.100.7")
    events = list(AuditEvent.objects.order_by("pk").values_list("action", "actor", "actor_name", "address"))
    assert events == [("login", user.pk, "sanne", "198.51.100.7"), ("logout", user.pk, "sanne", "198.51.100.7")]


def test_a_failed_log_in_names_the_username_as_typed_and_never_the_password(client, user, caplog):
    caplog.set_level(logging.INFO)
    client.post(reverse("login"), {"username": "sanne", "password": "geheim-fout"}, REMOTE_ADDR="198.51.100.8")
    event = AuditEvent.objects.get(action="login failed")
    assert (event.actor, event.actor_name, event.address) == (None, "sanne", "198.51.100.8")
    assert "geheim-fout" not in str(event.details) and not any("geheim-fout" in r.getMessage() for r in caplog.records)


def test_a_detail_that_may_hold_a_secret_is_refused(db):
    with pytest.raises(ValueError, match="secret"):
        audit.event("mfa failed", actor_name="sanne", otp_code="123456")
    assert not AuditEvent.objects.exists()
