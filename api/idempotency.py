"""`Idempotency-Key` on creates: the first answer is stored and replayed for a repeat.

A repeat with another body is refused (422), so a client bug cannot silently get the
answer to a different request.
"""

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import IdempotentResponse

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
# How long a repeat gets the first answer; older answers are dropped on the key's next create.
KEEP = timedelta(hours=24)


def idempotent_create(
    request: HttpRequest, body: dict[str, Any], create: Callable[[], dict[str, Any]]
) -> JsonResponse:
    """Run `create` (which returns the JSON of the new resource) once per idempotency key."""
    key = request.headers.get(HEADER, "")
    if not key:
        return JsonResponse(create(), status=201)
    if len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise ValidationError({HEADER: [_("Use at most 255 printable characters.")]})
    IdempotentResponse.objects.filter(
        api_key=request.auth, created_at__lt=timezone.now() - KEEP
    ).delete()
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()
    stored = IdempotentResponse.objects.filter(api_key=request.auth, key=key).first()
    if stored is None:
        try:
            with transaction.atomic():
                data = create()
                stored = IdempotentResponse.objects.create(
                    api_key=request.auth, key=key, request_hash=digest, status=201, body=data
                )
        except IntegrityError:
            # The same key raced us and won: its create is the one that counts.
            stored = IdempotentResponse.objects.get(api_key=request.auth, key=key)
        else:
            return JsonResponse(data, status=201)
    if stored.request_hash != digest:
        raise ValidationError(
            {HEADER: [_("This idempotency key was used before with a different request.")]}
        )
    response = JsonResponse(stored.body, status=stored.status)
    response["Idempotent-Replayed"] = "true"
    return response
