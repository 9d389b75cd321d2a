"""Background work for employers and vacancies (django-tasks; run by `manage.py db_worker`)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import TaskContext, task

from portal.accounts.models import User
from portal.links import absolute_url
from portal.notifications.outbox import email_claim
from portal.organisations.models import Organisation


@task(takes_context=True)
def notify_network_admins_of_new_employer(
    context: TaskContext, *, organisation_id: int, site: str = ""
) -> None:
    """Tell the network admins that an employer waits for approval (after the sign-up committed)."""
    run_id = context.task_result.id
    organisation = Organisation.objects.get(pk=organisation_id)
    admins = list(User.objects.network_admins().values_list("email", "preferred_language"))
    link = absolute_url(reverse("employers:index"), base=site)
    for email, language in admins:
        with translation.override(language or settings.LANGUAGE_CODE):
            template_context = {
                "organisation": organisation,
                "link": link,
                "site_url": absolute_url("/", base=site),
            }
            subject = render_to_string(
                "vacancies/email/employer_registered_subject.txt", template_context
            ).strip()
            body = render_to_string(
                "vacancies/email/employer_registered_body.txt", template_context
            )
        if email_claim(run_id=run_id, address=email):  # at most once, also when run again
            send_mail(subject, body, None, [email])


@task()
def close_expired_vacancies() -> int:
    """Close open vacancies past their closing date (also: `manage.py close_expired_vacancies`)."""
    from .services import vacancies_close_expired

    return vacancies_close_expired()
