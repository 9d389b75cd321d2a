"""The issue's journey, without a browser: an admin makes a key, a script posts a vacancy
with it, and coaches find the vacancy on their screens."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.organisations.models import Role
from portal.organisations.services import membership_create
from tests.conftest import make_user


def test_admin_key_script_posts_a_vacancy_that_coaches_then_find(world, taxonomy, login):
    admin = make_user("beheer@groenenzo.nl", "Wim")
    membership_create(user=admin, organisation=world.employer, role=Role.ORGANISATION_ADMIN)
    made = login(admin).post(
        reverse("api_key_create", args=[world.employer.slug]),
        {
            "name": "Sollicitatiesysteem",
            "role": Role.RECRUITER,
            "scopes": ["vacancies:read", "vacancies:write"],
            "expires_on": (timezone.localdate() + timedelta(days=60)).isoformat(),
        },
    )
    key = made.context["new"].plaintext

    script = Client(headers={"Authorization": f"Bearer {key}"})
    today = timezone.localdate()
    created = script.post(
        "/api/v1/vacancies",
        {
            "title": "Hovenier in Winschoten",
            "work_type": "paid_job",
            "hours_min": 24,
            "hours_max": 36,
            "postcode": "9671",
            "closing_date": str(today + timedelta(days=30)),
            "skills": [{"uri": taxonomy.forklift.uri, "min_level": 2}],
        },
        content_type="application/json",
        headers={"Idempotency-Key": "ats-vacature-1"},
    )
    published = script.post(f"/api/v1/vacancies/{created.json()['id']}/publish")

    assert published.json()["status"] == "open"
    listing = login(world.coach).get(reverse("vacancy_list")).content.decode()
    assert "Hovenier in Winschoten" in listing
