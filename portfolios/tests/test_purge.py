"""The daily clean-up of old generated files ("my data" zips, PDF CVs), and what the person sees."""

import os
import uuid
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from portal.audit.models import AuditEvent
from portal.generated_files import ORPHAN_GRACE, JobStatus, generated_files_purge
from portfolios import privacy
from portfolios.factories import make_portfolio
from portfolios.models import (
    DataExport,
    DocumentVersion,
    PortfolioDocument,
)


@pytest.fixture
def keep_days(settings):
    settings.DATA_EXPORT_KEEP_DAYS = 7
    settings.PORTFOLIO_DOCUMENT_KEEP_DAYS = 30
    return settings


def days_ago(days: float):
    return timezone.now() - timedelta(days=days)


def export(user, *, status=JobStatus.DONE, age_days: float, with_file=True) -> DataExport:
    item = DataExport.objects.create(
        user=user,
        status=status,
        created_at=days_ago(age_days),
        finished_at=days_ago(age_days) if status in (JobStatus.DONE, JobStatus.FAILED) else None,
    )
    if with_file:
        item.file.save("export.zip", ContentFile(b"PK zip"), save=True)
    return item


def document(portfolio, *, status=JobStatus.DONE, age_days: float) -> PortfolioDocument:
    item = PortfolioDocument.objects.create(
        portfolio=portfolio,
        requested_by=portfolio.jobseeker,
        version=DocumentVersion.FULL,
        language="nl",
        status=status,
        created_at=days_ago(age_days),
        finished_at=days_ago(age_days) if status == JobStatus.DONE else None,
    )
    if status == JobStatus.DONE:
        item.file.save("cv.pdf", ContentFile(b"%PDF-1.7"), save=True)
    return item


def stray_file(storage, name: str, *, age: timedelta) -> str:
    name = storage.save(name, ContentFile(b"left behind"))
    moment = (timezone.now() - age).timestamp()
    os.utime(storage.path(name), (moment, moment))
    return name


def purge(capture):
    with capture(execute=True):
        return generated_files_purge()


# --- The clean-up ------------------------------------------------------------------------


def test_old_finished_exports_go_with_their_file_and_fresh_or_unfinished_ones_stay(
    world, keep_days, tmp_private_storage, django_capture_on_commit_callbacks
):
    old = export(world.jobseeker, age_days=8)
    old_failed = export(world.jobseeker, status=JobStatus.FAILED, age_days=8, with_file=False)
    fresh = export(world.other_jobseeker, age_days=6)
    waiting = export(world.coach, status=JobStatus.PENDING, age_days=40, with_file=False)
    running = export(world.other_coach, status=JobStatus.RUNNING, age_days=40, with_file=False)

    result = purge(django_capture_on_commit_callbacks)

    assert result.deleted[DataExport] == 2
    assert set(DataExport.objects.values_list("pk", flat=True)) == {
        fresh.pk,
        waiting.pk,
        running.pk,
    }
    assert not DataExport.objects.filter(pk__in=[old.pk, old_failed.pk]).exists()
    assert not tmp_private_storage.exists(old.file.name)
    assert tmp_private_storage.exists(fresh.file.name)


def test_old_pdfs_go_with_their_file_and_fresh_or_unfinished_ones_stay(
    world, keep_days, tmp_private_storage, django_capture_on_commit_callbacks
):
    portfolio = make_portfolio(jobseeker=world.jobseeker)
    old = document(portfolio, age_days=31)
    fresh = document(portfolio, age_days=29)
    waiting = document(portfolio, status=JobStatus.PENDING, age_days=90)
    running = document(portfolio, status=JobStatus.RUNNING, age_days=90)

    result = purge(django_capture_on_commit_callbacks)

    assert result.deleted[PortfolioDocument] == 1
    assert set(PortfolioDocument.objects.values_list("pk", flat=True)) == {
        fresh.pk,
        waiting.pk,
        running.pk,
    }
    assert not tmp_private_storage.exists(old.file.name)
    assert tmp_private_storage.exists(fresh.file.name)


def test_keep_days_come_from_the_settings(
    world, keep_days, tmp_private_storage, django_capture_on_commit_callbacks
):
    keep_days.DATA_EXPORT_KEEP_DAYS = 2
    three_days = export(world.jobseeker, age_days=3)

    purge(django_capture_on_commit_callbacks)

    assert not DataExport.objects.filter(pk=three_days.pk).exists()


def test_stray_files_in_the_export_and_cv_folders_go_and_other_files_stay(
    world, keep_days, tmp_private_storage, django_capture_on_commit_callbacks
):
    old = ORPHAN_GRACE + timedelta(hours=1)
    stray_export = stray_file(tmp_private_storage, "exports/lost.zip", age=old)
    stray_pdf = stray_file(tmp_private_storage, "cv/lost.pdf", age=old)
    # Maybe just written by a worker that has not saved its row yet.
    just_written = stray_file(tmp_private_storage, "cv/new.pdf", age=timedelta(minutes=5))
    # Evidence no row points to is a stray too (issue 19: files never outlive their rows).
    stray_evidence = stray_file(tmp_private_storage, "evidence/1/photo.png", age=old)
    other_folder = stray_file(tmp_private_storage, "exports-archive/x.zip", age=old)
    kept = export(world.jobseeker, age_days=1)
    os.utime(tmp_private_storage.path(kept.file.name), (0, 0))

    result = purge(django_capture_on_commit_callbacks)

    assert result.orphan_files == 3
    for name in (stray_export, stray_pdf, stray_evidence):
        assert not tmp_private_storage.exists(name), name
    for name in (just_written, other_folder, kept.file.name):
        assert tmp_private_storage.exists(name), name


def test_the_clean_up_is_audited_once_with_counts_and_names_nobody(
    world, keep_days, tmp_private_storage, django_capture_on_commit_callbacks
):
    export(world.jobseeker, age_days=8)
    document(make_portfolio(jobseeker=world.other_jobseeker), age_days=31)
    stray_file(tmp_private_storage, "exports/lost.zip", age=timedelta(days=3))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_expired_files", verbosity=0)

    event = AuditEvent.objects.get(action="files.purge_expired")
    assert event.actor is None and event.subject is None
    assert event.details["portfolios.dataexport"] == 1
    assert event.details["portfolios.portfoliodocument"] == 1
    assert event.details["training.progressreport"] == 0
    assert event.details["orphan_files"] == 1


def test_the_command_says_what_it_deleted(world, keep_days, tmp_private_storage, capsys):
    export(world.jobseeker, age_days=8)

    call_command("purge_expired_files")

    assert (
        "1 data exports, 0 PDF CVs, 0 progress reports, 0 impact reports,"
        " 0 obligation progress reports, 0 placements exports and 0 stray files deleted."
        in capsys.readouterr().out
    )


# --- What the person sees ----------------------------------------------------------------


def test_my_data_says_until_when_the_file_stays_and_that_an_old_one_is_deleted(
    world, keep_days, login, tmp_private_storage, django_capture_on_commit_callbacks
):
    client = login(world.jobseeker)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("data_export_request"))
    ready = DataExport.objects.get(user=world.jobseeker)
    page = client.get(reverse("my_data")).content.decode()
    until = f"{timezone.localtime(ready.finished_at + timedelta(days=7)):%-d %B %Y}"
    assert f"You can download it until {until}." in page
    assert "Your last file is deleted" not in page

    DataExport.objects.filter(pk=ready.pk).update(finished_at=days_ago(8))
    purge(django_capture_on_commit_callbacks)
    page = client.get(reverse("my_data")).content.decode()

    assert "Your last file is deleted: we keep it for 7 days only." in page
    assert reverse("data_export_request") in page


def test_someone_who_never_asked_for_an_export_is_not_told_it_was_deleted(world, keep_days, login):
    page = login(world.jobseeker).get(reverse("my_data")).content.decode()

    assert "Your last file is deleted" not in page


def test_old_export_link_says_the_file_is_gone_and_offers_a_new_one(
    world, keep_days, login, tmp_private_storage, django_capture_on_commit_callbacks
):
    client = login(world.jobseeker)
    with django_capture_on_commit_callbacks(execute=True):
        privacy.data_export_request(user=world.jobseeker)
    gone = DataExport.objects.get(user=world.jobseeker)
    DataExport.objects.filter(pk=gone.pk).update(finished_at=days_ago(8))
    purge(django_capture_on_commit_callbacks)

    response = client.get(reverse("data_export_download", args=[gone.public_id]))

    assert response.status_code == 404
    page = response.content.decode()
    assert "This file is no longer here" in page
    assert "We keep the file with your data for 7 days." in page
    assert reverse("data_export_request") in page


def test_someone_elses_export_link_gets_the_same_answer_as_an_expired_one(
    world, keep_days, login, tmp_private_storage
):
    theirs = export(world.jobseeker, age_days=1)

    response = login(world.other_jobseeker).get(
        reverse("data_export_download", args=[theirs.public_id])
    )

    assert response.status_code == 404
    assert "This file is no longer here" in response.content.decode()


def test_cv_pages_say_how_long_a_pdf_stays(world, keep_days, login, tmp_private_storage):
    portfolio = make_portfolio(jobseeker=world.jobseeker)
    ready = document(portfolio, age_days=0)
    client = login(world.jobseeker)

    request_page = client.get(reverse("cv_request", args=[portfolio.public_id])).content.decode()
    status_page = client.get(reverse("cv_status", args=[ready.public_id])).content.decode()
    my_data = client.get(reverse("my_data")).content.decode()

    assert "We keep a PDF for 30 days." in request_page
    assert "We keep a PDF for 30 days." in my_data
    until = f"{timezone.localtime(ready.finished_at + timedelta(days=30)):%-d %B %Y}"
    assert f"You can download it until {until}." in status_page


def test_expired_pdf_says_it_is_gone_and_the_owner_can_make_a_new_one(
    world, keep_days, login, tmp_private_storage, django_capture_on_commit_callbacks
):
    portfolio = make_portfolio(jobseeker=world.jobseeker)
    gone = document(portfolio, age_days=31)
    purge(django_capture_on_commit_callbacks)
    client = login(world.jobseeker)

    for url_name in ("cv_status", "cv_download"):
        response = client.get(reverse(url_name, args=[gone.public_id]))
        assert response.status_code == 404, url_name
        page = response.content.decode()
        assert "This PDF is no longer here" in page
        assert "We keep a PDF for 30 days." in page
        assert reverse("cv_request", args=[portfolio.public_id]) in page


def test_a_guessed_pdf_address_gets_no_link_to_someone_elses_portfolio(
    world, keep_days, login, tmp_private_storage
):
    portfolio = make_portfolio(jobseeker=world.jobseeker)
    theirs = document(portfolio, age_days=1)

    for address in (theirs.public_id, uuid.uuid4()):
        response = login(world.coach).get(reverse("cv_status", args=[address]))
        assert response.status_code == 404
        page = response.content.decode()
        assert "This PDF is no longer here" in page
        assert reverse("cv_request", args=[portfolio.public_id]) not in page
