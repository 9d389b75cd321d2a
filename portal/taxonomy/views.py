"""HTTP views of the taxonomy: only parsing and rendering; the work is in autocomplete/selectors."""

from django.http import HttpRequest, JsonResponse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_cookie

from .autocomplete import concept_autocomplete
from .models import ConceptType

DEFAULT_LIMIT = 10
MAX_LIMIT = 50
MAX_QUERY_LENGTH = 100


@require_GET
@cache_control(private=True, max_age=60)
@vary_on_cookie
def concept_search(request: HttpRequest) -> JsonResponse:
    """GET /taxonomie/zoeken/?q=…&type=skill,knowledge&lang=nl&limit=10 → {"results": […]}.

    For signed-in users only (the skill pickers of the editors use it); anonymous
    callers get 403 with a JSON body rather than a redirect to the login page.
    """
    if not request.user.is_authenticated:
        return JsonResponse({"error": "authentication_required", "results": []}, status=403)
    query = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    types = [value.strip() for value in request.GET.get("type", "").split(",") if value.strip()]
    unknown = sorted(set(types) - set(ConceptType.values))
    if unknown:
        return JsonResponse(
            {"error": "unknown_type", "detail": unknown, "allowed": ConceptType.values}, status=400
        )
    try:
        limit = int(request.GET.get("limit", DEFAULT_LIMIT))
    except ValueError:
        limit = DEFAULT_LIMIT
    limit = max(1, min(limit, MAX_LIMIT))
    language = request.GET.get("lang") or translation.get_language() or "nl"
    suggestions = concept_autocomplete(
        query=query, language=language, types=types or None, limit=limit
    )
    return JsonResponse({"results": [suggestion.as_dict() for suggestion in suggestions]})
