"""Demo API keys and a personal token, so the key screens show what a connection looks like.

Made through the api services (membership, audit and all). The keys' secrets are thrown
away: a demo user who wants to call the API makes a key of their own on the screen.
Idempotent: a key of the same name for the same organisation or person is not made twice.
"""

from datetime import timedelta

from django.utils import timezone

from api.models import ApiKey, KeyKind, Scope
from api.services import api_key_create, personal_token_create
from portal.accounts.models import User
from portal.organisations.models import Organisation, Role

from . import DEMO_EMPLOYER, DEMO_LOGINS, FIRST_TRAINING_CENTRE

KEYS = (
    (
        DEMO_EMPLOYER,
        "Koppeling sollicitatiesysteem",
        Role.RECRUITER,
        [Scope.TAXONOMY_READ, Scope.VACANCIES_READ, Scope.VACANCIES_WRITE, Scope.PROPOSALS_READ],
    ),
    (
        FIRST_TRAINING_CENTRE,
        "Leerlingvolgsysteem",
        Role.COACH,
        [Scope.TAXONOMY_READ, Scope.PROPOSALS_READ, Scope.CANDIDATES_READ],
    ),
)
TOKEN_NAME = "Mijn CV-app"


def load_demo_api_keys() -> int:
    """Make the demo keys and token that are missing; returns how many were made."""
    made = 0
    network_admin = User.objects.filter(email=DEMO_LOGINS["network_admin"]).first()
    expires_on = timezone.localdate() + timedelta(days=180)
    for slug, name, role, scopes in KEYS:
        organisation = Organisation.objects.filter(slug=slug).first()
        if (
            organisation is None
            or ApiKey.objects.filter(organisation=organisation, name=name).exists()
        ):
            continue
        api_key_create(
            organisation=organisation,
            name=name,
            role=role,
            scopes=[scope.value for scope in scopes],
            expires_on=expires_on,
            by=network_admin,
        )
        made += 1
    jobseeker = User.objects.filter(email=DEMO_LOGINS["jobseeker"]).first()
    if jobseeker and not ApiKey.objects.filter(user=jobseeker, kind=KeyKind.PERSONAL).exists():
        personal_token_create(
            user=jobseeker,
            name=TOKEN_NAME,
            scopes=[Scope.PORTFOLIO_READ.value],
            expires_on=expires_on,
        )
        made += 1
    return made
