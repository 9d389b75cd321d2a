"""My data: export everything as one zip, and erase the account so nothing of the person remains."""

import io
import json
import zipfile

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Q
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.generated_files import JobStatus
from portal.taxonomy.models import ConceptType
from portfolios.factories import make_portfolio, skill_concept
from portfolios.models import (
    Audience,
    DataExport,
    EditorStep,
    PortfolioDocument,
    PortfolioPage,
)
from portfolios.services import portfolio_record_view, portfolio_save_draft
from portfolios.signals import portfolio_visibility_changed
from portfolios.suggestions import suggestion_create, suggestion_ignore
from portfolios.tests.test_evidence import png_upload
from portfolios.uploads import evidence_create

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def rows_mentioning(*needles: str) -> dict[str, int]:
    """Every row of every model whose text (char, text or JSON) contains one of `needles`."""
    found = {}
    for model in apps.get_models(include_auto_created=True):
        fields = [f for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        if not fields or not model._meta.managed:
            continue
        query = Q()
        for field in fields:
            for needle in needles:
                query |= Q(**{f"{field.attname}__icontains": needle})
        count = model._base_manager.filter(query).count()
        if count:
            found[model._meta.label] = count
    return found


@pytest.fixture
def person(world, tmp_private_storage):
    """The jobseeker with a distinctive name, a published, shared portfolio, files and a log."""
    jobseeker = world.jobseeker
    jobseeker.first_name, jobseeker.last_name = "Sanne", "Zwartkop-Erasmus"
    jobseeker.email = "sanne.zwartkop@example.nl"
    jobseeker.save()
    jobseeker.emailaddress_set.update(email=jobseeker.email)
    photo = evidence_create(
        owner=jobseeker, kind="photo", uploaded_file=png_upload(), title="Ik op het werk"
    )
    evidence_create(
        owner=jobseeker, kind="reference", text="Sanne Zwartkop-Erasmus werkt heel netjes."
    )
    portfolio = make_portfolio(
        jobseeker=jobseeker,
        skills={"Heftruck rijden": 3},
        audiences=(Audience.COACH_ORGANISATION, Audience.EMPLOYERS_NAMED),
        coach=world.coach,
        about_me="Ik ben Sanne Zwartkop-Erasmus uit Winschoten.",
        photo_evidence=photo,
        postcode="9671AB",
    )
    portfolio_save_draft(portfolio=portfolio, by=jobseeker, fields={"headline": "Nog een draft"})
    portfolio_record_view(portfolio=portfolio, viewer=world.coach)
    return jobseeker


# --- Export ----------------------------------------------------------------------------


def test_nobody_else_downloads_my_export_even_with_its_address(
    world, person, login, tmp_private_storage, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        login(person).post(reverse("data_export_request"))
    export = DataExport.objects.get()
    url = reverse("data_export_download", args=[export.public_id])
    for role in ("other_jobseeker", "coach", "network_admin"):
        assert login(world.user(role)).get(url).status_code == 404, role
    assert login(None).get(url).status_code == 302


def test_export_zip_holds_account_portfolio_revisions_consent_suggestions_audit_and_files(
    world, person, login, tmp_private_storage, django_capture_on_commit_callbacks
):
    page = PortfolioPage.objects.get(jobseeker=person)
    ignored = suggestion_create(
        portfolio=page, by=world.coach, step=EditorStep.ABOUT, text="Vertel over je hobby."
    )
    suggestion_ignore(suggestion=ignored, by=person)
    suggestion_create(
        portfolio=page,
        by=world.coach,
        step=EditorStep.WISHES,
        occupation=skill_concept("Magazijnmedewerker", concept_type=ConceptType.OCCUPATION),
    )
    client = login(person)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("data_export_request")).status_code == 302
    export = DataExport.objects.get(user=person)
    assert export.status == JobStatus.DONE
    page = client.get(reverse("my_data")).content.decode()
    assert reverse("data_export_download", args=[export.public_id]) in page
    response = client.get(reverse("data_export_download", args=[export.public_id]))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = json.loads(archive.read("data.json"))
    assert data["account"]["email"] == person.email
    assert data["memberships"][0]["organisation"] == "Leerwerkcentrum Oldambt"
    portfolio = data["portfolio"]
    assert portfolio["published_version"]["about_me"].startswith("Ik ben Sanne")
    assert portfolio["draft"]["headline"] == "Nog een draft"
    assert portfolio["draft"]["skills"][0]["skill"] == "Heftruck rijden"
    assert len(portfolio["revisions"]) >= 3
    assert portfolio["consent"]["employers_named"] is True
    assert {e["audience"] for e in portfolio["consent_log"]} >= {
        "coach_organisation",
        "coach_approves_employers",
    }
    assert any(e["action"] == "portfolio.view" and e["who"] == "Anke" for e in data["audit_events"])
    suggestions = portfolio["coach_suggestions"]
    assert [(s["step"], s["author"], s["state"]) for s in suggestions] == [
        ("about", "Anke", "ignored"),
        ("wishes", "Anke", "open"),
    ]
    assert suggestions[0]["text"] == "Vertel over je hobby." and suggestions[0]["decided_at"]
    assert suggestions[1]["occupation"] == "Magazijnmedewerker"
    assert suggestions[1]["decided_at"] is None
    assert "suggestions from your coach" in archive.read("README.txt").decode()
    files = [e["file"] for e in data["evidence"] if e["file"]]
    assert len(files) == 1 and archive.read(files[0]).startswith(b"\x89PNG")
    assert any(e["text"].startswith("Sanne") for e in data["evidence"])
    assert AuditEvent.objects.filter(action="data.export_download", actor=person).exists()


def test_my_data_page_follows_the_export_in_a_live_region_without_reloading(person, login):
    client = login(person)
    client.post(reverse("data_export_request"))  # not committed: the task has not run
    html = client.get(reverse("my_data")).content.decode()
    assert 'http-equiv="refresh"' not in html  # axe: critical; a live region instead
    assert "data-busy" in html and "live-status.js" in html
    assert reverse("my_data") in html  # "Check again" works without the script


# --- Erasure ---------------------------------------------------------------------------


def test_erasure_needs_the_tick_and_the_right_password(person, login):
    client = login(person)
    assert (
        client.post(reverse("account_erase"), {"password": "test-password-123"}).status_code == 200
    )
    assert (
        client.post(reverse("account_erase"), {"understood": "on", "password": "wrong"}).status_code
        == 200
    )
    assert type(person).objects.filter(pk=person.pk).exists()


def test_nobody_erases_someone_else(world, person):
    from django.core.exceptions import PermissionDenied

    from portfolios.privacy import account_erase

    with pytest.raises(PermissionDenied):
        account_erase(user=person, by=world.network_admin)


def test_erasure_leaves_nothing_of_the_person_in_the_database_or_the_file_store(
    world, person, login, tmp_private_storage, django_capture_on_commit_callbacks
):
    client = login(person)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("data_export_request"))
        portfolio = PortfolioPage.objects.get(jobseeker=person)
        client.post(reverse("cv_request", args=[portfolio.public_id]), {"version": "full"})
        coach = login(world.coach)
        coach.post(reverse("cv_request", args=[portfolio.public_id]), {"version": "full"})
    assert PortfolioDocument.objects.filter(status=JobStatus.DONE).count() == 2
    stored = list(_all_files(tmp_private_storage))
    assert len(stored) >= 4  # photo, two CVs, the export
    needles = (person.email, "Zwartkop", "Sanne")
    assert rows_mentioning(*needles)  # the scanner finds the person before erasure

    signalled = []

    def listener(**kwargs):
        signalled.append(kwargs["portfolio_id"])

    portfolio_visibility_changed.connect(listener)
    try:
        client = login(person)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("account_erase"), {"understood": "on", "password": "test-password-123"}
            )
    finally:
        portfolio_visibility_changed.disconnect(listener)
    assert response.status_code == 302

    assert rows_mentioning(*needles) == {}
    assert not type(person).objects.filter(pk=person.pk).exists()
    assert not PortfolioPage.objects.filter(pk=portfolio.pk).exists()
    assert list(_all_files(tmp_private_storage)) == []
    assert signalled == [portfolio.pk]
    # What others' logs need stays, without a link to the person.
    view = AuditEvent.objects.get(action="portfolio.view", actor=world.coach, details__erased=True)
    assert view.subject is None and view.object_repr == ""
    erased = AuditEvent.objects.get(action="account.erase")
    assert erased.actor is None and erased.subject is None
    # The Wagtail tree stays consistent.
    from wagtail.models import Page

    assert Page.find_problems() == ([], [], [], [], [])
    # The person is logged out.
    assert client.get(reverse("dashboard")).status_code == 302


def _all_files(storage, folder=""):
    if not storage.exists(folder or "."):
        return
    directories, files = storage.listdir(folder or ".")
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for directory in directories:
        yield from _all_files(storage, f"{folder}/{directory}" if folder else directory)
