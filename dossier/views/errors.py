"""Error pages that must not need the database: they render without the request's context processors."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader

logger = logging.getLogger("dossier.errors")


def server_error(request):
    """handler500. A lost database connection (a restart, a fail-over) gets its own Dutch page, status 503 and a
    Retry-After, so a user (and htmx) retries instead of seeing a generic error; the next request reconnects by
    itself (`CONN_HEALTH_CHECKS`)."""
    exc = sys.exc_info()[1]
    if isinstance(exc, OperationalError | InterfaceError):
        logger.warning("database unavailable: %s %s: %s", request.method, request.path, type(exc).__name__)
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "5"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
