"""Role changes of accounts in the audit log: staff, superuser and active flags and groups, with the actor who
changed them in beheer; nothing for a save that changes no right (the last log-in time)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import AuditEvent
from accounts.tests.mfa_helpers import login_verified

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def beheer(client):
    admin = User.objects.create_superuser("bea", password="Een-lang-wachtwoord-2026")
    login_verified(client, admin)  # beheer has passed its second factor
    return admin


def change_form_data(client, user, **changes):
    """The admin's change form of `user` as it is shown, with `changes`."""
    form = client.get(reverse("admin:auth_user_change", args=[user.pk])).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name)
        widget = field.widget
        if hasattr(widget, "widgets"):  # split date and time
            for index, part in enumerate(widget.decompress(value)):
                data[f"{name}_{index}"] = "" if part is None else part
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif value is not None:
            data[name] = value
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        else:
            data[name] = "on" if value is True else value
    return data


def test_beheer_making_a_user_staff_and_superuser_is_recorded_with_the_actor(client, beheer):
    user = User.objects.create_user("sanne", password="Een-lang-wachtwoord-2026")
    data = change_form_data(client, user, is_staff=True, is_superuser=True)
    response = client.post(reverse("admin:auth_user_change", args=[user.pk]), data, REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(action="user rights changed")
    assert (event.actor, event.address) == (beheer, "198.51.100.4")
    assert event.details == {"user": "sanne", "is_staff": True, "is_superuser": True}


def test_a_user_deactivated_and_given_a_group_in_beheer_is_recorded(client, beheer):
    user = User.objects.create_user("sanne", password="Een-lang-wachtwoord-2026")
    group = Group.objects.create(name="Beheerders")
    data = change_form_data(client, user, is_active=False, groups=[group.pk])
    assert client.post(reverse("admin:auth_user_change", args=[user.pk]), data).status_code == 302
    events = {e.action: e for e in AuditEvent.objects.filter(actor=beheer)}
    assert events["user rights changed"].details == {"user": "sanne", "is_active": False}
    assert events["user groups added"].details == {"user": "sanne", "groups": "Beheerders"}


def test_changes_outside_a_request_are_recorded_without_an_actor(db):
    user = User.objects.create_user("sanne")
    group = Group.objects.create(name="Beheerders")
    user.is_staff = True
    user.save()
    group.user_set.add(user)
    user.groups.remove(group)
    events = list(AuditEvent.objects.order_by("pk").values_list("action", "actor", "actor_name", "details"))
    assert events == [
        ("user rights changed", None, "-", {"user": "sanne", "is_staff": True}),
        ("user groups added", None, "-", {"user": "sanne", "groups": "Beheerders"}),
        ("user groups removed", None, "-", {"user": "sanne", "groups": "Beheerders"}),
    ]


def test_a_save_that_changes_no_right_is_not_recorded(client):
    user = User.objects.create_user("sanne", password="Een-lang-wachtwoord-2026")
    user.first_name = "Sanne"
    user.save()
    client.post(reverse("login"), {"username": "sanne", "password": "Een-lang-wachtwoord-2026"})  # last_login
    assert not AuditEvent.objects.filter(action__startswith="user ").exists()
