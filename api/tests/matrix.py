"""Objects the permission-matrix rows for the key screens need (tests/test_permission_matrix.py)."""

from datetime import timedelta

from django.utils import timezone

from api.factories import make_key, make_token
from api.webhooks import webhook_create
from portal.organisations.models import Role


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


def centre_key(world) -> int:
    """A key of the world's training centre."""
    return make_key(
        organisation=world.training_centre, role=Role.COACH, by=world.organisation_admin
    ).key.pk


def jobseeker_token(world) -> int:
    """A personal token of the world's jobseeker."""
    return make_token(user=world.jobseeker).key.pk


def new_webhook_data() -> dict:
    return {"url": "https://volgsysteem.example.nl/hook", "events": ["proposal.changed"]}


def centre_webhook(world) -> int:
    """A webhook of the world's training centre."""
    return webhook_create(
        organisation=world.training_centre,
        url="https://volgsysteem.example.nl/hook",
        events=["proposal.changed"],
        by=world.organisation_admin,
    ).pk
