"""Test and demo data for organisations and memberships.

    org = OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, pc4="9671")
    coach = MembershipFactory(organisation=org, role=Role.COACH).user

MembershipFactory goes through `membership_create`, so a member holds exactly
the django-guardian permissions production would give them.
"""

import random

import factory
import factory.fuzzy
import factory.random
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from portal import geo
from portal.accounts.factories import UserFactory
from portal.accounts.models import User

from .models import (
    EMPLOYER_KINDS,
    INTERMEDIARY_KINDS,
    Membership,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Role,
)
from .services import membership_create, membership_end

# Letter pairs for made-up full postcodes: PostNL keeps F, I, O, Q, U and Y out
# of them (easily misread), and never issues SA, SD or SS (see portal.geo).
_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"
POSTCODE_LETTERS: list[str] = [
    a + b for a in _LETTERS for b in _LETTERS if a + b not in {"SA", "SD", "SS"}
]


def phone_number(rng: random.Random | None = None) -> str:
    """A made-up number in the 085 range, which Dutch organisations use nationwide."""
    rng = rng or factory.random.randgen
    return f"085 {rng.randint(100, 999)} {rng.randint(1000, 9999)}"


def _place_of(organisation) -> geo.Place | None:
    return geo.locate(organisation.postcode)


class OrganisationFactory(DjangoModelFactory):
    """An approved training centre somewhere in the postcode table, unless told otherwise.

    Pass `pc4="9671"` (or a full `postcode="9671 AB"`) to place it; city and
    coordinates follow from portal.geo.
    """

    class Meta:
        model = Organisation

    class Params:
        pc4 = factory.fuzzy.FuzzyChoice(geo.all_places(), getter=lambda place: place.postcode)
        postcode_letters = factory.fuzzy.FuzzyChoice(POSTCODE_LETTERS)
        pending = factory.Trait(status=OrganisationStatus.PENDING)
        rejected = factory.Trait(status=OrganisationStatus.REJECTED)

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    # The sequence number keeps slugs unique when two names slugify alike.
    slug = factory.LazyAttributeSequence(lambda o, n: f"{slugify(o.name)[:180]}-{n}")
    kind = OrganisationKind.TRAINING_CENTRE
    status = OrganisationStatus.APPROVED
    approved_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == OrganisationStatus.APPROVED else None
    )
    street_address = factory.Faker("street_address", locale="nl_NL")
    postcode = factory.LazyAttribute(lambda o: f"{o.pc4} {o.postcode_letters}")
    city = factory.LazyAttribute(lambda o: _place_of(o).place if _place_of(o) else "")
    latitude = factory.LazyAttribute(lambda o: _place_of(o).latitude if _place_of(o) else None)
    longitude = factory.LazyAttribute(lambda o: _place_of(o).longitude if _place_of(o) else None)
    email = factory.LazyAttribute(lambda o: f"info@{o.slug}.voorbeeld.nl")
    phone = factory.LazyFunction(phone_number)


def _default_role(membership) -> str:
    kind = membership.organisation.kind
    if kind in INTERMEDIARY_KINDS:
        return Role.JOBSEEKER
    if kind in EMPLOYER_KINDS:
        return Role.RECRUITER
    return Role.ORGANISATION_ADMIN


class MembershipFactory(DjangoModelFactory):
    """A member of an organisation, created by the same service production uses.

    The role defaults to jobseeker for intermediaries and recruiter for
    employers. `is_active=False` (or the `ended` trait) ends the membership
    through `membership_end` afterwards; `by` is the user recorded as acting.
    """

    class Meta:
        model = Membership

    class Params:
        ended = factory.Trait(is_active=False)

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = factory.LazyAttribute(_default_role)
    is_active = True
    by = None

    @classmethod
    def _create(
        cls,
        model_class: type[Membership],
        *,
        user: User,
        organisation: Organisation,
        role: str,
        is_active: bool = True,
        by: User | None = None,
        **fields,
    ) -> Membership:
        membership = membership_create(user=user, organisation=organisation, role=role, by=by)
        if not is_active:
            membership = membership_end(membership=membership, by=by)
        if fields:
            # Anything else (e.g. created_at for a timeline) is set after the
            # service ran, as a later edit would.
            for name, value in fields.items():
                setattr(membership, name, value)
            membership.save(update_fields=list(fields))
        return membership
