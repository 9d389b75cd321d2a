from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from portal.accounts.models import Invitation


@task()
def send_invitation_email(*, invitation_id: int, token: str, language: str) -> None:
    """Send the invitation link; runs in the worker after the invitation was committed."""
    invitation = Invitation.objects.select_related("organisation", "invited_by").get(
        pk=invitation_id
    )
    with translation.override(language):
        context = {
            "invitation": invitation,
            "link": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            + reverse("invitation_accept", kwargs={"token": token}),
        }
        subject = render_to_string("organisations/email/invitation_subject.txt", context).strip()
        body = render_to_string("organisations/email/invitation_body.txt", context)
    send_mail(subject, body, None, [invitation.email])
