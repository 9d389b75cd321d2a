"""The permission matrix's building blocks: what a role gets, and one way to write a row.

`tests/test_permission_matrix.py` holds the rows and runs them; each app's
`tests/matrix.py` adds its own rows with `view` and the role sets below, so a row
says only what differs: the URL's name, the case, who gets what, and how it is asked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.urls import reverse

from tests.conftest import ROLES

if TYPE_CHECKING:
    from tests.test_permission_matrix import Context

# What a role gets, beyond a plain status code.
LOGIN = "302 to the login page"
ADMIN_LOGIN = "302 to the admin login page"
# DONE: a redirect after the action, which must have written to the database;
# ONWARDS: a redirect elsewhere with nothing to do here (a signed-in user on a sign-up form).
DONE = "302 onwards, the action done"
ONWARDS = "302 onwards, nothing to do here"
OK = 200
FORBIDDEN = 403
NOT_FOUND = 404
NOT_ALLOWED = 405
GONE = 410

MEMBER_ROLES = [role for role in ROLES if role not in ("anonymous", "network_admin")]


def each(
    *,
    anonymous,
    jobseeker,
    other_jobseeker,
    coach,
    other_coach,
    training_staff,
    recruiter,
    organisation_admin,
    network_admin,
) -> dict[str, object]:
    """An explicit expectation for every role (a missing role is a TypeError)."""
    return {
        "anonymous": anonymous,
        "jobseeker": jobseeker,
        "other_jobseeker": other_jobseeker,
        "coach": coach,
        "other_coach": other_coach,
        "training_staff": training_staff,
        "recruiter": recruiter,
        "organisation_admin": organisation_admin,
        "network_admin": network_admin,
    }


def everyone(outcome) -> dict[str, object]:
    return dict.fromkeys(ROLES, outcome)


def signed_in(outcome, *, anonymous=LOGIN) -> dict[str, object]:
    return {**everyone(outcome), "anonymous": anonymous}


# Employer screens: the employer's recruiter and network admins; everyone else 404.
EMPLOYER_ONLY = {**signed_in(NOT_FOUND), "recruiter": OK, "network_admin": OK}
EMPLOYER_DONE = {**signed_in(NOT_FOUND), "recruiter": DONE, "network_admin": DONE}


def jobseekers_only(outcome, *, other_jobseeker=None) -> dict[str, object]:
    """The portfolio editor: each jobseeker on their own portfolio; other roles 403."""
    return {
        **signed_in(FORBIDDEN),
        "jobseeker": outcome,
        "other_jobseeker": outcome if other_jobseeker is None else other_jobseeker,
    }


def jobseekers_own(outcome) -> dict[str, object]:
    """Pages about one's own evidence: every jobseeker on their own, 404 for other roles."""
    return {**signed_in(NOT_FOUND), "jobseeker": outcome, "other_jobseeker": outcome}


def owner_only(outcome) -> dict[str, object]:
    """Objects of the world's jobseeker that nobody else reaches, not even a network admin."""
    return {**signed_in(NOT_FOUND), "jobseeker": outcome}


def coach_organisation_sees(outcome) -> dict[str, object]:
    """A portfolio shared with the coach's organisation: the owner and its intermediaries."""
    return {
        **signed_in(NOT_FOUND),
        "jobseeker": outcome,
        "coach": outcome,
        "training_staff": outcome,
        "organisation_admin": outcome,
    }


def intermediary_staff(outcome) -> dict[str, object]:
    """The search screens: coaches, training staff and admins of approved intermediaries get
    `outcome`; every other signed-in role 403 (a network admin too: managing the network is
    no reason to search people)."""
    return {
        **signed_in(FORBIDDEN),
        "coach": outcome,
        "other_coach": outcome,
        "training_staff": outcome,
        "organisation_admin": outcome,
    }


def only(*, others=NOT_FOUND, **outcomes) -> dict[str, object]:
    """Signed-in roles get `others` (404: they cannot probe) but the roles named; anonymous
    visitors go to the login page."""
    return {**signed_in(others), **outcomes}


@dataclass(frozen=True)
class Row:
    url_name: str  # the URL pattern's (namespaced) name: ties the row to the pattern
    case: str  # which variant, for the test id
    path: Callable[[Context], str]
    expect: dict[str, object]
    method: str = "get"
    data: dict = field(default_factory=dict)
    page_type: str = ""  # for Wagtail page serving: the page model it covers

    @property
    def id(self) -> str:
        return f"{self.url_name}[{self.case}]-{self.method.upper()}"


# A URL argument or query that depends on the world: a function of it, called when the row runs.
Arg = Any | Callable[[Any], Any]


def _values(arg: Arg, context: Context) -> list:
    value = arg(context.world) if callable(arg) else arg
    return list(value) if isinstance(value, list | tuple) else [value]


def view(
    url_name: str,
    case: str,
    expect: dict[str, object],
    *args: Arg,
    query: Arg = "",
    method: str = "get",
    data: dict | None = None,
) -> Row:
    """The row for `reverse(url_name, args=args)` (+ `query`); each argument is a value, or a
    function of the world that makes the object the URL needs (a list: several arguments)."""

    def path(context: Context) -> str:
        url = reverse(url_name, args=[value for arg in args for value in _values(arg, context)])
        return url + "".join(_values(query, context))

    return Row(url_name, case, path, expect, method=method, data=data or {})


def centre(world) -> str:
    """The world's training centre, as its URLs name it."""
    return world.training_centre.slug


def employer(world) -> str:
    """The world's employer, as its URLs name it."""
    return world.employer.slug


def pk_of(make: Callable[[Any], Any]) -> Callable[[Any], int]:
    """The primary key of what `make` makes in the world."""
    return lambda world: make(world).pk
