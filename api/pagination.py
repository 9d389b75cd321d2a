"""Cursors: where the last page ended, opaque and signed, handed back as they were given.

A cursor names the sort key of the last row a page showed (keyset), never a page number,
so the next page may ask another `limit` and still neither repeat nor skip a row. It is
signed with the site's secret key for one list (and, for a search, for the search it
was made for), so a client cannot make one up, move it, or take it to another list or
search. A cursor that is not one of ours, was tampered with, belongs elsewhere or has
expired is a 400 problem in the caller's language, never a 500.
"""

import hashlib
import json
from typing import Annotated, Any

from django.core import signing
from django.utils.translation import gettext as _
from ninja import Query

from search.selectors import Anchor

from .schemas import text

MAX_POSITION = 2**63 - 1
# How deep a search may be paged (the screens stop at a few hundred pages too).
MAX_SEARCH_POSITION = 100_000
# Long enough for a search cursor (a rank key and a signature), short enough to log.
CURSOR_LENGTH = 400
# A search's ranking moves as people publish and withdraw: its cursors last a day.
SEARCH_CURSOR_SECONDS = 24 * 3600

Cursor = Annotated[
    text(CURSOR_LENGTH) | None,
    Query(
        description="The `next_cursor` of the previous page, as it was given. Any `limit` "
        "may follow it. A cursor that is not valid for this list is a 400."
    ),
]


class BadCursor(Exception):
    """The cursor is not one this list made, or no longer fits it."""

    def __init__(self, message: str | None = None):
        super().__init__(message or _("This cursor is not valid here. Start without one."))
        self.message = str(self.args[0])


def _salt(kind: str) -> str:
    return f"api.cursor.{kind}"


def make_cursor(kind: str, values: dict[str, Any]) -> str:
    """A signed cursor holding `values` (JSON), for the list `kind` only."""
    return signing.dumps(values, salt=_salt(kind), compress=False)


def read_cursor(kind: str, cursor: str | None, *, max_age: int | None = None) -> dict | None:
    """What a cursor of the list `kind` holds (None: from the start); BadCursor otherwise."""
    if not cursor:
        return None
    try:
        values = signing.loads(cursor, salt=_salt(kind), max_age=max_age)
    except signing.SignatureExpired as error:
        raise BadCursor(_("This cursor has expired. Start again without one.")) from error
    except signing.BadSignature as error:
        raise BadCursor from error
    if not isinstance(values, dict):
        raise BadCursor
    return values


# --- Newest first, by id -------------------------------------------------------------------


def encode_cursor(kind: str, last_id: int) -> str:
    """The cursor after the row `last_id` of a list sorted by id, newest first."""
    return make_cursor(kind, {"before": last_id})


def decode_cursor(kind: str, cursor: str | None) -> int | None:
    """The id the next page of list `kind` starts below (None: from the start)."""
    values = read_cursor(kind, cursor)
    if values is None:
        return None
    before = values.get("before")
    if type(before) is not int or not 0 < before <= MAX_POSITION:
        raise BadCursor
    return before


# --- Ranked searches --------------------------------------------------------------------


def fingerprint(query: dict[str, Any]) -> str:
    """A short digest of what a search asked (without cursor and limit): its cursors are
    only valid for the same question."""
    canonical = json.dumps(query, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def search_cursor(kind: str, question: str, anchor: Anchor) -> str:
    """The cursor after `anchor` in the search `question` (its `fingerprint`)."""
    return make_cursor(
        kind,
        {
            "q": question,
            "hit": anchor.hit,
            "score": anchor.score,
            "musts": anchor.meets_musts,
            "at": anchor.position,
        },
    )


def search_anchor(kind: str, question: str, cursor: str | None) -> Anchor | None:
    """Where the next page of the search `question` starts (None: at the top)."""
    values = read_cursor(kind, cursor, max_age=SEARCH_CURSOR_SECONDS)
    if values is None:
        return None
    if values.get("q") != question:
        raise BadCursor(_("This cursor belongs to another search. Start without one."))
    try:
        anchor = Anchor(
            hit=values["hit"],
            score=float(values["score"]),
            meets_musts=values["musts"],
            position=values["at"],
        )
    except (KeyError, TypeError, ValueError) as error:
        raise BadCursor from error
    if (
        type(anchor.hit) is not str
        or type(anchor.position) is not int
        or type(anchor.meets_musts) is not bool
        or not 0 < anchor.position <= MAX_SEARCH_POSITION
    ):
        raise BadCursor
    return anchor
