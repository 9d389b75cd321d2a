"""The vacancy wizard without JavaScript: every step posts, errors keep what was typed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from vacancies.models import Vacancy, VacancyStatus


def _step(vacancy, name):
    return reverse("vacancy_edit", args=[vacancy.pk, name])


def test_recruiter_posts_a_vacancy_step_by_step(world, taxonomy, login):
    client = login(world.recruiter)
    today = timezone.localdate()

    response = client.post(
        reverse("vacancy_create", args=[world.employer.slug]),
        {
            "title": "Orderpicker",
            "occupation": taxonomy.occupation.pk,
            "work_type": "paid_job",
            "description": "Je verzamelt bestellingen.",
        },
    )
    vacancy = Vacancy.objects.get()
    assert response["Location"] == _step(vacancy, "plaats-en-tijd")
    assert vacancy.status == VacancyStatus.DRAFT

    response = client.post(
        _step(vacancy, "plaats-en-tijd"),
        {
            "postcode": "9743 AB",
            "hours_min": "16",
            "hours_max": "24",
            "start_date": (today + timedelta(days=7)).isoformat(),
            "closing_date": (today + timedelta(days=30)).isoformat(),
            "places": "2",
        },
    )
    assert response["Location"] == _step(vacancy, "vaardigheden")

    # Suggestions come from the occupation; a search finds a skill by an everyday word.
    page = client.get(_step(vacancy, "vaardigheden"))
    assert [c.pk for c in page.context["suggestions"]] == [
        taxonomy.order_picking.pk,
        taxonomy.forklift.pk,
        taxonomy.dutch.pk,
    ]
    found = client.post(
        _step(vacancy, "vaardigheden"), {"q": "poetsen", "search": "1"}, follow=True
    )
    assert [r.id for r in found.context["results"]] == [taxonomy.cleaning.pk]

    client.post(_step(vacancy, "vaardigheden"), {"q": "", "add_required": taxonomy.forklift.pk})
    client.post(
        _step(vacancy, "vaardigheden"),
        {f"level-{taxonomy.forklift.pk}": "3", "add_nice": taxonomy.dutch.pk},
    )
    response = client.post(
        _step(vacancy, "vaardigheden"),
        {
            f"kind-{taxonomy.forklift.pk}": "required",
            f"level-{taxonomy.forklift.pk}": "3",
            f"kind-{taxonomy.dutch.pk}": "nice",
            f"level-{taxonomy.dutch.pk}": "1",
            "next": "1",
        },
    )
    assert response["Location"] == _step(vacancy, "extra")
    skills = set(vacancy.skills.values_list("concept_id", "required", "min_level"))
    assert skills == {(taxonomy.forklift.pk, True, 3), (taxonomy.dutch.pk, False, 1)}

    response = client.post(
        _step(vacancy, "extra"),
        {
            "support": ["support_job_coach", "support_buddy"],
            "banenafspraak": "on",
            "counts_for_sroi": "on",
            "sroi_contract": "Gemeente Groningen 2025-114",
            "show_to_jobseekers": "on",
        },
    )
    assert response["Location"] == reverse("vacancy_manage", args=[vacancy.pk])

    manage = client.get(response["Location"])
    assert manage.context["can_publish"], manage.context["problems"]
    client.post(reverse("vacancy_publish", args=[vacancy.pk]))
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.OPEN
    assert (vacancy.place, vacancy.places, vacancy.support_job_coach, vacancy.support_buddy) == (
        "Groningen",
        2,
        True,
        True,
    )
    assert vacancy.banenafspraak and vacancy.counts_for_sroi and vacancy.show_to_jobseekers

    client.post(reverse("vacancy_close", args=[vacancy.pk]))
    assert Vacancy.objects.get(pk=vacancy.pk).status == VacancyStatus.CLOSED


def test_bad_dates_hours_and_postcode_get_messages_and_keep_the_input(vacancy, login, world):
    client = login(world.recruiter)
    today = timezone.localdate()
    data = {
        "postcode": "8888 ZZ",
        "hours_min": "30",
        "hours_max": "20",
        "start_date": (today - timedelta(days=3)).isoformat(),
        "closing_date": (today - timedelta(days=5)).isoformat(),
        "places": "1",
    }

    response = client.post(_step(vacancy, "plaats-en-tijd"), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    # Every problem at once: min above max, unknown postcode, dates in the past.
    assert set(errors) >= {"hours_max", "postcode", "start_date", "closing_date"}
    page = response.content.decode()
    assert 'value="8888 ZZ"' in page
    assert f'value="{data["start_date"]}"' in page

    data["hours_min"] = "20"
    response = client.post(_step(vacancy, "plaats-en-tijd"), data)
    errors = response.context["form"].errors
    assert "Postcode 8888 does not exist" in errors["postcode"][0]
    assert "in the past" in errors["start_date"][0]
    assert set(errors) >= {"postcode", "start_date", "closing_date"}
    assert 'value="8888 ZZ"' in response.content.decode()

    data.update(postcode="9743", start_date=(today + timedelta(days=9)).isoformat())
    data["closing_date"] = (today + timedelta(days=4)).isoformat()
    response = client.post(_step(vacancy, "plaats-en-tijd"), data)
    assert "before the start date" in response.context["form"].errors["closing_date"][0]
    vacancy.refresh_from_db()
    assert vacancy.postcode != "9743"  # nothing half-saved


def test_skills_step_refuses_to_continue_without_skills(world, taxonomy, login):
    from vacancies.factories import VacancyFactory

    vacancy = VacancyFactory(organisation=world.employer, occupation=taxonomy.occupation)
    client = login(world.recruiter)

    response = client.post(_step(vacancy, "vaardigheden"), {"q": "heftruck", "next": "1"})

    assert response.status_code == 200
    assert "Add at least one skill" in response.context["problem"]
    assert response.context["query"] == "heftruck"
    assert 'value="heftruck"' in response.content.decode()


def test_open_vacancy_keeps_at_least_one_skill(vacancy, world, taxonomy, login):
    from vacancies.services import vacancy_publish

    vacancy_publish(vacancy=vacancy, by=world.recruiter)
    client = login(world.recruiter)
    client.post(_step(vacancy, "vaardigheden"), {"remove": taxonomy.dutch.pk})

    response = client.post(_step(vacancy, "vaardigheden"), {"remove": taxonomy.order_picking.pk})

    assert "Add at least one skill" in response.context["problem"]
    assert list(vacancy.skills.values_list("concept_id", flat=True)) == [taxonomy.order_picking.pk]


def test_duplicate_opens_the_copy_in_the_wizard(vacancy, world, login):
    response = login(world.recruiter).post(reverse("vacancy_duplicate", args=[vacancy.pk]))

    copy = Vacancy.objects.exclude(pk=vacancy.pk).get()
    assert response["Location"] == _step(copy, "basis")
    assert copy.skills.count() == 2


def test_wizard_pages_render_for_every_step(vacancy, world, login):
    client = login(world.recruiter)
    for step in ("basis", "plaats-en-tijd", "vaardigheden", "extra"):
        response = client.get(_step(vacancy, step))
        assert response.status_code == 200, step
        assert 'aria-current="step"' in response.content.decode()
    assert client.get(_step(vacancy, "onbekend")).status_code == 404


def test_skill_buttons_with_broken_numbers_add_nothing_and_never_answer_500(
    vacancy, world, taxonomy, login
):
    client = login(world.recruiter)
    before = sorted(vacancy.skills.values_list("concept_id", flat=True))

    for value in ("²", "9" * 30, "-1", "١٢"):
        response = client.post(
            _step(vacancy, "vaardigheden"),
            {"add_required": value, f"level-{taxonomy.order_picking.pk}": value},
        )
        assert response.status_code in (200, 302), value

    assert sorted(vacancy.skills.values_list("concept_id", flat=True)) == before


def test_a_date_years_ahead_gets_a_message_and_keeps_the_input(vacancy, login, world):
    far = (timezone.localdate() + timedelta(days=3 * 366)).isoformat()

    response = login(world.recruiter).post(
        _step(vacancy, "plaats-en-tijd"),
        {
            "postcode": "9743",
            "hours_min": "16",
            "hours_max": "24",
            "start_date": far,
            "places": "1",
        },
    )

    assert response.status_code == 200
    assert "Choose a date from" in response.context["form"].errors["start_date"][0]
    assert f'value="{far}"' in response.content.decode()
    vacancy.refresh_from_db()
    assert vacancy.start_date is None or vacancy.start_date.isoformat() != far


def test_a_nul_byte_in_the_place_filter_of_the_vacancy_list_is_ignored(world, login):
    response = login(world.coach).get(reverse("vacancy_list") + "?plaats=Veen%00dam&uren=%C2%B2")

    assert response.status_code == 200


def test_the_employer_states_a_required_driving_licence(vacancy, login, world):
    response = login(world.recruiter).post(
        _step(vacancy, "plaats-en-tijd"),
        {
            "postcode": "9743",
            "hours_min": "16",
            "hours_max": "24",
            "places": "1",
            "driving_licences": ["D", "B"],
        },
    )

    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert sorted(vacancy.driving_licences) == ["B", "D"]


def test_an_unknown_driving_licence_gets_a_message(vacancy, login, world):
    response = login(world.recruiter).post(
        _step(vacancy, "plaats-en-tijd"),
        {
            "postcode": "9743",
            "hours_min": "16",
            "hours_max": "24",
            "places": "1",
            "driving_licences": ["Z"],
        },
    )

    assert response.status_code == 200
    assert "driving_licences" in response.context["form"].errors


def test_the_employer_states_required_certificates_and_dutch_level(vacancy, login, world):
    response = login(world.recruiter).post(
        _step(vacancy, "plaats-en-tijd"),
        {
            "postcode": "9743",
            "hours_min": "16",
            "hours_max": "24",
            "places": "1",
            "certificates": ["vca_basic", "bhv"],
            "dutch_level": "A2",
        },
    )

    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert sorted(vacancy.certificates) == ["bhv", "vca_basic"]
    assert vacancy.dutch_level == "A2"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("certificates", ["vca_basic", "rijbewijs"], "Choose certificates from the list."),
        ("dutch_level", "B3", "Choose a level of Dutch from the list."),
        ("dutch_level", "B1\x00", "Choose a level of Dutch from the list."),
    ],
)
def test_an_unknown_certificate_or_dutch_level_gets_a_message(
    vacancy, login, world, field, value, message
):
    response = login(world.recruiter).post(
        _step(vacancy, "plaats-en-tijd"),
        {"postcode": "9743", "hours_min": "16", "hours_max": "24", "places": "1", field: value},
    )

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert 'value="9743"' in response.content.decode()
    vacancy.refresh_from_db()
    assert vacancy.certificates == [] and vacancy.dutch_level == ""
