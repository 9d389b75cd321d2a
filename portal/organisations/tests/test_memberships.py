import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.organisations.models import Membership, Role
from portal.organisations.permissions import organisation_permission_policy as policy
from portal.organisations.selectors import organisations_user_can_manage
from portal.organisations.services import membership_change_role, membership_end


def test_organisation_admin_manages_only_their_own_organisation(world):
    assert list(organisations_user_can_manage(user=world.organisation_admin)) == [
        world.training_centre
    ]
    assert not policy.user_has_permission_for_instance(
        world.organisation_admin, "manage_members", world.municipality
    )


def test_coach_cannot_manage_members(world):
    assert not policy.user_has_permission_for_instance(
        world.coach, "manage_members", world.training_centre
    )
    assert policy.user_has_permission_for_instance(
        world.coach, "invite_jobseekers", world.training_centre
    )


def test_jobseeker_holds_no_organisation_permission(world):
    assert policy.actions_for_instance(world.jobseeker, world.training_centre) == set()


def test_changing_a_role_changes_the_permissions_at_once(world):
    membership = Membership.objects.get(user=world.coach)
    membership_change_role(
        membership=membership, role=Role.ORGANISATION_ADMIN, by=world.organisation_admin
    )
    assert policy.user_has_permission_for_instance(
        world.coach, "manage_members", world.training_centre
    )
    membership_change_role(membership=membership, role=Role.JOBSEEKER, by=world.organisation_admin)
    assert policy.actions_for_instance(world.coach, world.training_centre) == set()


def test_ended_membership_loses_every_permission(world):
    membership = Membership.objects.get(user=world.coach)
    membership_end(membership=membership, by=world.organisation_admin)
    assert policy.actions_for_instance(world.coach, world.training_centre) == set()
    assert AuditEvent.objects.filter(action="membership.end", subject=world.coach).exists()


def test_last_organisation_admin_cannot_be_removed(world):
    membership = Membership.objects.get(user=world.organisation_admin)
    with pytest.raises(ValidationError, match="at least one organisation admin"):
        membership_end(membership=membership, by=world.organisation_admin)
    assert Membership.objects.get(pk=membership.pk).is_active


def test_network_admin_may_do_everything(world):
    assert policy.user_has_permission_for_instance(
        world.network_admin, "manage_members", world.municipality
    )


def test_inactive_user_holds_no_permission(world):
    world.organisation_admin.is_active = False
    world.organisation_admin.save()
    assert not policy.user_has_permission_for_instance(
        world.organisation_admin, "manage_members", world.training_centre
    )


def test_organisation_admin_changes_a_role_on_the_member_page(world, login):
    client = login(world.organisation_admin)
    membership = Membership.objects.get(user=world.training_staff)
    url = reverse("membership_edit", args=[world.training_centre.slug, membership.pk])
    response = client.post(url, {"role": "coach"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.COACH


def test_coach_cannot_change_roles(world, login):
    client = login(world.coach)
    membership = Membership.objects.get(user=world.training_staff)
    url = reverse("membership_edit", args=[world.training_centre.slug, membership.pk])
    assert client.post(url, {"role": "organisation_admin"}).status_code == 404
    membership.refresh_from_db()
    assert membership.role == Role.TRAINING_STAFF


def test_admin_of_one_organisation_cannot_touch_members_of_another(world, login):
    client = login(world.organisation_admin)
    membership = Membership.objects.get(user=world.other_coach)
    # Neither through the other organisation's URL nor by smuggling the pk into their own.
    for slug in (world.municipality.slug, world.training_centre.slug):
        url = reverse("membership_edit", args=[slug, membership.pk])
        assert client.post(url, {"end": "1"}).status_code == 404
    assert Membership.objects.get(pk=membership.pk).is_active


def test_coach_sees_the_jobseekers_of_their_organisation_only(world, login):
    client = login(world.coach)
    response = client.get(
        reverse("organisation_detail", args=[world.training_centre.slug]), {"rol": "jobseeker"}
    )
    html = response.content.decode()
    assert world.jobseeker.email in html
    assert world.other_jobseeker.email not in html
    assert world.coach.email not in html  # filtered on the jobseeker role
