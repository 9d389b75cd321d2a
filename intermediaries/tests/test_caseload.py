"""Assigning a jobseeker to a coach and handing them over, recorded, within one organisation."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from intermediaries.models import CaseloadAssignment
from intermediaries.services import caseload_assign, caseload_hand_over
from portal.audit.models import AuditEvent
from portal.organisations.factories import MembershipFactory
from portal.organisations.models import Role


@pytest.fixture
def colleague(world):
    return MembershipFactory(organisation=world.training_centre, role=Role.COACH).user


def test_coach_assigns_a_jobseeker_of_their_organisation(world):
    assignment = caseload_assign(
        jobseeker=world.jobseeker,
        coach=world.coach,
        organisation=world.training_centre,
        by=world.coach,
    )
    assert (assignment.coach, assignment.assigned_by, assignment.ended_at) == (
        world.coach,
        world.coach,
        None,
    )
    assert AuditEvent.objects.filter(
        action="caseload.assign", actor=world.coach, subject=world.jobseeker
    ).exists()


def test_second_assignment_is_refused_hand_over_instead(world, colleague):
    caseload_assign(
        jobseeker=world.jobseeker,
        coach=world.coach,
        organisation=world.training_centre,
        by=world.coach,
    )
    with pytest.raises(ValidationError, match="Hand them over instead"):
        caseload_assign(
            jobseeker=world.jobseeker,
            coach=colleague,
            organisation=world.training_centre,
            by=world.organisation_admin,
        )


def test_hand_over_ends_the_old_assignment_and_starts_a_new_one(world, colleague):
    first = caseload_assign(
        jobseeker=world.jobseeker,
        coach=world.coach,
        organisation=world.training_centre,
        by=world.coach,
    )
    second = caseload_hand_over(
        jobseeker=world.jobseeker,
        to_coach=colleague,
        organisation=world.training_centre,
        by=world.coach,
    )
    first.refresh_from_db()
    assert first.ended_at == second.started_at
    assert (second.coach, second.ended_at) == (colleague, None)
    assert list(
        CaseloadAssignment.objects.filter(jobseeker=world.jobseeker).values_list("coach", flat=True)
    ) == [colleague.pk, world.coach.pk]
    event = AuditEvent.objects.get(action="caseload.hand_over")
    assert event.details["from_coach_id"] == world.coach.pk
    assert event.details["to_coach_id"] == colleague.pk


def test_hand_over_needs_a_current_coach_and_another_coach(world):
    with pytest.raises(ValidationError, match="no coach here yet"):
        caseload_hand_over(
            jobseeker=world.jobseeker,
            to_coach=world.coach,
            organisation=world.training_centre,
            by=world.coach,
        )
    caseload_assign(
        jobseeker=world.jobseeker,
        coach=world.coach,
        organisation=world.training_centre,
        by=world.coach,
    )
    with pytest.raises(ValidationError, match="already with this coach"):
        caseload_hand_over(
            jobseeker=world.jobseeker,
            to_coach=world.coach,
            organisation=world.training_centre,
            by=world.coach,
        )


@pytest.mark.parametrize(
    "role", ["other_coach", "training_staff", "jobseeker", "recruiter", "network_admin"]
)
def test_only_coaches_of_the_organisation_change_its_caseload(world, role):
    with pytest.raises(PermissionDenied):
        caseload_assign(
            jobseeker=world.jobseeker,
            coach=world.coach,
            organisation=world.training_centre,
            by=world.user(role),
        )
    assert not CaseloadAssignment.objects.exists()


def test_coach_of_another_organisation_cannot_take_the_jobseeker(world):
    with pytest.raises(ValidationError, match="Choose a coach of this organisation"):
        caseload_assign(
            jobseeker=world.jobseeker,
            coach=world.other_coach,
            organisation=world.training_centre,
            by=world.coach,
        )


def test_jobseeker_of_another_organisation_cannot_be_assigned(world):
    with pytest.raises(ValidationError, match="not a jobseeker of this organisation"):
        caseload_assign(
            jobseeker=world.other_jobseeker,
            coach=world.coach,
            organisation=world.training_centre,
            by=world.coach,
        )
