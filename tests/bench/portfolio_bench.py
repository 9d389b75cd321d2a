"""PDF CV render time (full and anonymised) and the portfolio page: p50/p95 and query count."""

from django.test import Client
from django.urls import reverse

from portal.accounts.models import User
from portal.organisations.models import OrganisationKind, OrganisationStatus, Role
from portal.organisations.services import membership_create, organisation_create
from portfolios.documents import cv_render
from portfolios.factories import make_portfolio
from portfolios.models import Audience, DocumentVersion
from tests.bench.timing import measure

SKILLS = {
    "Heftruck rijden": 3,
    "Orders verzamelen": 4,
    "Voorraad tellen": 3,
    "Schoonmaken": 2,
    "Kassa bedienen": 2,
    "Samenwerken": 3,
    "Op tijd komen": 4,
    "Klanten helpen": 1,
}
NARRATIVE = [
    ("experience", {"kind": "work", "title": "Orderpicker", "place": "Distributiecentrum Veendam",
                    "period": "2022 – 2024", "description": "Elke dag 150 orders verzameld, foutloos."}),
    ("experience", {"kind": "volunteering", "title": "Kantine", "place": "Voetbalclub Winschoten",
                    "period": "sinds 2021", "description": "Bardienst op zaterdag en voorraad bijhouden."}),
    ("education", {"name": "Heftruckcertificaat", "school": "TDC Oldambt", "year": "2024",
                   "certificate": True}),
]  # fmt: skip


def run(report: dict) -> None:
    centre = organisation_create(
        name="Bench Leerwerkcentrum",
        kind=OrganisationKind.TRAINING_CENTRE,
        status=OrganisationStatus.APPROVED,
        postcode="9671",
        city="Winschoten",
    )
    jobseeker = User.objects.create_user(
        email="bench.werkzoekende@example.nl", first_name="Sanne", last_name="de Boer"
    )
    coach = User.objects.create_user(email="bench.coach@example.nl", first_name="Anke")
    membership_create(user=jobseeker, organisation=centre, role=Role.JOBSEEKER)
    membership_create(user=coach, organisation=centre, role=Role.COACH)
    portfolio = make_portfolio(
        jobseeker=jobseeker,
        skills=SKILLS,
        audiences=(Audience.COACH_ORGANISATION,),
        about_me="Ik werk graag met mijn handen en ik ben altijd op tijd.",
        postcode="9671AB",
        hours_min=24,
        hours_max=32,
        max_travel_km=25,
        work_types=["paid_job", "work_experience"],
        narrative=NARRATIVE,
    )

    for version in (DocumentVersion.FULL, DocumentVersion.ANONYMISED):

        def render(version: str = version) -> None:
            assert cv_render(portfolio=portfolio, version=version, language="nl").startswith(
                b"%PDF"
            )

        figures = measure(render, repeat=20, warmup=2)
        report[f"pdf_{version}_p50_ms"] = figures["p50_ms"]
        report[f"pdf_{version}_p95_ms"] = figures["p95_ms"]

    client = Client(headers={"Accept-Language": "nl"})
    client.force_login(coach, backend="django.contrib.auth.backends.ModelBackend")
    path = reverse("portfolio_detail", args=[portfolio.public_id])

    def get() -> None:
        response = client.get(path)
        assert response.status_code == 200, response.status_code

    figures = measure(get, repeat=200)
    report["page_portfolio_p50_ms"] = figures["p50_ms"]
    report["page_portfolio_p95_ms"] = figures["p95_ms"]
    report["page_portfolio_queries"] = figures["queries"]
