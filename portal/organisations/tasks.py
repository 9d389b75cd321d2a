from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from portal.accounts.models import Invitation, User
from portal.links import absolute_url

from .models import Membership, Organisation, OrganisationStatus, Role


@task()
def send_invitation_email(*, invitation_id: int, language: str, site: str = "") -> None:
    """Make the invitation's link and e-mail it; runs in the worker after the invitation was committed.

    The token is made here, not passed in: the task table keeps every task's
    arguments, and a raw token there would be a live invitation in every
    database dump. Running it again sends a new link and retires the old one.
    """
    # Imported here: the services module enqueues this task.
    from .services import invitation_new_token

    token = invitation_new_token(invitation_id=invitation_id)
    if token is None:
        return  # accepted, withdrawn or expired meanwhile: no link to send
    invitation = Invitation.objects.select_related("organisation", "invited_by").get(
        pk=invitation_id
    )
    with translation.override(language):
        context = {
            "invitation": invitation,
            "link": absolute_url(reverse("invitation_accept", kwargs={"token": token}), base=site),
            "site_url": absolute_url("/", base=site),
        }
        subject = render_to_string("organisations/email/invitation_subject.txt", context).strip()
        body = render_to_string("organisations/email/invitation_body.txt", context)
    send_mail(subject, body, None, [invitation.email])


@task()
def send_organisation_status_email(*, organisation_id: int, status: str, site: str = "") -> None:
    """Tell the organisation's admins and recruiters it was approved or rejected (after commit)."""
    organisation = Organisation.objects.get(pk=organisation_id)
    if organisation.status != status:
        return  # decided again before the worker got here; that decision sends its own e-mail
    people = User.objects.filter(
        pk__in=Membership.objects.active()
        .filter(organisation=organisation, role__in=[Role.ORGANISATION_ADMIN, Role.RECRUITER])
        .values("user_id")
    ).values_list("email", "first_name", "preferred_language")
    recipients = list(people) or (
        [(organisation.email, "", settings.LANGUAGE_CODE)] if organisation.email else []
    )
    approved = status == OrganisationStatus.APPROVED
    for email, first_name, language in recipients:
        with translation.override(language or settings.LANGUAGE_CODE):
            context = {
                "organisation": organisation,
                "first_name": first_name,
                "approved": approved,
                "link": absolute_url(reverse("dashboard"), base=site),
                "site_url": absolute_url("/", base=site),
            }
            subject = render_to_string("organisations/email/status_subject.txt", context).strip()
            body = render_to_string("organisations/email/status_body.txt", context)
        send_mail(subject, body, None, [email])
