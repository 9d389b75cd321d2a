from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def database_status() -> tuple[str, bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure means "down"
        return "database", False, type(error).__name__
    return "database", True, connection.vendor


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Machine-readable state of the database and the search engine, for load balancers and ops.

    It answers 503 when any check fails, so a proxy stops sending traffic.
    """
    checks = {}
    for path in settings.HEALTH_CHECKS:
        name, ok, detail = import_string(path)()
        checks[name] = {"ok": ok, "detail": detail}
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
