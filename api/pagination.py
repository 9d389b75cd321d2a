"""Opaque cursors: a client passes back what it got, and a bad one is a 422, never a 500."""

import base64
import binascii

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_POSITION = 2**63 - 1


def encode_cursor(position: int) -> str:
    return base64.urlsafe_b64encode(f"v1:{position}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    """The position a cursor stands for (None: from the start)."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        version, position = raw.split(":", 1)
        value = int(position)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        value, version = -1, ""
    if version != "v1" or not 0 < value <= MAX_POSITION:
        raise ValidationError({"cursor": [_("This cursor is not valid. Start without one.")]})
    return value
