from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import TaskContext, task

from portal.accounts.models import Invitation, User
from portal.links import absolute_url
from portal.notifications.outbox import email_claim

from .models import Membership, Organisation, OrganisationStatus, Role


@task(takes_context=True)
def send_invitation_email(
    context: TaskContext, *, invitation_id: int, language: str, site: str = ""
) -> None:
    """Make the invitation's link and e-mail it; runs in the worker after the invitation was committed.

    The token is made here, not passed in: the task table keeps every task's
    arguments, and a raw token there would be a live invitation in every
    database dump. Sending the invitation again (a new task) makes a new link and
    retires the old one; this run started again after its worker died sends nothing,
    so the link already e-mailed stays the live one.
    """
    # Imported here: the services module enqueues this task.
    from .services import invitation_new_token

    invitation = Invitation.objects.select_related("organisation", "invited_by").get(
        pk=invitation_id
    )
    if not email_claim(run_id=context.task_result.id, address=invitation.email):
        return
    token = invitation_new_token(invitation_id=invitation_id)
    if token is None:
        return  # accepted, withdrawn or expired meanwhile: no link to send
    with translation.override(language):
        template_context = {
            "invitation": invitation,
            "link": absolute_url(reverse("invitation_accept", kwargs={"token": token}), base=site),
            "site_url": absolute_url("/", base=site),
        }
        subject = render_to_string(
            "organisations/email/invitation_subject.txt", template_context
        ).strip()
        body = render_to_string("organisations/email/invitation_body.txt", template_context)
    send_mail(subject, body, None, [invitation.email])


@task(takes_context=True)
def send_organisation_status_email(
    context: TaskContext, *, organisation_id: int, status: str, site: str = ""
) -> None:
    """Tell the organisation's admins and recruiters it was approved or rejected (after commit)."""
    run_id = context.task_result.id
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
            template_context = {
                "organisation": organisation,
                "first_name": first_name,
                "approved": approved,
                "link": absolute_url(reverse("dashboard"), base=site),
                "site_url": absolute_url("/", base=site),
            }
            subject = render_to_string(
                "organisations/email/status_subject.txt", template_context
            ).strip()
            body = render_to_string("organisations/email/status_body.txt", template_context)
        # A run started again after its worker died skips whom it already e-mailed.
        if email_claim(run_id=run_id, address=email):
            send_mail(subject, body, None, [email])
