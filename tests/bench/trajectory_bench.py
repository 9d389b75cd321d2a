"""The cohort page at the 10k demo size (p50/p95, queries) and the progress report PDF time.

Runs after `demo_data --size 10k`, which gives the jobseekers of the training centres
trajectories over 18 months; the cohort page is the one of the busiest centre, over
its whole default period (the last 18 months).
"""

from django.db.models import Count
from django.test import Client
from django.urls import reverse

from portal.organisations.models import Membership, Organisation, OrganisationKind
from portal.organisations.roles import INTERMEDIARY_STAFF_ROLES
from tests.bench.timing import measure
from training.models import Trajectory
from training.progress_reports import report_render


def run(report: dict) -> None:
    centre = (
        Organisation.objects.filter(kind=OrganisationKind.TRAINING_CENTRE)
        .annotate(size=Count("trajectories"))
        .order_by("-size", "pk")
        .first()
    )
    if centre is None or not centre.size:
        raise RuntimeError(
            "The cohort bench needs `demo_data --size 10k` (with trajectories) first"
        )
    staff = (
        Membership.objects.active()
        .filter(organisation=centre, role__in=INTERMEDIARY_STAFF_ROLES)
        .select_related("user")
        .first()
        .user
    )
    report["cohorts_trajectories_at_centre"] = Trajectory.objects.filter(
        organisation=centre
    ).count()
    report["cohorts_trajectories_total"] = Trajectory.objects.count()

    client = Client(headers={"Accept-Language": "nl"})
    client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
    path = reverse("cohorts", args=[centre.slug])

    def get() -> None:
        response = client.get(path)
        assert response.status_code == 200, response.status_code

    figures = measure(get, repeat=50)
    report["page_cohorts_p50_ms"] = figures["p50_ms"]
    report["page_cohorts_p95_ms"] = figures["p95_ms"]
    report["page_cohorts_queries"] = figures["queries"]

    # The person with the most goals at the centre: the longest report.
    person = (
        Trajectory.objects.filter(organisation=centre)
        .annotate(goal_count=Count("goals"))
        .order_by("-goal_count", "pk")
        .select_related("jobseeker")
        .first()
        .jobseeker
    )

    def render() -> None:
        pdf = report_render(jobseeker=person, organisation=centre, viewer=staff, language="nl")
        assert pdf.startswith(b"%PDF")

    figures = measure(render, repeat=10, warmup=1)
    report["pdf_progress_report_p50_ms"] = figures["p50_ms"]
    report["pdf_progress_report_p95_ms"] = figures["p95_ms"]
