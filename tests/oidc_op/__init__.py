"""A real OpenID provider for the SSO tests (accounts/tests/test_sso_browser.py): a minimal Django project with
django-oidc-provider, run in a second process with its own SQLite file (see `setup.py`)."""
