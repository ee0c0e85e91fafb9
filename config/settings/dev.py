"""Local development: SQLite, debug on, demo accounts allowed."""

from .base import *  # noqa: F403
from .base import env

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost"]  # noqa: F405
DEMO_ACCOUNTS = True
DEMO_PASSWORD = env("DEMO_PASSWORD", "twenterand-demo-2026", "Password of the demo accounts (dev only).")
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
