"""Permission-matrix rows for the social-return URLs (registered in tests/test_permission_matrix.py).

The world's municipality (where other_coach works) is the contracting authority with an
obligation on the world's employer (the recruiter's). Coaches, admins and recruiters may
record obligations for their own organisation; training staff and jobseekers never.
"""

import uuid
from decimal import Decimal

from django.utils import timezone

from intermediaries.models import Placement, TargetGroup
from socialreturn.factories import make_obligation, make_placement, make_table
from socialreturn.impact_reports import impact_report_build, impact_report_request
from socialreturn.models import Contribution, Obligation
from socialreturn.obligation_reports import obligation_report_build, obligation_report_request
from socialreturn.placement_exports import placement_export_build, placement_export_request
from socialreturn.selectors import ImpactFilters
from socialreturn.services import contribution_report_activity
from socialreturn.valuation import ActivityKind
from tests.permission_matrix import (
    DONE,
    FORBIDDEN,
    NOT_FOUND,
    OK,
    centre,
    employer,
    only,
    pk_of,
    signed_in,
    view,
)


def obligation(world) -> Obligation:
    existing = Obligation.objects.filter(authority=world.municipality).first()
    if existing is not None:
        return existing
    make_table(authority=world.municipality)
    return make_obligation(
        authority=world.municipality, supplier=world.employer, by=world.other_coach
    )


def reported(world) -> Contribution:
    return contribution_report_activity(
        obligation=obligation(world),
        by=world.recruiter,
        activity_kind=ActivityKind.GUEST_LESSON,
        description="Gastles op het vmbo",
        date=timezone.localdate(),
        hours=Decimal("3"),
    )


def coach_report(world) -> str:
    """A rendered impact report that the training centre's coach asked for."""
    year = timezone.localdate().year
    report = impact_report_request(
        filters=ImpactFilters(year_from=year - 1, year_to=year), by=world.coach, language="nl"
    )
    impact_report_build(report_id=report.pk)
    return str(report.public_id)


def centre_with_placements(world) -> int:
    """The training centre, with a placement to export (the filters offer only such centres)."""
    if not Placement.objects.filter(proposal__organisation=world.training_centre).exists():
        make_placement(
            coach=world.coach,
            jobseeker=world.jobseeker,
            recruiter=world.recruiter,
            employer=world.employer,
            target_group=TargetGroup.WW,
        )
    return world.training_centre.pk


def coach_export(world) -> str:
    """A finished workbook of every placement that the training centre's coach asked for."""
    export = placement_export_request(
        filters=ImpactFilters(
            year_from=timezone.localdate().year - 1,
            year_to=timezone.localdate().year,
            organisation_id=world.training_centre.pk,
        ),
        by=world.coach,
    )
    placement_export_build(export_id=export.pk)
    return str(export.public_id)


def authority_obligation_report(world) -> str:
    """A finished progress PDF of the obligation that the municipality's coach asked for."""
    report = obligation_report_request(
        obligation_id=obligation(world).pk, by=world.other_coach, language="nl"
    )
    obligation_report_build(report_id=report.pk)
    return str(report.public_id)


def rows():
    recorders = {"coach": OK, "other_coach": OK, "recruiter": OK, "organisation_admin": OK}
    sides = {"other_coach": OK, "recruiter": OK, "network_admin": OK}
    supplier_only = only(recruiter=OK, other_coach=FORBIDDEN, network_admin=FORBIDDEN)
    readers = only(
        coach=OK, other_coach=OK, training_staff=OK, organisation_admin=OK, network_admin=OK
    )
    return [
        view("sroi_obligations", "list", only(**recorders, network_admin=OK)),
        view("sroi_obligation_create", "form", only(**recorders)),
        view(
            "sroi_obligation_detail",
            "the municipality's on the employer",
            only(**sides),
            pk_of(obligation),
        ),
        view("sroi_obligation_detail", "unknown", signed_in(NOT_FOUND), 999999),
        view("sroi_report_placement", "form", supplier_only, pk_of(obligation)),
        view("sroi_report_activity", "form", supplier_only, pk_of(obligation)),
        view(
            "sroi_report_activity",
            "report coaching hours",
            {**supplier_only, "recruiter": DONE},
            pk_of(obligation),
            method="post",
            data={
                "activity_kind": ActivityKind.COACHING,
                "description": "Jobcoaching",
                "date": timezone.localdate().isoformat(),
                "hours": "5",
            },
        ),
        view("sroi_report_outside_hire", "form", supplier_only, pk_of(obligation)),
        view(
            "sroi_confirmations",
            "the training centre's",
            only(coach=OK, organisation_admin=OK),
            centre,
        ),
        view(
            "sroi_confirmations",
            "an answer for a hire not named to them",
            signed_in(NOT_FOUND),
            centre,
            method="post",
            data={"row": "c9", "c9-contribution": "999999", "c9-confirmed": "yes"},
        ),
        view(
            "sroi_contribution_decide",
            "accept",
            only(other_coach=DONE, recruiter=FORBIDDEN, network_admin=FORBIDDEN),
            pk_of(reported),
            method="post",
            data={"decision": "accept"},
        ),
        view("sroi_impact", "dashboard", readers),
        view("sroi_impact_export", "target groups as CSV", readers, "doelgroepen", "csv"),
        view(
            "sroi_impact_export",
            "every placement, no organisation of one's own chosen",
            signed_in(NOT_FOUND),
            "plaatsingen",
            "xlsx",
        ),
        view(
            "sroi_impact_report_request",
            "the dashboard as a PDF",
            {**readers, **{role: DONE for role, outcome in readers.items() if outcome == OK}},
            query="?year_from=2025",
            method="post",
            data={"language": "nl"},
        ),
        view(
            "sroi_impact_report_status", "asked by the centre's coach", only(coach=OK), coach_report
        ),
        view(
            "sroi_impact_report_download",
            "asked by the centre's coach",
            only(coach=OK),
            coach_report,
        ),
        view("sroi_impact_report_download", "guessed id", signed_in(NOT_FOUND), uuid.uuid4()),
        view(
            "sroi_placement_export_request",
            "the training centre's placements",
            only(coach=DONE, training_staff=DONE, organisation_admin=DONE),
            query=lambda world: f"?organisation={centre_with_placements(world)}",
            method="post",
        ),
        view(
            "sroi_placement_export_status",
            "asked by the centre's coach",
            only(coach=OK),
            coach_export,
        ),
        view(
            "sroi_placement_export_download",
            "asked by the centre's coach",
            only(coach=OK),
            coach_export,
        ),
        view(
            "sroi_obligation_report_request",
            "the municipality's obligation on the employer",
            only(**dict.fromkeys(sides, DONE)),
            pk_of(obligation),
            method="post",
            data={"language": "nl"},
        ),
        view(
            "sroi_obligation_report_status",
            "asked by the municipality's coach",
            only(other_coach=OK),
            authority_obligation_report,
        ),
        view(
            "sroi_obligation_report_download",
            "asked by the municipality's coach",
            only(other_coach=OK),
            authority_obligation_report,
        ),
        view("sroi_obligation_report_download", "guessed id", signed_in(NOT_FOUND), uuid.uuid4()),
        view(
            "sroi_follow_ups",
            "the training centre's",
            only(coach=OK, organisation_admin=OK),
            centre,
        ),
        view(
            "sroi_follow_ups",
            "an answer for a placement that is not theirs",
            signed_in(NOT_FOUND),
            centre,
            method="post",
            data={"row": "p99", "p99-placement": "999999", "p99-after_6": "yes"},
        ),
        view(
            "sroi_employer_impact",
            "the world's employer",
            only(recruiter=OK, network_admin=OK),
            employer,
        ),
    ]
