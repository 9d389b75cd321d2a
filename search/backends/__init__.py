"""The configured backend: `SEARCH_BACKEND` is "database" (default) or "elasticsearch"."""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from .base import SearchBackend

BACKENDS = {
    "database": "search.backends.database.DatabaseBackend",
    "elasticsearch": "search.backends.elasticsearch.ElasticsearchBackend",
}


@cache
def get_backend(name: str | None = None) -> SearchBackend:
    """One backend object per process and name (Elasticsearch keeps its connection pool)."""
    name = name or settings.SEARCH_BACKEND
    return import_string(BACKENDS[name])()
