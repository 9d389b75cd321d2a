"""Test and demo data for accounts: users with Dutch names, and invitations.

user = UserFactory()                       # password "test-password"
user = UserFactory(verified_email=True)    # can log in under mandatory verification
invitation = InvitationFactory(token="abc", organisation=org, invited_by=coach)
invitation, token = invite_with_link(organisation=org, email=..., role=..., invited_by=coach)
"""

import hashlib
import re
import secrets
from datetime import timedelta
from functools import cache

import factory
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from factory.django import DjangoModelFactory

from portal.organisations.models import Role

from .models import Invitation, User

TEST_PASSWORD = "test-password"


@cache
def _hash(raw_password: str, hashers: tuple[str, ...]) -> str:
    return make_password(raw_password)


def hashed_password(raw_password: str) -> str:
    """A hash of `raw_password` for the configured hasher, computed once per process.

    Hashing is deliberately slow (PBKDF2 takes a good part of a second outside
    tests); sharing one salted hash between test or demo users keeps factories
    fast and is harmless for data that is not real. The cache key includes the
    hashers, so a test that changes PASSWORD_HASHERS gets a hash it can check.
    """
    return _hash(raw_password, tuple(settings.PASSWORD_HASHERS))


def hash_invitation_token(token: str) -> str:
    """The stored form of an invitation token (as the invitation services store it)."""
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_token_from_outbox(email: str) -> str:
    """The token of the newest invitation link e-mailed to `email` (the e-mail is its only copy)."""
    placeholder = "TOKEN"
    link = re.escape(reverse("invitation_accept", kwargs={"token": placeholder}))
    pattern = re.compile(link.replace(placeholder, r"([A-Za-z0-9_\-]+)"))
    for message in reversed(mail.outbox):
        if email in message.to and (match := pattern.search(message.body)):
            return match.group(1)
    raise LookupError(f"no invitation link e-mailed to {email}")


def invite_with_link(**kwargs) -> tuple[Invitation, str]:
    """`invitation_create` with its e-mail sent at once, and the token of the link in that e-mail."""
    from portal.organisations.services import invitation_create

    with TestCase.captureOnCommitCallbacks(execute=True):
        invitation = invitation_create(**kwargs)
    return invitation, invitation_token_from_outbox(invitation.email)


class UserFactory(DjangoModelFactory):
    """A person with a Dutch name and a unique e-mail address."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        raw_password = TEST_PASSWORD

    email = factory.Sequence(lambda n: f"gebruiker{n}@voorbeeld.nl")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    preferred_language = "nl"
    password = factory.LazyAttribute(lambda o: hashed_password(o.raw_password))

    @factory.post_generation
    def verified_email(obj: User, create: bool, extracted: bool | None, **kwargs) -> None:
        """`verified_email=True` adds the verified, primary allauth address login requires."""
        if create and extracted:
            EmailAddress.objects.update_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class InvitationFactory(DjangoModelFactory):
    """An open invitation to join an organisation, valid for the configured number of days.

    Pass `token=` to know the secret of the link (only its hash is stored); traits
    `accepted`, `revoked` and `expired` give the other states.
    """

    class Meta:
        model = Invitation

    class Params:
        token = factory.LazyFunction(lambda: secrets.token_urlsafe(32))
        accepted = factory.Trait(
            accepted_at=factory.LazyFunction(timezone.now),
            accepted_by=factory.SubFactory(UserFactory, email=factory.SelfAttribute("..email")),
        )
        revoked = factory.Trait(revoked_at=factory.LazyFunction(timezone.now))
        expired = factory.Trait(
            created_at=factory.LazyFunction(
                lambda: timezone.now() - timedelta(days=settings.INVITATION_VALID_DAYS + 1)
            )
        )

    email = factory.Sequence(lambda n: f"uitgenodigd{n}@voorbeeld.nl")
    first_name = factory.Faker("first_name", locale="nl_NL")
    # A string path: organisations' factories import this module for UserFactory.
    organisation = factory.SubFactory("portal.organisations.factories.OrganisationFactory")
    role = Role.JOBSEEKER
    token_hash = factory.LazyAttribute(lambda o: hash_invitation_token(o.token))
    invited_by = None
    created_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(
        lambda o: o.created_at + timedelta(days=settings.INVITATION_VALID_DAYS)
    )
