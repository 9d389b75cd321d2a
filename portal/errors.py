"""The page for a request that failed: 503 with "try again" when the database went away."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger(__name__)

# Seconds a browser or proxy should wait before asking again: a restarted or failed-over
# PostgreSQL takes about this long, and CONN_HEALTH_CHECKS reconnects on the next request.
RETRY_AFTER_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a lost database connection is a temporary 503, anything else Django's 500.

    A connection that drops mid-request (a restart, a failover, a killed backend)
    raises OperationalError or InterfaceError from wherever the next query was,
    middleware included, so this is the one place that sees them all. Every service
    writes in one transaction, so a drop loses a whole change or none of it: the
    honest answer is "try again", with Retry-After, rather than "something went wrong".
    """
    error = sys.exc_info()[1]
    if not isinstance(error, OperationalError | InterfaceError):
        return django_server_error(request)
    logger.warning("503 on %s: database connection lost (%s)", request.path, type(error).__name__)
    retry_path = request.get_full_path() if request.method in ("GET", "HEAD") else "/"
    response = HttpResponse(render_to_string("503.html", {"retry_path": retry_path}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
