from datetime import timedelta

import pytest
from django.core import mail, serializers
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskContext
from django_tasks_db.models import DBTaskResult

from portal.accounts.factories import (
    hash_invitation_token,
    invitation_token_from_outbox,
    invite_with_link,
)
from portal.accounts.models import Invitation, User
from portal.organisations.models import Membership, Role
from portal.organisations.permissions import organisation_permission_policy
from portal.organisations.services import invitation_accept, invitation_create
from portal.organisations.tasks import send_invitation_email


def invite(world, email="nieuw@example.nl", role=Role.JOBSEEKER, by=None):
    return invite_with_link(
        organisation=world.training_centre,
        email=email,
        role=role,
        invited_by=by or world.coach,
        first_name="Noor",
    )


def test_invitation_stores_only_a_hash_of_the_token(world):
    invitation, token = invite(world)
    invitation.refresh_from_db()
    assert invitation.token_hash == hash_invitation_token(token) != token
    assert not Invitation.objects.filter(token_hash=token).exists()


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_no_invitation_token_is_stored_in_the_task_table(
    world, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(
            organisation=world.training_centre,
            email="nieuw@example.nl",
            role=Role.JOBSEEKER,
            invited_by=world.coach,
        )
    queued = DBTaskResult.objects.get()
    # The site address (not secret) is queued for the links; the token is not.
    assert queued.args_kwargs["kwargs"] == {
        "invitation_id": invitation.pk,
        "language": "en",
        "site": settings.SITE_URL,
    }
    assert mail.outbox == []  # nothing sent before the worker ran

    # What the worker does with the row (its own command would close the test's connection).
    import_string(queued.task_path).call(
        TaskContext(task_result=queued.task_result), **queued.args_kwargs["kwargs"]
    )

    token = invitation_token_from_outbox("nieuw@example.nl")
    invitation.refresh_from_db()
    assert invitation.token_hash == hash_invitation_token(token)
    dump = serializers.serialize("json", DBTaskResult.objects.all())
    assert token not in dump and invitation.token_hash not in dump
    membership = invitation_accept(token=token, first_name="Noor", password="een-goed-wachtwoord")
    assert membership.organisation == world.training_centre


def test_sending_the_invitation_again_makes_a_new_link_and_retires_the_old_one(world):
    invitation, first = invite(world)
    send_invitation_email.enqueue(invitation_id=invitation.pk, language="nl")
    second = invitation_token_from_outbox(invitation.email)
    assert second != first
    with pytest.raises(ValidationError, match="not valid"):
        invitation_accept(token=first, first_name="Noor", password="een-goed-wachtwoord")
    invitation_accept(token=second, first_name="Noor", password="een-goed-wachtwoord")


def test_a_used_invitation_gets_no_new_link(world):
    invitation, token = invite(world)
    invitation_accept(token=token, first_name="Noor", password="een-goed-wachtwoord")
    sent = len(mail.outbox)
    send_invitation_email.enqueue(invitation_id=invitation.pk, language="nl")
    assert len(mail.outbox) == sent
    assert Invitation.objects.get(pk=invitation.pk).token_hash == hash_invitation_token(token)


def test_invitation_email_is_sent_with_a_working_link(world):
    _, token = invite(world)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nieuw@example.nl"]
    assert reverse("invitation_accept", kwargs={"token": token}) in message.body
    assert "Leerwerkcentrum Oldambt" in message.subject


def test_no_email_when_the_invitation_is_rolled_back(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitation_create(
            organisation=world.training_centre,
            email="nieuw@example.nl",
            role=Role.JOBSEEKER,
            invited_by=world.coach,
        )
    # The callback is only queued, never run, when the transaction does not commit.
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_accepting_creates_a_verified_account_and_membership(world):
    _, token = invite(world)
    membership = invitation_accept(token=token, first_name="Noor", password="een-goed-wachtwoord")
    user = membership.user
    assert user.email == "nieuw@example.nl"
    assert user.check_password("een-goed-wachtwoord")
    assert membership.role == Role.JOBSEEKER
    assert membership.organisation == world.training_centre
    assert user.emailaddress_set.get().verified


def test_invitation_can_be_used_once(world):
    _, token = invite(world)
    invitation_accept(token=token, first_name="Noor", password="een-goed-wachtwoord")
    with pytest.raises(ValidationError, match="already been used"):
        invitation_accept(token=token, first_name="Ander", password="een-goed-wachtwoord")
    assert User.objects.filter(email="nieuw@example.nl").count() == 1


def test_expired_invitation_is_refused(world):
    invitation, token = invite(world)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(ValidationError, match="expired"):
        invitation_accept(token=token, first_name="Noor", password="een-goed-wachtwoord")
    assert not User.objects.filter(email="nieuw@example.nl").exists()


def test_a_new_invitation_replaces_the_open_one(world):
    _, first_token = invite(world)
    _, second_token = invite(world)
    with pytest.raises(ValidationError, match="withdrawn"):
        invitation_accept(token=first_token, first_name="Noor", password="een-goed-wachtwoord")
    assert invitation_accept(
        token=second_token, first_name="Noor", password="een-goed-wachtwoord"
    ).is_active


def test_logged_in_user_with_another_address_cannot_use_the_invitation(world):
    _, token = invite(world)
    with pytest.raises(ValidationError, match=r"nieuw@example\.nl"):
        invitation_accept(token=token, user=world.other_jobseeker)
    assert not Membership.objects.filter(
        user=world.other_jobseeker, organisation=world.training_centre
    ).exists()


def test_existing_member_cannot_be_invited_again(world):
    with pytest.raises(ValidationError, match="already a member"):
        invite(world, email=world.jobseeker.email)


def test_employer_cannot_get_jobseekers(world):
    with pytest.raises(ValidationError):
        invitation_create(
            organisation=world.employer,
            email="x@example.nl",
            role=Role.JOBSEEKER,
            invited_by=world.recruiter,
        )


def test_accepted_invitation_for_coach_role_grants_invite_permission(world):
    _, token = invite(
        world, email="coach3@example.nl", role=Role.COACH, by=world.organisation_admin
    )
    membership = invitation_accept(token=token, first_name="Rik", password="een-goed-wachtwoord")
    assert organisation_permission_policy.user_has_permission_for_instance(
        membership.user, "invite_jobseekers", world.training_centre
    )


# Through the pages, as people use it.


def test_coach_invites_a_jobseeker_from_the_organisation_page(world, login):
    client = login(world.coach)
    url = reverse("invitation_create", args=[world.training_centre.slug])
    response = client.post(
        url, {"email": "Sam@Example.nl", "first_name": "Sam", "role": "jobseeker"}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "sam@example.nl"
    assert invitation.role == Role.JOBSEEKER


def test_coach_cannot_invite_a_colleague_coach(world, login):
    client = login(world.coach)
    url = reverse("invitation_create", args=[world.training_centre.slug])
    response = client.post(url, {"email": "c@example.nl", "role": "coach"})
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_bad_invitation_input_keeps_what_was_typed(world, login):
    client = login(world.organisation_admin)
    url = reverse("invitation_create", args=[world.training_centre.slug])
    response = client.post(url, {"email": "geen-adres", "first_name": "Fatima", "role": "coach"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Fatima"' in html
    assert 'value="geen-adres"' in html
    assert "errorlist" in html


def test_coach_of_another_organisation_cannot_invite_here(world, login):
    client = login(world.other_coach)
    url = reverse("invitation_create", args=[world.training_centre.slug])
    assert client.post(url, {"email": "x@example.nl", "role": "jobseeker"}).status_code == 404
    assert not Invitation.objects.exists()


def test_person_accepts_invitation_link_and_lands_on_their_page(world, client):
    _, token = invite(world)
    url = reverse("invitation_accept", args=[token])
    response = client.post(
        url,
        {
            "first_name": "Noor",
            "last_name": "de Vries",
            "password1": "een-goed-wachtwoord",
            "password2": "een-goed-wachtwoord",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    dashboard = client.get(response.url)
    assert "Leerwerkcentrum Oldambt" in dashboard.content.decode()


def test_mismatching_passwords_keep_the_name_typed(world, client):
    _, token = invite(world)
    response = client.post(
        reverse("invitation_accept", args=[token]),
        {"first_name": "Noor", "password1": "een-goed-wachtwoord", "password2": "iets-anders-1"},
    )
    assert response.status_code == 200
    assert 'value="Noor"' in response.content.decode()
    assert not User.objects.filter(email="nieuw@example.nl").exists()


def test_used_link_shows_a_clear_message(world, client):
    _, token = invite(world)
    invitation_accept(token=token, first_name="Noor", password="een-goed-wachtwoord")
    response = client.get(reverse("invitation_accept", args=[token]))
    assert response.status_code == 410
    assert (
        "already been used" in response.content.decode()
        or "al gebruikt" in response.content.decode()
    )


def test_unknown_link_is_refused(world, client):
    assert client.get(reverse("invitation_accept", args=["nonsense"])).status_code == 410
