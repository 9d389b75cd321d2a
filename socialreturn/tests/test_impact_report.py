"""The impact dashboard as a PDF made in the background: what it shows, who gets it, retention."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from portal.generated_files import JobStatus, generated_files_of, generated_files_purge
from portal.storage import PrivateFileSystemStorage
from portfolios.privacy import account_erase
from portfolios.tests.test_pdf import pdf_objects
from socialreturn.impact_reports import impact_report_request, report_html
from socialreturn.models import ImpactReport
from socialreturn.selectors import ImpactFilters

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_storage(tmp_path, monkeypatch):
    storage = PrivateFileSystemStorage(location=str(tmp_path / "private"))
    monkeypatch.setattr(ImpactReport._meta.get_field("file"), "storage", storage)
    return storage


def _filters(setting, **more) -> ImpactFilters:
    year = setting.placement.start_date.year
    return ImpactFilters(year_from=year - 1, year_to=year, **more)


def test_the_coach_asks_follows_and_downloads_a_tagged_pdf(
    setting, login, private_storage, django_capture_on_commit_callbacks
):
    world = setting.world
    client = login(world.coach)
    year = setting.placement.start_date.year
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("sroi_impact_report_request") + f"?year_from={year - 1}&year_to={year}",
            {"language": "en"},
        )
    report = ImpactReport.objects.get()
    assert response.url == reverse("sroi_impact_report_status", args=[report.public_id])
    assert report.status == JobStatus.DONE and report.filters["year_from"] == year - 1

    status = client.get(response.url).content.decode()
    assert 'aria-live="polite"' in status
    assert reverse("sroi_impact_report_download", args=[report.public_id]) in status
    download = client.get(reverse("sroi_impact_report_download", args=[report.public_id]))
    pdf = b"".join(download.streaming_content)
    assert download["Content-Type"] == "application/pdf"
    assert pdf.startswith(b"%PDF")
    objects = pdf_objects(pdf)
    assert b"/StructTreeRoot" in objects and b"pdfuaid" in objects
    # Someone else never gets it, not even by its address.
    assert login(world.other_coach).get(response.url).status_code == 404


def test_the_report_shows_the_dashboard_tables_in_the_chosen_language(setting):
    world = setting.world
    dutch = report_html(user=world.network_admin, filters=_filters(setting), language="nl")
    english = report_html(user=world.network_admin, filters=_filters(setting), language="en")
    assert "Plaatsingen per doelgroep" in dutch
    assert "Placements per target group" in english
    # One placement: outside the coach's own organisation it shows as "< 5".
    assert "&lt; 5" in dutch


def test_the_coachs_own_organisation_sees_its_small_numbers(setting):
    world = setting.world
    own = _filters(setting, organisation_id=world.training_centre.pk)
    html = report_html(user=world.coach, filters=own, language="nl")
    assert "&lt; 5" not in html


def test_a_jobseeker_or_employer_cannot_ask_for_one(setting, login):
    for person in (setting.world.jobseeker, setting.world.recruiter):
        response = login(person).post(reverse("sroi_impact_report_request"), {"language": "nl"})
        assert response.status_code == 404
    assert not ImpactReport.objects.exists()


def test_a_language_that_is_not_offered_asks_again_and_keeps_the_filters(setting, login):
    response = login(setting.world.coach).post(
        reverse("sroi_impact_report_request") + "?year_from=2025&sector=bouw", {"language": "xx"}
    )
    assert response.status_code == 302
    assert response.url.endswith("?year_from=2025&sector=bouw")
    assert not ImpactReport.objects.exists()


def test_old_reports_are_purged_and_an_erased_requesters_files_go(
    setting, private_storage, django_capture_on_commit_callbacks
):
    world = setting.world
    with pytest.raises(PermissionDenied):
        impact_report_request(filters=_filters(setting), by=world.jobseeker, language="nl")
    with django_capture_on_commit_callbacks(execute=True):
        old = impact_report_request(filters=_filters(setting), by=world.coach, language="nl")
    old.refresh_from_db()
    assert old.file
    ImpactReport.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=400))
    with django_capture_on_commit_callbacks(execute=True):
        assert generated_files_purge().deleted[ImpactReport] == 1
    assert not private_storage.exists(old.file.name)

    with django_capture_on_commit_callbacks(execute=True):
        report = impact_report_request(filters=_filters(setting), by=world.coach, language="nl")
    report.refresh_from_db()
    assert generated_files_of(world.coach) == [(report.file.storage, report.file.name)]
    with django_capture_on_commit_callbacks(execute=True):
        account_erase(user=world.coach, by=world.coach)
    assert not private_storage.exists(report.file.name)
