"""Prepare the test provider's database: `python -m tests.oidc_op.setup <redirect_uri> <client_id> <client_secret>
<username> <password> <email>` (with DJANGO_SETTINGS_MODULE=tests.oidc_op.settings and OIDC_OP_DB set): migrate,
an RSA signing key (creatersakey), a user, and a confidential client for the application under test that needs no
consent screen."""

import sys

import django
from django.core.management import call_command


def main(redirect_uri, client_id, client_secret, username, password, email):
    django.setup()
    from django.contrib.auth import get_user_model
    from oidc_provider.models import Client, ResponseType

    call_command("migrate", verbosity=0)
    call_command("creatersakey")
    get_user_model().objects.create_user(
        username, email=email, password=password, first_name="Sanne", last_name="de Vries"
    )
    client = Client.objects.create(
        name="Beslisdossier",
        client_type="confidential",
        client_id=client_id,
        client_secret=client_secret,
        jwt_alg="RS256",
        redirect_uris=[redirect_uri],
        require_consent=False,
        reuse_consent=True,
        scope=["openid", "email", "profile"],
    )
    client.response_types.add(ResponseType.objects.get(value="code"))


if __name__ == "__main__":
    main(*sys.argv[1:])
