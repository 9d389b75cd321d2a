"""Recruiters share their employer's vacancies and never reach another employer's; others edit nothing."""

import pytest
from django.urls import reverse

from vacancies.factories import VacancyFactory
from vacancies.models import Vacancy, VacancyStatus
from vacancies.permissions import CHANGE, PUBLISH, VIEW, vacancy_permission_policy

policy = vacancy_permission_policy


def _edit_urls(vacancy: Vacancy) -> list[tuple[str, str]]:
    return [
        ("get", reverse("vacancy_manage", args=[vacancy.pk])),
        ("get", reverse("vacancy_edit", args=[vacancy.pk, "basis"])),
        ("get", reverse("vacancy_edit", args=[vacancy.pk, "vaardigheden"])),
        ("post", reverse("vacancy_edit", args=[vacancy.pk, "basis"])),
        ("post", reverse("vacancy_publish", args=[vacancy.pk])),
        ("post", reverse("vacancy_close", args=[vacancy.pk])),
        ("post", reverse("vacancy_duplicate", args=[vacancy.pk])),
    ]


def test_recruiters_of_one_employer_share_its_vacancies(world, vacancy, login):
    from portal.organisations.models import Role
    from portal.organisations.services import membership_create
    from tests.conftest import make_user

    colleague = make_user("collega@example.nl", "Kees")
    membership_create(user=colleague, organisation=world.employer, role=Role.RECRUITER)

    response = login(colleague).get(reverse("employer_vacancies", args=[world.employer.slug]))

    assert response.status_code == 200
    assert vacancy.title in response.content.decode()
    assert policy.actions_for_instance(colleague, vacancy) == {VIEW, CHANGE, PUBLISH}


def test_recruiter_of_employer_a_cannot_see_edit_or_close_a_vacancy_of_employer_b(
    world, other_employer, taxonomy, login
):
    theirs = VacancyFactory(
        organisation=other_employer.organisation, open=True, skills=[taxonomy.cleaning]
    )
    client = login(world.recruiter)

    for method, url in _edit_urls(theirs):
        response = getattr(client, method)(url)
        assert response.status_code == 404, f"{method.upper()} {url}: {response.status_code}"
    list_page = client.get(reverse("employer_vacancies", args=[other_employer.organisation.slug]))
    assert list_page.status_code == 404
    assert Vacancy.objects.get(pk=theirs.pk).status == VacancyStatus.OPEN
    assert Vacancy.objects.count() == 1  # nothing duplicated
    assert not policy.user_has_permission_for_instance(world.recruiter, VIEW, theirs)


def test_own_list_never_shows_another_employers_vacancies(world, vacancy, other_employer, login):
    VacancyFactory(organisation=other_employer.organisation, title="Schoonmaker Haarlem")

    response = login(world.recruiter).get(reverse("employer_vacancies", args=[world.employer.slug]))

    assert [v.pk for v in response.context["page"].object_list] == [vacancy.pk]
    assert "Schoonmaker Haarlem" not in response.content.decode()


@pytest.mark.parametrize(
    "role", ["jobseeker", "other_jobseeker", "coach", "training_staff", "organisation_admin"]
)
def test_people_outside_the_employer_cannot_edit_anything(world, vacancy, login, role):
    client = login(world.user(role))

    for method, url in _edit_urls(vacancy):
        assert getattr(client, method)(url).status_code == 404, f"{role} {method} {url}"
    create = reverse("vacancy_create", args=[world.employer.slug])
    assert client.post(create, {"title": "x", "work_type": "paid_job"}).status_code == 404
    assert Vacancy.objects.count() == 1
    assert policy.actions_for_instance(world.user(role), vacancy) == set()


def test_pending_employer_cannot_publish_through_the_view(pending_employer, taxonomy, login):
    vacancy = VacancyFactory(organisation=pending_employer.organisation, skills=[taxonomy.forklift])
    client = login(pending_employer.recruiter)

    manage = client.get(reverse("vacancy_manage", args=[vacancy.pk]))
    response = client.post(reverse("vacancy_publish", args=[vacancy.pk]), follow=True)

    assert manage.status_code == 200
    assert not manage.context["can_publish"]
    assert "not approved yet" in manage.content.decode()
    assert "not approved yet" in response.content.decode()
    assert Vacancy.objects.get(pk=vacancy.pk).status == VacancyStatus.DRAFT
    assert PUBLISH not in policy.actions_for_instance(pending_employer.recruiter, vacancy)


def test_network_admin_cannot_publish_for_a_pending_employer(world, pending_employer, taxonomy):
    vacancy = VacancyFactory(organisation=pending_employer.organisation, skills=[taxonomy.forklift])

    assert not policy.user_has_permission_for_instance(world.network_admin, PUBLISH, vacancy)
    assert policy.user_has_permission_for_instance(world.network_admin, CHANGE, vacancy)


def test_intermediaries_see_open_vacancies_jobseekers_only_those_shown_to_them(
    world, taxonomy, other_employer, pending_employer, login
):
    for_coaches = VacancyFactory(
        organisation=world.employer, open=True, title="Alleen coaches", skills=[taxonomy.forklift]
    )
    for_all = VacancyFactory(
        organisation=other_employer.organisation,
        open=True,
        show_to_jobseekers=True,
        title="Voor iedereen",
        skills=[taxonomy.cleaning],
    )
    VacancyFactory(organisation=world.employer, title="Concept", show_to_jobseekers=True)
    VacancyFactory(
        organisation=pending_employer.organisation,
        status=VacancyStatus.OPEN,
        show_to_jobseekers=True,
        title="Van wachtende werkgever",
    )
    url = reverse("vacancy_list")

    def titles(role):
        return {v.title for v in login(world.user(role)).get(url).context["page"].object_list}

    for role in ("coach", "other_coach", "training_staff", "organisation_admin", "network_admin"):
        assert titles(role) == {"Alleen coaches", "Voor iedereen"}, role
    for role in ("jobseeker", "other_jobseeker", "recruiter"):
        assert titles(role) == {"Voor iedereen"}, role
    client = login(world.jobseeker)
    assert client.get(reverse("vacancy_detail", args=[for_coaches.pk])).status_code == 404
    assert client.get(reverse("vacancy_detail", args=[for_all.pk])).status_code == 200


def test_vacancy_list_filters_on_work_type_place_and_hours(world, taxonomy, other_employer, login):
    VacancyFactory(
        organisation=world.employer,
        open=True,
        title="Groningen betaald",
        skills=[taxonomy.forklift],
    )
    VacancyFactory(
        organisation=other_employer.organisation,
        open=True,
        title="Haarlem stage",
        work_type="internship",
        hours_min=8,
        hours_max=12,
        skills=[taxonomy.cleaning],
    )
    client = login(world.coach)
    url = reverse("vacancy_list")

    def titles(query):
        return {v.title for v in client.get(url, query).context["page"].object_list}

    assert titles({"soort": "internship"}) == {"Haarlem stage"}
    assert titles({"plaats": "Groningen"}) == {"Groningen betaald"}
    assert titles({"uren": "10"}) == {"Haarlem stage"}
    assert titles({"uren": "onzin", "soort": "onzin"}) == {"Groningen betaald", "Haarlem stage"}
    places = client.get(url).context["places"]
    assert places == ["Groningen", "Haarlem"]


def test_closed_by_date_is_not_listed_even_before_the_job_ran(world, taxonomy, login):
    from datetime import timedelta

    from django.utils import timezone

    vacancy = VacancyFactory(organisation=world.employer, open=True, skills=[taxonomy.forklift])
    Vacancy.objects.filter(pk=vacancy.pk).update(
        start_date=None, closing_date=timezone.localdate() - timedelta(days=1)
    )
    client = login(world.coach)

    assert not client.get(reverse("vacancy_list")).context["page"].object_list
    assert client.get(reverse("vacancy_detail", args=[vacancy.pk])).status_code == 404
    own = login(world.recruiter).get(reverse("employer_vacancies", args=[world.employer.slug]))
    assert own.context["page"].object_list[0].state == VacancyStatus.CLOSED
