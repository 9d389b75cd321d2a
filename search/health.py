from django.conf import settings


def engine_status() -> tuple[str, bool, str]:
    """Whether the configured matching search engine answers.

    The database backend is up whenever the database is; Elasticsearch is asked
    over HTTP with a short timeout so a dead cluster cannot hang the health check.
    """
    if settings.SEARCH_BACKEND != "elasticsearch":
        return "search", True, settings.SEARCH_BACKEND
    if not settings.ELASTICSEARCH_URL:
        return "search", False, "ELASTICSEARCH_URL is not set"
    from elasticsearch import Elasticsearch

    client = Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=2, max_retries=0)
    try:
        health = client.cluster.health()
    except Exception as error:  # any failure means "down"
        return "search", False, f"elasticsearch: {type(error).__name__}"
    finally:
        client.close()
    status = health.get("status", "unknown")
    return "search", status in {"green", "yellow"}, f"elasticsearch: {status}"
