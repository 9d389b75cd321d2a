"""Issue 19, item 6: work that survives a crash.

A worker killed while rendering left its job "being made" for ever. These tests leave
a job row running with a lease that ran out, as a dead worker does, and check that the
sweep runs it again once (bounded), that a run which lost its lease keeps nothing, that
the person is told when it finally failed and can try again, that task rows a dead
worker left are dealt with, and that an e-mail task run again sends nothing twice.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskContext, TaskResultStatus
from django_tasks_db.models import DBTaskResult

from portal.accounts.factories import hash_invitation_token, invitation_token_from_outbox
from portal.generated_files import JobStatus
from portal.jobs import job_claim, job_finish, jobs_sweep
from portal.notifications.models import Notification, SentEmail
from portal.notifications.outbox import email_claims_purge
from portal.notifications.tasks import send_notification_email
from portal.organisations.models import OrganisationStatus, Role
from portal.organisations.services import (
    invitation_accept,
    invitation_create,
    organisation_set_status,
)
from portfolios.documents import document_build
from portfolios.factories import make_portfolio
from portfolios.models import DataExport, DocumentVersion, PortfolioDocument
from training.models import ProgressReport
from vacancies.services import employer_register

pytestmark = pytest.mark.django_db(transaction=False)

LONG_AGO = timedelta(hours=1)


def _dead_worker_left(model, **fields):
    """A job row as a worker that died while making it leaves it."""
    fields = {"attempts": 1, **fields}
    return model.objects.create(
        status=JobStatus.RUNNING, started_at=timezone.now() - LONG_AGO, **fields
    )


def _cv_row(world, **lease):
    portfolio = make_portfolio(jobseeker=world.jobseeker, skills={"heftruck rijden": 3})
    return _dead_worker_left(
        PortfolioDocument,
        portfolio=portfolio,
        requested_by=world.jobseeker,
        version=DocumentVersion.FULL,
        language="nl",
        revision_id=portfolio.live_revision_id,
        **lease,
    )


def test_a_cv_whose_worker_died_is_made_again_once(world, django_capture_on_commit_callbacks):
    document = _cv_row(world)

    with django_capture_on_commit_callbacks(execute=True):
        result = jobs_sweep()

    document.refresh_from_db()
    assert result.retried == 1
    assert document.status == JobStatus.DONE and document.attempts == 2
    assert document.file and document.file.storage.exists(document.file.name)
    made = document.file.name

    # Run again (a duplicate task, a second sweep): nothing is made a second time.
    document_build(document_id=document.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs_sweep().retried == 0
    document.refresh_from_db()
    assert document.file.name == made and document.attempts == 2


def test_a_data_export_whose_worker_died_is_made_again(world, django_capture_on_commit_callbacks):
    export = _dead_worker_left(DataExport, user=world.jobseeker)

    with django_capture_on_commit_callbacks(execute=True):
        jobs_sweep()

    export.refresh_from_db()
    assert export.status == JobStatus.DONE and export.file


def test_a_run_that_lost_its_lease_keeps_no_file(world, django_capture_on_commit_callbacks):
    document = _cv_row(world)
    PortfolioDocument.objects.filter(pk=document.pk).update(status=JobStatus.PENDING, attempts=0)
    slow_run = job_claim(PortfolioDocument, document.pk)
    assert slow_run == 1
    assert job_claim(PortfolioDocument, document.pk) is None  # held: no second run

    PortfolioDocument.objects.filter(pk=document.pk).update(started_at=timezone.now() - LONG_AGO)
    with django_capture_on_commit_callbacks(execute=True):
        jobs_sweep()  # the slow run is taken for dead: a new run makes it

    assert not job_finish(PortfolioDocument, document.pk, slow_run, status=JobStatus.FAILED)
    document.refresh_from_db()
    assert document.status == JobStatus.DONE


def test_after_the_last_attempt_the_person_is_told_and_may_try_again(world, login):
    document = _cv_row(world)
    PortfolioDocument.objects.filter(pk=document.pk).update(attempts=3)
    report = _dead_worker_left(
        ProgressReport,
        jobseeker=world.jobseeker,
        requested_by=world.jobseeker,
        language="en",
        attempts=3,
    )

    result = jobs_sweep()

    assert result.failed == 2
    document.refresh_from_db()
    assert document.status == JobStatus.FAILED and document.finished_at
    response = login(world.jobseeker).get(reverse("cv_status", args=[document.public_id]))
    html = response.content.decode()
    assert "data-busy" not in html  # nothing polls a failed job
    assert reverse("cv_request", args=[document.portfolio.public_id]) in html  # try again
    report.refresh_from_db()
    assert report.status == JobStatus.FAILED


def test_a_fresh_lease_is_left_alone(world):
    document = _cv_row(world)
    PortfolioDocument.objects.filter(pk=document.pk).update(started_at=timezone.now())

    assert jobs_sweep().retried == 0
    document.refresh_from_db()
    assert document.status == JobStatus.RUNNING


def _task_row(task_path: str, workers: int, **kwargs) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - LONG_AGO,
        args_kwargs={"args": [], "kwargs": kwargs},
        task_path=task_path,
        worker_ids=[f"dead-{n}" for n in range(workers)],
        backend_name="default",
        run_after=timezone.now() - LONG_AGO,
        exception_class_path="",
        traceback="",
    )


def test_task_rows_a_dead_worker_left_are_run_again_then_failed():
    email = "portal.notifications.tasks.send_notification_email"
    again = _task_row(email, workers=1, notification_id=1)
    spent = _task_row(email, workers=3, notification_id=2)
    job = _task_row("portfolios.tasks.render_portfolio_document", workers=1, document_id=1)

    result = jobs_sweep()

    statuses = {
        row.pk: row.status
        for row in DBTaskResult.objects.filter(pk__in=[again.pk, spent.pk, job.pk])
    }
    assert statuses[again.pk] == TaskResultStatus.READY  # the worker picks it up again
    assert statuses[spent.pk] == TaskResultStatus.FAILED
    assert statuses[job.pk] == TaskResultStatus.FAILED  # its job row is re-queued instead
    assert (result.tasks_retried, result.tasks_failed) == (1, 2)


def test_an_email_task_run_again_does_not_send_twice(world):
    notification = Notification.objects.create(
        recipient=world.jobseeker,
        kind="proposal.proposed.jobseeker",
        params={"vacancy": "Heftruckchauffeur"},
        url_name="dashboard",
    )
    mail.outbox.clear()

    send_notification_email.call(notification_id=notification.pk)
    send_notification_email.call(notification_id=notification.pk)  # the sweep ran it again

    assert len(mail.outbox) == 1


EMPLOYER_SIGN_UP = {
    "email": "inkoop@schildersbedrijf.example",
    "password": "een-goed-wachtwoord",
    "first_name": "Sanne",
    "organisation_name": "Schildersbedrijf Kwast",
    "kvk_number": "12345678",
    "street_address": "Verfstraat 1",
    "postcode": "9641 AA",
    "city": "Veendam",
    "sector": "construction",
    "contact_name": "Sanne de Vries",
    "contact_email": "inkoop@schildersbedrijf.example",
}

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _run_twice_as_after_a_crash(row: DBTaskResult) -> None:
    """What the worker does with a task row, then again as after the sweep gave it back."""
    from django.utils.module_loading import import_string

    task = import_string(row.task_path)
    for _ in range(2):
        task.call(TaskContext(task_result=row.task_result), **row.args_kwargs["kwargs"])


def test_an_invitation_run_again_sends_no_second_link_and_the_first_keeps_working(
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

    _run_twice_as_after_a_crash(DBTaskResult.objects.get())

    assert [message.to for message in mail.outbox] == [["nieuw@example.nl"]]
    token = invitation_token_from_outbox("nieuw@example.nl")
    invitation.refresh_from_db()
    assert invitation.token_hash == hash_invitation_token(token)
    invitation_accept(token=token, first_name="Noor", password="een-goed-wachtwoord")


def test_an_approval_run_again_mails_each_admin_once(
    world, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        organisation_set_status(
            organisation=world.employer,
            status=OrganisationStatus.REJECTED,
            by=world.network_admin,
        )
    mail.outbox.clear()

    _run_twice_as_after_a_crash(DBTaskResult.objects.get())

    assert sorted(address for message in mail.outbox for address in message.to) == [
        world.recruiter.email
    ]


def test_a_new_employer_run_again_mails_each_network_admin_once(
    world, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        employer_register(**EMPLOYER_SIGN_UP)
    mail.outbox.clear()
    row = DBTaskResult.objects.get(task_path__endswith="notify_network_admins_of_new_employer")

    _run_twice_as_after_a_crash(row)

    assert [message.to for message in mail.outbox] == [[world.network_admin.email]]


def test_the_marks_that_keep_emails_single_hold_no_address_and_are_forgotten_after_two_days(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            organisation=world.training_centre,
            email="nieuw@example.nl",
            role=Role.JOBSEEKER,
            invited_by=world.coach,
        )
    mark = SentEmail.objects.get()
    assert "nieuw" not in mark.key

    assert email_claims_purge(now=timezone.now() + timedelta(days=1)) == 0
    assert email_claims_purge(now=timezone.now() + timedelta(days=3)) == 1
