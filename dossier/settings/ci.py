"""The test suite: DATABASE_URL picks PostgreSQL (make test starts a throwaway cluster), else SQLite."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "ci-only-insecure-key"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DEMO_ACCOUNTS = True
DEMO_PASSWORD = "twenterand-demo-2026"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
