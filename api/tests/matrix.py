"""Permission-matrix rows for the key, webhook and token screens, and the objects they need
(registered in tests/test_permission_matrix.py; the API itself has its own matrix of
operation × key role × scope in api/tests/test_key_matrix.py)."""

from datetime import timedelta

from django.utils import timezone

from api.factories import make_key, make_token
from api.webhooks import webhook_create
from portal.organisations.models import Role
from tests.permission_matrix import DONE, NOT_FOUND, OK, centre, jobseekers_only, only, pk_of, view


def new_key_data() -> dict:
    expires = timezone.localdate() + timedelta(days=30)
    return {
        "name": "Volgsysteem",
        "role": Role.COACH,
        "scopes": ["proposals:read"],
        "expires_on": expires.isoformat(),
    }


def new_token_data() -> dict:
    data = new_key_data()
    del data["role"]
    data["scopes"] = ["portfolio:read"]
    return data


def centre_key(world):
    """A key of the world's training centre."""
    return make_key(
        organisation=world.training_centre, role=Role.COACH, by=world.organisation_admin
    ).key


def jobseeker_token(world):
    """A personal token of the world's jobseeker."""
    return make_token(user=world.jobseeker).key


def new_webhook_data() -> dict:
    return {"url": "https://volgsysteem.example.nl/hook", "events": ["proposal.changed"]}


def centre_webhook(world):
    """A webhook of the world's training centre."""
    return webhook_create(
        organisation=world.training_centre,
        url="https://volgsysteem.example.nl/hook",
        events=["proposal.changed"],
        by=world.organisation_admin,
    )


def rows():
    # API keys and webhooks (organisation admins) and personal tokens (jobseekers).
    admins = only(organisation_admin=OK, network_admin=OK)
    admins_done = only(organisation_admin=DONE, network_admin=DONE)
    return [
        view("api_key_list", "own organisation", admins, centre),
        view("api_key_create", "form", admins, centre),
        view(
            "api_key_create",
            "make one (shown once)",
            admins,
            centre,
            method="post",
            data=new_key_data(),
        ),
        view(
            "api_key_revoke",
            "own organisation's key",
            admins_done,
            centre,
            pk_of(centre_key),
            method="post",
        ),
        view("webhook_list", "own organisation", admins, centre),
        view(
            "webhook_create",
            "subscribe (secret shown once)",
            admins,
            centre,
            method="post",
            data=new_webhook_data(),
        ),
        view(
            "webhook_delete",
            "own organisation's webhook",
            admins_done,
            centre,
            pk_of(centre_webhook),
            method="post",
        ),
        view("api_token_list", "own", jobseekers_only(OK)),
        view("api_token_create", "form", jobseekers_only(OK)),
        view(
            "api_token_create",
            "make one (shown once)",
            jobseekers_only(OK),
            method="post",
            data=new_token_data(),
        ),
        view(
            "api_token_revoke",
            "the jobseeker's own",
            {**jobseekers_only(NOT_FOUND), "jobseeker": DONE},
            pk_of(jobseeker_token),
            method="post",
        ),
    ]
