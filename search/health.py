from django.conf import settings

from .backends import get_backend
from .backends.base import SearchUnavailable


def engine_status() -> tuple[str, bool, str]:
    """Whether the configured matching search engine answers.

    Each backend's `check()` decides; Elasticsearch asks the cluster with a short
    timeout, so a dead cluster cannot hang the health check.
    """
    try:
        get_backend(settings.SEARCH_BACKEND).check()
    except SearchUnavailable as error:
        return "search", False, str(error)
    return "search", True, settings.SEARCH_BACKEND
