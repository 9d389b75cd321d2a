"""Demo data: employer profiles and realistic vacancies, idempotent, pending employers publish nothing."""

import pytest
from django.core.management import call_command

from portal.organisations.models import OrganisationStatus
from vacancies.models import EmployerProfile, Vacancy, VacancySkill, VacancyStatus


@pytest.fixture
def demo(db):
    call_command("load_starter_taxonomy", "--quiet")
    call_command("demo_data", size="small", verbosity=0)


def test_demo_employers_get_profiles_and_vacancies_across_sectors(demo):
    vacancies = Vacancy.objects.select_related("organisation")
    open_ones = [v for v in vacancies if v.status == VacancyStatus.OPEN]

    assert EmployerProfile.objects.count() >= 15
    assert len(open_ones) >= 15
    assert {v.organisation.city for v in open_ones} >= {"Groningen", "'s-Hertogenbosch", "Haarlem"}
    assert len({p.sector for p in EmployerProfile.objects.all()}) >= 8
    assert any(v.banenafspraak for v in open_ones)
    assert any(v.counts_for_sroi and v.sroi_contract for v in open_ones)
    assert any(v.offered_under_pso for v in open_ones)
    assert any(v.show_to_jobseekers for v in open_ones)
    assert all(v.latitude is not None for v in vacancies)
    assert not VacancySkill.objects.filter(vacancy__status=VacancyStatus.OPEN).values(
        "vacancy"
    ).distinct().count() < len(open_ones)
    assert VacancySkill.objects.filter(required=False).exists()
    # Employers waiting for approval have drafts only; the rejected one has nothing.
    assert not vacancies.filter(
        organisation__status=OrganisationStatus.PENDING, status=VacancyStatus.OPEN
    ).exists()
    assert not vacancies.filter(organisation__status=OrganisationStatus.REJECTED).exists()


def test_demo_vacancies_load_only_once(demo):
    counts = (
        Vacancy.objects.count(),
        VacancySkill.objects.count(),
        EmployerProfile.objects.count(),
    )

    call_command("demo_data", size="small", verbosity=0)

    assert (
        Vacancy.objects.count(),
        VacancySkill.objects.count(),
        EmployerProfile.objects.count(),
    ) == counts
