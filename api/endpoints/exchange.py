"""The JSON Schemas of the exchange formats, public like the OpenAPI document."""

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router

from ..exchange import SCHEMAS
from ..problems import ERRORS

router = Router(tags=["exchange"])


@router.get(
    "/schemas/{name}.json",
    auth=None,
    response={200: dict[str, Any], 304: None, 404: ERRORS[404], 422: ERRORS[422]},
    url_name="exchange_schema",
)
def exchange_schema(
    request: HttpRequest, name: Literal["position-opening", "candidate", "process"]
):
    """The JSON Schema of one exchange format: position-opening, candidate or process."""
    schema = SCHEMAS[name].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = request.build_absolute_uri()
    return schema
