"""The rules of a vacancy: bad input, publishing, closing (by hand and by date), copying."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from portal.audit.models import AuditEvent
from vacancies.factories import VacancyFactory
from vacancies.models import Vacancy, VacancySkill, VacancyStatus, WorkType
from vacancies.services import (
    SkillChoice,
    vacancies_close_expired,
    vacancy_close,
    vacancy_create,
    vacancy_duplicate,
    vacancy_publish,
    vacancy_set_skills,
    vacancy_update,
)
from vacancies.tasks import close_expired_vacancies

TODAY = timezone.localdate


def _errors(excinfo) -> dict:
    return excinfo.value.message_dict


def test_vacancy_create_places_the_postcode_with_coordinates(world):
    vacancy = vacancy_create(
        organisation=world.employer,
        by=world.recruiter,
        title="Orderpicker",
        work_type=WorkType.PAID_JOB,
        postcode="9671 ab",
    )

    assert vacancy.postcode == "9671AB"
    assert vacancy.place == "Winschoten"
    assert vacancy.latitude and vacancy.longitude
    assert vacancy.status == VacancyStatus.DRAFT
    assert AuditEvent.objects.filter(action="vacancy.create", object_id=str(vacancy.pk)).exists()


@pytest.mark.parametrize(
    ("postcode", "message"),
    [
        ("1234 SA", "not a Dutch postcode"),
        ("hallo", "not a Dutch postcode"),
        ("8888", "Postcode 8888 does not exist"),
    ],
)
def test_unknown_or_invalid_postcode_is_refused_with_a_clear_message(vacancy, postcode, message):
    with pytest.raises(ValidationError) as excinfo:
        vacancy_update(vacancy=vacancy, by=None, postcode=postcode)

    assert message in " ".join(_errors(excinfo)["postcode"])


def test_dates_in_the_past_are_refused(vacancy):
    yesterday = TODAY() - timedelta(days=1)

    with pytest.raises(ValidationError) as excinfo:
        vacancy_update(vacancy=vacancy, by=None, start_date=yesterday, closing_date=yesterday)

    assert set(_errors(excinfo)) == {"start_date", "closing_date"}


def test_a_past_date_saved_earlier_may_stay_when_other_fields_change(vacancy):
    Vacancy.objects.filter(pk=vacancy.pk).update(start_date=TODAY() - timedelta(days=10))
    vacancy.refresh_from_db()

    vacancy_update(vacancy=vacancy, by=None, title="Nieuwe titel")

    vacancy.refresh_from_db()
    assert vacancy.title == "Nieuwe titel"


def test_closing_date_before_start_date_is_refused(vacancy):
    with pytest.raises(ValidationError) as excinfo:
        vacancy_update(
            vacancy=vacancy,
            by=None,
            start_date=TODAY() + timedelta(days=20),
            closing_date=TODAY() + timedelta(days=10),
        )

    assert "before the start date" in _errors(excinfo)["closing_date"][0]


def test_minimum_hours_above_maximum_is_refused(vacancy):
    with pytest.raises(ValidationError) as excinfo:
        vacancy_update(vacancy=vacancy, by=None, hours_min=32, hours_max=16)

    assert "hours_max" in _errors(excinfo)


def test_sroi_flag_needs_the_contract(vacancy):
    with pytest.raises(ValidationError) as excinfo:
        vacancy_update(vacancy=vacancy, by=None, counts_for_sroi=True, sroi_contract=" ")

    assert "sroi_contract" in _errors(excinfo)


def test_approved_employer_publishes_a_complete_vacancy(vacancy, world):
    vacancy_publish(vacancy=vacancy, by=world.recruiter)

    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.OPEN
    assert vacancy.published_at is not None


def test_pending_employer_cannot_publish(pending_employer, taxonomy):
    vacancy = VacancyFactory(organisation=pending_employer.organisation, skills=[taxonomy.forklift])

    with pytest.raises(ValidationError) as excinfo:
        vacancy_publish(vacancy=vacancy, by=pending_employer.recruiter)

    assert "not approved" in " ".join(excinfo.value.messages)
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.DRAFT


def test_rejected_employer_cannot_publish(rejected_employer, taxonomy):
    vacancy = VacancyFactory(
        organisation=rejected_employer.organisation, skills=[taxonomy.forklift]
    )

    with pytest.raises(ValidationError):
        vacancy_publish(vacancy=vacancy, by=rejected_employer.recruiter)

    assert Vacancy.objects.get(pk=vacancy.pk).status == VacancyStatus.DRAFT


def test_vacancy_without_skills_cannot_be_published(world):
    vacancy = VacancyFactory(organisation=world.employer)

    with pytest.raises(ValidationError) as excinfo:
        vacancy_publish(vacancy=vacancy, by=world.recruiter)

    assert excinfo.value.messages == ["Add at least one skill."]


def test_set_skills_keeps_required_and_nice_to_have_with_levels(vacancy, taxonomy):
    vacancy_set_skills(
        vacancy=vacancy,
        skills=[
            SkillChoice(taxonomy.forklift.pk, required=True, min_level=4),
            SkillChoice(taxonomy.dutch.pk, required=False, min_level=1),
        ],
        by=None,
    )

    rows = {row.concept_id: (row.required, row.min_level) for row in vacancy.skills.all()}
    assert rows == {taxonomy.forklift.pk: (True, 4), taxonomy.dutch.pk: (False, 1)}


def test_set_skills_refuses_occupations_and_levels_outside_1_to_4(vacancy, taxonomy):
    with pytest.raises(ValidationError):
        vacancy_set_skills(vacancy=vacancy, skills=[SkillChoice(taxonomy.occupation.pk)], by=None)
    with pytest.raises(ValidationError):
        vacancy_set_skills(
            vacancy=vacancy, skills=[SkillChoice(taxonomy.forklift.pk, min_level=5)], by=None
        )


def test_closing_date_closes_the_vacancy_in_queries_before_the_job_runs(vacancy, world):
    vacancy_publish(vacancy=vacancy, by=world.recruiter)
    Vacancy.objects.filter(pk=vacancy.pk).update(closing_date=TODAY() - timedelta(days=1))
    vacancy.refresh_from_db()

    assert vacancy.status == VacancyStatus.OPEN  # stored state, job not run yet
    assert vacancy.effective_status == VacancyStatus.CLOSED
    assert not Vacancy.objects.open().filter(pk=vacancy.pk).exists()
    assert Vacancy.objects.with_state().get(pk=vacancy.pk).state == VacancyStatus.CLOSED


def test_vacancy_is_open_through_its_closing_date(vacancy, world):
    vacancy_publish(vacancy=vacancy, by=world.recruiter)
    Vacancy.objects.filter(pk=vacancy.pk).update(closing_date=TODAY())

    assert Vacancy.objects.open().filter(pk=vacancy.pk).exists()


def test_close_expired_job_stores_the_closed_state(world, taxonomy):
    expired = VacancyFactory(organisation=world.employer, open=True, skills=[taxonomy.forklift])
    current = VacancyFactory(organisation=world.employer, open=True, skills=[taxonomy.forklift])
    Vacancy.objects.filter(pk=expired.pk).update(
        start_date=None, closing_date=TODAY() - timedelta(days=2)
    )

    assert vacancies_close_expired() == 1

    expired.refresh_from_db()
    current.refresh_from_db()
    assert (expired.status, current.status) == (VacancyStatus.CLOSED, VacancyStatus.OPEN)
    assert expired.closed_at is not None
    assert AuditEvent.objects.filter(action="vacancy.close_expired").count() == 1
    # The task and the command do the same and find nothing more to do.
    assert close_expired_vacancies.call() == 0
    call_command("close_expired_vacancies", verbosity=0)


def test_close_and_mark_filled(vacancy, world):
    vacancy_publish(vacancy=vacancy, by=world.recruiter)

    vacancy_close(vacancy=vacancy, by=world.recruiter)
    assert Vacancy.objects.get(pk=vacancy.pk).status == VacancyStatus.CLOSED
    vacancy_close(vacancy=vacancy, by=world.recruiter, filled=True)
    assert Vacancy.objects.get(pk=vacancy.pk).status == VacancyStatus.FILLED


def test_duplicate_copies_text_and_skills_as_a_draft_without_dates(vacancy, world):
    vacancy_publish(vacancy=vacancy, by=world.recruiter)

    copy = vacancy_duplicate(vacancy=vacancy, by=world.recruiter)

    assert copy.pk != vacancy.pk
    assert copy.status == VacancyStatus.DRAFT
    assert copy.title == f"Copy of {vacancy.title}"
    assert (copy.start_date, copy.closing_date) == (None, None)
    assert (copy.place, copy.hours_min, copy.work_type) == (
        vacancy.place,
        vacancy.hours_min,
        vacancy.work_type,
    )
    original = set(vacancy.skills.values_list("concept_id", "required", "min_level"))
    assert set(copy.skills.values_list("concept_id", "required", "min_level")) == original
    assert VacancySkill.objects.count() == 4


def test_hours_constraint_holds_in_the_database(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        VacancyFactory(organisation=world.employer, hours_min=30, hours_max=10)
