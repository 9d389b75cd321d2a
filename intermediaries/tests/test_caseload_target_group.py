"""The target group an organisation records on its caseload: set on assigning, kept on hand-over."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from intermediaries.models import CaseloadAssignment, TargetGroup
from intermediaries.services import caseload_assign, caseload_hand_over
from portal.audit.models import AuditEvent
from portal.organisations.factories import MembershipFactory
from portal.organisations.models import Role

CASELOAD = "leerwerkcentrum-oldambt"


@pytest.fixture
def bram(world):
    return MembershipFactory(
        organisation=world.training_centre, role=Role.JOBSEEKER, user__first_name="Bram"
    ).user


def _post(login, user, action, jobseeker, data):
    url = reverse(action, args=[CASELOAD, jobseeker.pk])
    return login(user).post(url, data, follow=True)


def _current(jobseeker) -> CaseloadAssignment:
    return CaseloadAssignment.objects.get(jobseeker=jobseeker, ended_at__isnull=True)


def test_coach_records_the_target_group_when_assigning(world, login, bram):
    response = _post(
        login,
        world.coach,
        "caseload_assign",
        bram,
        {"coach": world.coach.pk, "target_group": TargetGroup.WAJONG},
    )

    assert response.status_code == 200
    assert _current(bram).target_group == TargetGroup.WAJONG
    event = AuditEvent.objects.get(action="caseload.assign", subject=bram)
    assert event.details["target_group"] == TargetGroup.WAJONG
    page = response.content.decode()
    assert 'name="target_group"' in page
    assert '<option value="wajong" selected>' in page


def test_hand_over_carries_the_target_group_along_unless_changed(world, login, bram):
    caseload_assign(
        jobseeker=bram,
        coach=world.coach,
        organisation=world.training_centre,
        by=world.coach,
        target_group=TargetGroup.WW,
    )

    _post(login, world.coach, "caseload_hand_over", bram, {"coach": world.organisation_admin.pk})
    assert _current(bram).coach == world.organisation_admin
    assert _current(bram).target_group == TargetGroup.WW

    _post(
        login,
        world.coach,
        "caseload_hand_over",
        bram,
        {"coach": world.coach.pk, "target_group": TargetGroup.NEWCOMER},
    )
    assert _current(bram).target_group == TargetGroup.NEWCOMER


def test_a_target_group_outside_the_list_is_refused_with_a_message(world, login, bram):
    response = _post(
        login, world.coach, "caseload_assign", bram, {"coach": world.coach.pk, "target_group": "x"}
    )

    assert "Choose a target group from the list." in response.content.decode()
    assert not CaseloadAssignment.objects.filter(jobseeker=bram).exists()
    with pytest.raises(ValidationError):
        caseload_hand_over(
            jobseeker=world.jobseeker,
            to_coach=world.coach,
            organisation=world.training_centre,
            by=world.coach,
            target_group="x",
        )


def test_the_caseload_shows_the_target_group_to_the_organisations_staff(world, login, bram):
    caseload_assign(
        jobseeker=bram,
        coach=world.coach,
        organisation=world.training_centre,
        by=world.coach,
        target_group=TargetGroup.WAJONG,
    )

    page = login(world.training_staff).get(reverse("caseload", args=[CASELOAD])).content.decode()

    assert "Target group" in page and "Wajong" in page


@pytest.mark.parametrize("role", ["other_coach", "recruiter", "jobseeker"])
def test_nobody_outside_the_organisation_reads_or_sets_the_target_group(world, login, bram, role):
    caseload_assign(
        jobseeker=bram,
        coach=world.coach,
        organisation=world.training_centre,
        by=world.coach,
        target_group=TargetGroup.WAJONG,
    )
    user = world.user(role)

    assert login(user).get(reverse("caseload", args=[CASELOAD])).status_code == 404
    response = login(user).post(
        reverse("caseload_hand_over", args=[CASELOAD, bram.pk]),
        {"coach": world.coach.pk, "target_group": TargetGroup.NEWCOMER},
    )
    assert response.status_code == 404
    assert _current(bram).target_group == TargetGroup.WAJONG
