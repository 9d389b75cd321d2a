"""Fixtures every test can use: one person per role, in two organisations and an employer."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group

from portal.accounts.models import NETWORK_ADMIN_GROUP, User
from portal.organisations.models import Organisation, OrganisationKind, OrganisationStatus, Role
from portal.organisations.services import membership_create, organisation_create

PASSWORD = "test-password-123"


def make_user(email: str, first_name: str, **extra) -> User:
    from allauth.account.models import EmailAddress

    user = User.objects.create_user(email=email, password=PASSWORD, first_name=first_name, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@dataclass
class World:
    training_centre: Organisation
    municipality: Organisation
    employer: Organisation
    jobseeker: User
    other_jobseeker: User
    coach: User
    other_coach: User
    training_staff: User
    recruiter: User
    organisation_admin: User
    network_admin: User

    def user(self, role: str) -> User | None:
        return None if role == "anonymous" else getattr(self, role)


ROLES = [
    "anonymous",
    "jobseeker",
    "other_jobseeker",
    "coach",
    "other_coach",
    "training_staff",
    "recruiter",
    "organisation_admin",
    "network_admin",
]


@pytest.fixture
def world(db) -> World:
    """Two intermediaries and an employer with a member in every role."""
    approved = OrganisationStatus.APPROVED
    centre = organisation_create(
        name="Leerwerkcentrum Oldambt",
        kind=OrganisationKind.TRAINING_CENTRE,
        status=approved,
        postcode="9671",
        city="Winschoten",
    )
    municipality = organisation_create(
        name="Gemeente Veendam",
        kind=OrganisationKind.MUNICIPALITY,
        status=approved,
        postcode="9641",
        city="Veendam",
    )
    employer = organisation_create(
        name="Groen & Zo Hoveniers",
        kind=OrganisationKind.EMPLOYER,
        status=approved,
        postcode="9723",
        city="Groningen",
    )
    people = {
        "jobseeker": (centre, Role.JOBSEEKER, "Sanne"),
        "other_jobseeker": (municipality, Role.JOBSEEKER, "Mehmet"),
        "coach": (centre, Role.COACH, "Anke"),
        "other_coach": (municipality, Role.COACH, "Pieter"),
        "training_staff": (centre, Role.TRAINING_STAFF, "Joke"),
        "recruiter": (employer, Role.RECRUITER, "Karin"),
        "organisation_admin": (centre, Role.ORGANISATION_ADMIN, "Harm"),
    }
    users = {}
    for key, (organisation, role, first_name) in people.items():
        users[key] = make_user(f"{key}@example.nl", first_name)
        membership_create(user=users[key], organisation=organisation, role=role)
    users["network_admin"] = make_user("network_admin@example.nl", "Netty", is_staff=True)
    users["network_admin"].groups.add(Group.objects.get(name=NETWORK_ADMIN_GROUP))
    return World(training_centre=centre, municipality=municipality, employer=employer, **users)


@pytest.fixture
def login(client):
    """Log the test client in as a user (or stay anonymous for None) and return it."""

    def _login(user: User | None):
        client.logout()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


@pytest.fixture
def site_pages(db):
    """The home page and the standard content pages (about, privacy, accessibility)."""
    from portal.pages.services import site_pages_ensure

    return site_pages_ensure()
