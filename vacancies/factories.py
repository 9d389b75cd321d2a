"""Test and demo data for employers and vacancies.

    profile = EmployerProfileFactory(organisation__pc4="9743")
    vacancy = VacancyFactory(organisation=profile.organisation, open=True,
                             skills=[(forklift, True, 3), (english, False, 2)])

Skills are (concept, required, min_level) tuples, or bare concepts (required, level 2).
"""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from portal import geo
from portal.organisations.factories import OrganisationFactory
from portal.organisations.models import OrganisationKind

from .models import EmployerProfile, Sector, Vacancy, VacancySkill, VacancyStatus, WorkType


class EmployerFactory(OrganisationFactory):
    """An approved employer organisation (use the `pending`/`rejected` traits for others)."""

    name = factory.Sequence(lambda n: f"Werkgever {n}")
    kind = OrganisationKind.EMPLOYER


class EmployerProfileFactory(DjangoModelFactory):
    class Meta:
        model = EmployerProfile

    organisation = factory.SubFactory(EmployerFactory)
    kvk_number = factory.Sequence(lambda n: f"{10_000_000 + n:08d}")
    sector = Sector.LOGISTICS
    contact_name = factory.Faker("name", locale="nl_NL")
    contact_email = factory.LazyAttribute(lambda o: o.organisation.email or "contact@voorbeeld.nl")
    contact_phone = factory.LazyAttribute(lambda o: o.organisation.phone)


def _place(vacancy) -> geo.Place | None:
    return geo.locate(vacancy.postcode)


class VacancyFactory(DjangoModelFactory):
    """A complete draft vacancy at its employer's postcode; `open=True` publishes it."""

    class Meta:
        model = Vacancy
        skip_postgeneration_save = True

    class Params:
        open = factory.Trait(
            status=VacancyStatus.OPEN,
            published_at=factory.LazyFunction(timezone.now),
        )

    organisation = factory.SubFactory(EmployerFactory)
    title = factory.Sequence(lambda n: f"Medewerker magazijn {n}")
    description = "Je pakt bestellingen in en zet ze klaar voor de vrachtwagen."
    work_type = WorkType.PAID_JOB
    hours_min = 16
    hours_max = 32
    # At the employer's postcode when the table knows it, else in the centre of Groningen.
    postcode = factory.LazyAttribute(
        lambda o: (
            geo.normalise_postcode(o.organisation.postcode)
            if geo.locate(o.organisation.postcode)
            else "9711"
        )
    )
    place = factory.LazyAttribute(lambda o: _place(o).place if _place(o) else "")
    latitude = factory.LazyAttribute(lambda o: _place(o).latitude if _place(o) else None)
    longitude = factory.LazyAttribute(lambda o: _place(o).longitude if _place(o) else None)
    start_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))
    closing_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=42))
    places = 1
    status = VacancyStatus.DRAFT

    @factory.post_generation
    def skills(obj: Vacancy, create: bool, extracted, **kwargs) -> None:
        if not create or not extracted:
            return
        rows = []
        for item in extracted:
            concept, required, level = item if isinstance(item, tuple) else (item, True, 2)
            rows.append(
                VacancySkill(vacancy=obj, concept=concept, required=required, min_level=level)
            )
        VacancySkill.objects.bulk_create(rows)
