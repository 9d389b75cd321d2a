"""The skill taxonomy: search concepts as people type, and look one up by its ESCO URI."""

from typing import Annotated, Literal

from django.http import Http404, HttpRequest
from django.utils import translation
from ninja import Query, Router

from portal.taxonomy.autocomplete import concept_autocomplete
from portal.taxonomy.selectors import concepts_by_uri

from ..auth import require_scope
from ..models import Scope
from ..problems import ERRORS
from ..schemas import ConceptHits, ConceptOut, text

router = Router(tags=["taxonomy"])

ConceptType = Literal["skill", "knowledge", "occupation"]


@router.get(
    "/concepts", response={200: ConceptHits, 304: None, **ERRORS}, url_name="concept_search"
)
def concept_search(
    request: HttpRequest,
    q: Annotated[text(100, 1), Query(description="What a person would type, in Dutch or English.")],
    type: Annotated[list[ConceptType] | None, Query(max_length=3)] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
):
    """Concepts whose labels match `q`, tolerant of typos and word order (the screens' autocomplete)."""
    require_scope(request, Scope.TAXONOMY_READ)
    hits = concept_autocomplete(
        query=q, language=translation.get_language() or "nl", types=type or None, limit=limit
    )
    return {"items": [hit.as_dict() for hit in hits]}


@router.get(
    "/concepts/by-uri", response={200: ConceptOut, 304: None, **ERRORS}, url_name="concept_by_uri"
)
def concept_by_uri(
    request: HttpRequest,
    uri: Annotated[text(255, 1), Query(description="The concept's ESCO URI.")],
):
    """One concept by its URI, with its labels in every language we hold."""
    require_scope(request, Scope.TAXONOMY_READ)
    concept = concepts_by_uri([uri]).get(uri)
    if concept is None:
        raise Http404
    return {
        "uri": concept.uri,
        "type": concept.concept_type,
        "label": concept.label(translation.get_language() or "nl"),
        "labels": {language: str(label) for language, label in concept.preferred_labels.items()},
        "status": concept.status,
    }
