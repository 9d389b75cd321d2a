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

    It answers 503 only when an essential check fails (`HEALTH_ESSENTIAL`: the
    database), so a proxy stops sending traffic. Without the search engine every page
    but the searches still works (they say so and fail fast), so that is "degraded"
    with 200: taking the whole portal out of rotation would turn one broken part into
    an outage.
    """
    checks = {}
    for path in settings.HEALTH_CHECKS:
        name, ok, detail = import_string(path)()
        checks[name] = {"ok": ok, "detail": detail}
    failing = {name for name, check in checks.items() if not check["ok"]}
    if failing & set(settings.HEALTH_ESSENTIAL):
        status, code = "unavailable", 503
    elif failing:
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, "checks": checks}, status=code)
