"""The test suite: DATABASE_URL picks PostgreSQL (make test starts a throwaway cluster), else SQLite."""

import os
import tempfile
from pathlib import Path

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

# Tasks run at once, in the process that enqueues them (on commit). The end-to-end tests of the worker start a real
# `db_worker` with TASKS_BACKEND=django_tasks_db.DatabaseBackend and switch this process to it too.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend"),
        "QUEUES": ["default"],
    }
}
# On SQLite the test database is a file, not an in-memory database: a worker process started by a test must be able
# to open it. One per test process (pytest-django removes it at the end).
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    _name = Path(tempfile.gettempdir()) / f"beslisdossier-test-{os.getpid()}.sqlite3"
    DATABASES["default"]["TEST"] = {"NAME": str(_name)}  # noqa: F405
