"""WSGI entry point for gunicorn: `gunicorn config.wsgi`.

After the application is loaded, every view imported and the garbage collector run once, what the process holds
is frozen out of the collector's sight (`gc.freeze`): it lives as long as the process, and a full collection
over it (≈ 80–170 ms of one worker with Django, pandas and numpy loaded; measured in bench/README.md) would
otherwise stop whatever request it falls in, every few hundred requests. The collector still frees what the
requests themselves leave behind."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()


def _settle() -> None:
    get_resolver().url_patterns  # noqa: B018 - imports every view now, not in the first request
    gc.collect()
    gc.freeze()


_settle()
