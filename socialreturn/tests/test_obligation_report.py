"""One obligation's progress as a PDF made in the background: what it shows, and that only
who may see the obligation gets it."""

from decimal import Decimal

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.generated_files import JobStatus, generated_files_of
from portal.organisations.models import Role
from portal.organisations.services import membership_create
from portal.storage import PrivateFileSystemStorage
from portfolios.privacy import account_erase
from portfolios.tests.test_pdf import pdf_objects
from socialreturn import selectors, services
from socialreturn.models import ObligationReport
from socialreturn.obligation_reports import obligation_report_request, report_html
from socialreturn.valuation import ActivityKind
from tests.conftest import make_user
from vacancies.factories import EmployerProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_storage(tmp_path, monkeypatch):
    storage = PrivateFileSystemStorage(location=str(tmp_path / "private"))
    monkeypatch.setattr(ObligationReport._meta.get_field("file"), "storage", storage)
    return storage


def _counted(setting) -> None:
    """An accepted placement (doelgroepregister, 24 h, 12 months: € 33,333.33) and accepted
    coaching (10 hours at € 100), and a guest lesson still waiting."""
    world = setting.world
    placement = services.contribution_report_placement(
        obligation=setting.obligation, by=world.recruiter, placement=setting.placement, months=12
    )
    services.contribution_accept(contribution=placement, by=world.other_coach)
    coaching = services.contribution_report_activity(
        obligation=setting.obligation,
        by=world.recruiter,
        activity_kind=ActivityKind.COACHING,
        description="Jobcoaching",
        date=timezone.localdate(),
        hours=Decimal("10"),
    )
    services.contribution_accept(contribution=coaching, by=world.other_coach)
    services.contribution_report_activity(
        obligation=setting.obligation,
        by=world.recruiter,
        activity_kind=ActivityKind.GUEST_LESSON,
        description="Gastles",
        date=timezone.localdate(),
        hours=Decimal("2"),
    )


def _html(setting, user, language: str) -> str:
    obligation = selectors.obligation_for(user=user, pk=setting.obligation.pk)
    return report_html(user=user, obligation=obligation, language=language)


def test_the_authority_asks_follows_and_downloads_a_tagged_pdf(
    setting, login, private_storage, django_capture_on_commit_callbacks
):
    world = setting.world
    client = login(world.other_coach)
    detail = client.get(reverse("sroi_obligation_detail", args=[setting.obligation.pk]))
    request_url = reverse("sroi_obligation_report_request", args=[setting.obligation.pk])
    assert request_url in detail.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(request_url, {"language": "en"})
    report = ObligationReport.objects.get()
    assert response.url == reverse("sroi_obligation_report_status", args=[report.public_id])
    assert report.status == JobStatus.DONE and report.progress == 100

    status = client.get(response.url).content.decode()
    assert 'aria-live="polite"' in status
    download_url = reverse("sroi_obligation_report_download", args=[report.public_id])
    assert download_url in status
    download = client.get(download_url)
    pdf = b"".join(download.streaming_content)
    assert download["Content-Type"] == "application/pdf"
    assert "WB-2026-001" in download["Content-Disposition"]
    objects = pdf_objects(pdf)
    assert b"/StructTreeRoot" in objects and b"pdfuaid" in objects


def test_the_report_shows_target_what_counts_what_is_left_and_the_deadline(setting):
    _counted(setting)
    world = setting.world
    dutch = _html(setting, world.other_coach, "nl")
    english = _html(setting, world.other_coach, "en")
    end = setting.obligation.end_date

    assert "Progress of the social-return obligation" in english
    assert "Voortgang van de social-return-verplichting" in dutch
    # Target 5 % of € 1,000,000; € 34,333.33 accepted (placement and coaching, not the lesson).
    assert "€ 50,000.00" in english and "€ 34,333.33 of € 50,000.00 realised: 68.7 %" in english
    assert "Still missing: € 15,666.67." in english
    assert "1 waiting for the authority" in english
    assert "33,333.33" in english and "1,000.00" in english  # per kind
    assert "Coaching hours" in english and "Begeleidingsuren" in dutch
    assert end.strftime("%Y") in english and "days left" in english and "dagen" in dutch


def test_the_suppliers_copy_does_not_show_what_a_placement_is_worth(setting):
    _counted(setting)
    supplier = _html(setting, setting.world.recruiter, "en")
    assert "€ 34,333.33 of € 50,000.00" in supplier  # the total, as on the page
    assert "33,333.33" not in supplier.replace("34,333.33", "")
    assert "1,000.00" in supplier  # an activity's value is theirs to see


@pytest.fixture
def other_recruiter(world):
    employer = EmployerProfileFactory().organisation
    person = make_user("werving@anderbedrijf.nl", "Ander")
    membership_create(user=person, organisation=employer, role=Role.RECRUITER)
    return person


def test_another_employer_a_jobseeker_or_anonymous_cannot_ask(setting, login, other_recruiter):
    url = reverse("sroi_obligation_report_request", args=[setting.obligation.pk])
    for person in (other_recruiter, setting.world.jobseeker):
        assert login(person).post(url, {"language": "nl"}).status_code == 404
        with pytest.raises(Http404):
            obligation_report_request(obligation_id=setting.obligation.pk, by=person, language="nl")
    response = Client().post(url, {"language": "nl"})
    assert response.status_code == 302 and "login" in response.url
    assert not ObligationReport.objects.exists()


def test_another_employer_a_jobseeker_or_anonymous_cannot_download_by_address(
    setting, login, other_recruiter, private_storage, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = obligation_report_request(
            obligation_id=setting.obligation.pk, by=setting.world.recruiter, language="nl"
        )
    urls = [
        reverse("sroi_obligation_report_status", args=[report.public_id]),
        reverse("sroi_obligation_report_download", args=[report.public_id]),
    ]
    for url in urls:
        assert login(setting.world.recruiter).get(url).status_code == 200
        for person in (other_recruiter, setting.world.jobseeker, setting.world.other_coach):
            assert login(person).get(url).status_code == 404
        response = Client().get(url)
        assert response.status_code == 302 and "login" in response.url


def test_who_loses_sight_of_the_obligation_loses_the_download(
    setting, login, private_storage, django_capture_on_commit_callbacks
):
    world = setting.world
    with django_capture_on_commit_callbacks(execute=True):
        report = obligation_report_request(
            obligation_id=setting.obligation.pk, by=world.recruiter, language="nl"
        )
    world.recruiter.memberships.update(is_active=False)
    url = reverse("sroi_obligation_report_download", args=[report.public_id])
    assert login(world.recruiter).get(url).status_code == 404


def test_an_erased_requesters_files_go(
    setting, private_storage, django_capture_on_commit_callbacks
):
    world = setting.world
    with django_capture_on_commit_callbacks(execute=True):
        report = obligation_report_request(
            obligation_id=setting.obligation.pk, by=world.recruiter, language="nl"
        )
    report.refresh_from_db()
    assert generated_files_of(world.recruiter) == [(report.file.storage, report.file.name)]
    with django_capture_on_commit_callbacks(execute=True):
        account_erase(user=world.recruiter, by=world.recruiter)
    assert not private_storage.exists(report.file.name)
