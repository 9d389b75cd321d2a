"""The progress report PDF: what it shows in both languages, who may ask and download, retention."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.choices import SkillLevel
from portal.generated_files import JobStatus, generated_files_of, generated_files_purge
from portal.organisations.models import Membership, OrganisationKind, OrganisationStatus, Role
from portal.organisations.services import membership_create, membership_end, organisation_create
from portal.storage import PrivateFileSystemStorage
from portfolios.factories import make_portfolio, skill_concept
from portfolios.privacy import account_erase
from portfolios.services import consent_set
from portfolios.tests.test_pdf import pdf_objects
from tests.conftest import World
from training.models import GoalStatus, ProgressReport
from training.progress_reports import (
    progress_report_build,
    progress_report_request,
    report_context,
    report_document,
    report_html,
)
from training.services import (
    assessment_record,
    goal_comment_add,
    goal_create,
    module_complete,
    module_plan,
    trajectory_enrol,
)

GOAL = "Ik rijd zelfstandig heftruck"
MODULE = "Heftruckcertificaat VCA"
NEXT_MODULE = "Magazijnbeheer basis"


@pytest.fixture
def private_storage(tmp_path, monkeypatch):
    storage = PrivateFileSystemStorage(location=str(tmp_path / "private"))
    monkeypatch.setattr(ProgressReport._meta.get_field("file"), "storage", storage)
    return storage


@pytest.fixture
def progress(world: World):
    """Sanne rated forklift driving 2 herself; staff assessed it 3. A goal, two modules."""
    make_portfolio(
        jobseeker=world.jobseeker,
        skills={"Heftruck rijden": 2, "Kassa bedienen": 4},
        audiences=("coach_organisation",),
    )
    forklift = skill_concept("Heftruck rijden")
    trajectory = trajectory_enrol(
        jobseeker=world.jobseeker,
        organisation=world.training_centre,
        by=world.training_staff,
        start_date=date(2026, 1, 5),
        coach=world.coach,
    )
    goal = goal_create(
        trajectory=trajectory,
        by=world.coach,
        text=GOAL,
        concept=forklift,
        target_level=SkillLevel.ON_MY_OWN,
        due_date=date(2026, 3, 31),
    )
    goal_comment_add(goal=goal, by=world.jobseeker, text="Gaat al beter!")
    done = module_plan(
        trajectory=trajectory, by=world.coach, name=MODULE, hours=16, certificate=True
    )
    module_complete(module=done, by=world.coach, completed_date=date(2026, 2, 10))
    module_plan(
        trajectory=trajectory, by=world.coach, name=NEXT_MODULE, planned_date=date(2026, 4, 1)
    )
    assessment_record(
        jobseeker=world.jobseeker,
        organisation=world.training_centre,
        by=world.training_staff,
        concept=forklift,
        level=SkillLevel.ON_MY_OWN,
        assessed_on=date(2026, 2, 12),
        observation="Rijdt veilig",
    )
    return trajectory


@pytest.fixture
def other_centre_staff(world: World) -> User:
    centre = organisation_create(
        name="Leerwerkcentrum Veenkoloniën",
        kind=OrganisationKind.TRAINING_CENTRE,
        status=OrganisationStatus.APPROVED,
    )
    staff = User.objects.create_user(email="elders@example.nl", password="x", first_name="Els")
    membership_create(user=staff, organisation=centre, role=Role.TRAINING_STAFF)
    return staff


def laid_out_text(world: World, language: str, organisation="centre", viewer=None) -> str:
    """Every piece of text WeasyPrint put on the pages (what a PDF text extractor would find)."""

    def texts(box):
        if getattr(box, "text", None):
            yield box.text
        for child in getattr(box, "children", ()):
            yield from texts(child)

    document = report_document(
        jobseeker=world.jobseeker,
        organisation=world.training_centre if organisation == "centre" else None,
        viewer=viewer or (world.coach if organisation == "centre" else world.jobseeker),
        language=language,
    )
    return " ".join(text for page in document.pages for text in texts(page._page_box))


def _request_url(world: World) -> str:
    return reverse("progress_report_request", args=[world.training_centre.slug, world.jobseeker.pk])


def _ask(client, url, django_capture_on_commit_callbacks, language="nl"):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url, {"language": language})


# --- What is in it ---------------------------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "en"])
def test_report_shows_goal_modules_and_both_levels_in_the_chosen_language(
    world: World, progress, language: str
):
    text = laid_out_text(world, language)

    with translation.override(language):
        self_level = str(SkillLevel.WITH_HELP.label)
        staff_level = str(SkillLevel.ON_MY_OWN.label)
        progress_word = str(GoalStatus.OPEN.label)
    assert GOAL in text
    assert MODULE in text and NEXT_MODULE in text
    assert self_level in text and staff_level in text
    assert progress_word in text
    assert "Sanne" in text


def test_dutch_and_english_reports_differ(world: World, progress):
    assert laid_out_text(world, "nl") != laid_out_text(world, "en")


def test_report_has_a_chart_of_both_levels_without_network_or_script(world: World, progress):
    html = report_html(
        jobseeker=world.jobseeker,
        organisation=world.training_centre,
        viewer=world.coach,
        language="en",
    )
    assert "<svg" in html and 'role="img"' in html
    assert "<script" not in html
    assert "http://" not in html.split("<svg", 1)[1].replace("http://www.w3.org", "")


def test_staff_report_leaves_out_what_happened_at_another_centre(
    world: World, progress, other_centre_staff
):
    centre = other_centre_staff.memberships.get().organisation
    membership_create(user=world.jobseeker, organisation=centre, role=Role.JOBSEEKER)
    elsewhere = trajectory_enrol(
        jobseeker=world.jobseeker,
        organisation=centre,
        by=other_centre_staff,
        start_date=date(2025, 6, 1),
    )
    goal_create(trajectory=elsewhere, by=other_centre_staff, text="Doel van elders")

    assert "Doel van elders" not in laid_out_text(world, "nl")
    assert "Doel van elders" in laid_out_text(world, "nl", organisation=None)


def test_staff_report_leaves_out_self_assessed_levels_the_person_did_not_share(
    world: World, progress
):
    portfolio = world.jobseeker.portfolio
    consent_set(
        portfolio=portfolio, audience="coach_organisation", granted=False, by=world.jobseeker
    )

    staff_text = laid_out_text(world, "en")
    own_text = laid_out_text(world, "en", organisation=None)

    assert "Kassa bedienen" not in staff_text  # only in the portfolio, not assessed by staff
    assert str(SkillLevel.WITH_HELP.label) not in staff_text
    assert str(SkillLevel.ON_MY_OWN.label) in staff_text  # staff's own assessment stays
    assert "Kassa bedienen" in own_text and str(SkillLevel.WITH_HELP.label) in own_text


# --- Asking, making, downloading ------------------------------------------------------


@pytest.mark.parametrize("role", ["training_staff", "coach", "organisation_admin"])
def test_staff_ask_for_a_report_and_download_the_pdf(
    world: World, progress, login, private_storage, django_capture_on_commit_callbacks, role
):
    client = login(getattr(world, role))
    assert client.get(_request_url(world)).status_code == 200

    response = _ask(client, _request_url(world), django_capture_on_commit_callbacks, "en")

    report = ProgressReport.objects.get()
    assert response["Location"] == reverse("progress_report_status", args=[report.public_id])
    assert report.status == JobStatus.DONE and report.language == "en"
    assert report.render_ms is not None
    status = client.get(response["Location"]).content.decode()
    assert reverse("progress_report_download", args=[report.public_id]) in status
    download = client.get(reverse("progress_report_download", args=[report.public_id]))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    actions = set(
        AuditEvent.objects.filter(subject=world.jobseeker).values_list("action", flat=True)
    )
    assert {"progress_report.request", "progress_report.download"} <= actions


def test_jobseeker_asks_for_their_own_report(
    world: World, progress, login, private_storage, django_capture_on_commit_callbacks
):
    client = login(world.jobseeker)
    assert client.get(reverse("my_progress_report_request")).status_code == 200

    _ask(client, reverse("my_progress_report_request"), django_capture_on_commit_callbacks)

    report = ProgressReport.objects.get()
    assert report.organisation is None and report.jobseeker == world.jobseeker
    download = client.get(reverse("progress_report_download", args=[report.public_id]))
    assert download.status_code == 200
    pdf = pdf_objects(b"".join(download.streaming_content))
    assert b"/StructTreeRoot" in pdf and b"pdfuaid" in pdf  # tagged PDF/UA for screen readers


def test_status_page_follows_the_pdf_in_a_live_region_until_it_is_ready(
    world: World, progress, login
):
    client = login(world.coach)
    client.post(_request_url(world), {"language": "nl"})  # queued, not yet made (no commit)
    report = ProgressReport.objects.get()

    html = client.get(reverse("progress_report_status", args=[report.public_id])).content.decode()

    assert 'http-equiv="refresh"' not in html  # axe: critical; a live region instead
    assert "data-busy" in html and "live-status.js" in html
    assert (
        client.get(reverse("progress_report_download", args=[report.public_id])).status_code == 404
    )


def test_unknown_language_is_refused_with_the_form_kept(world: World, progress, login):
    response = login(world.coach).post(_request_url(world), {"language": "fy"})

    assert response.status_code == 200
    assert response.context["form"].errors["language"]
    assert not ProgressReport.objects.exists()


# --- Who may not -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", ["jobseeker", "other_jobseeker", "other_coach", "recruiter", "network_admin"]
)
def test_outsiders_cannot_ask_staff_for_a_report(world: World, progress, login, role: str):
    client = login(getattr(world, role))
    assert client.get(_request_url(world)).status_code == 404
    assert client.post(_request_url(world), {"language": "nl"}).status_code == 404
    assert not ProgressReport.objects.exists()


def test_staff_of_another_centre_cannot_ask_for_a_report(
    world: World, progress, login, other_centre_staff
):
    centre = other_centre_staff.memberships.get().organisation
    client = login(other_centre_staff)
    assert client.get(_request_url(world)).status_code == 404
    own_centre = reverse("progress_report_request", args=[centre.slug, world.jobseeker.pk])
    assert client.get(own_centre).status_code == 404  # never enrolled there


def test_no_report_of_a_person_never_enrolled_at_the_centre(world: World, progress, login):
    url = reverse(
        "progress_report_request", args=[world.training_centre.slug, world.other_jobseeker.pk]
    )
    assert login(world.coach).get(url).status_code == 404


def test_jobseeker_without_a_trajectory_gets_no_own_report(world: World, login):
    assert (
        login(world.other_jobseeker).get(reverse("my_progress_report_request")).status_code == 404
    )


def test_anonymous_is_sent_to_log_in(world: World, progress, client):
    response = client.get(_request_url(world))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def _made_by_staff(world: World) -> ProgressReport:
    report = progress_report_request(
        jobseeker=world.jobseeker,
        organisation=world.training_centre,
        by=world.training_staff,
        language="nl",
    )
    progress_report_build(report_id=report.pk)
    report.refresh_from_db()
    return report


@pytest.mark.parametrize(
    "role",
    ["jobseeker", "coach", "organisation_admin", "other_coach", "recruiter", "other_jobseeker"],
)
def test_nobody_but_the_requester_opens_or_downloads_a_report(
    world: World, progress, login, private_storage, role: str
):
    report = _made_by_staff(world)
    client = login(getattr(world, role))
    assert client.get(reverse("progress_report_status", args=[report.public_id])).status_code == 404
    assert (
        client.get(reverse("progress_report_download", args=[report.public_id])).status_code == 404
    )


def test_download_checks_again_that_the_requester_still_works_at_the_centre(
    world: World, progress, login, private_storage
):
    report = _made_by_staff(world)
    client = login(world.training_staff)
    url = reverse("progress_report_download", args=[report.public_id])
    assert client.get(url).status_code == 200

    membership = Membership.objects.get(
        user=world.training_staff, organisation=world.training_centre
    )
    membership_end(membership=membership, by=world.organisation_admin)

    assert client.get(url).status_code == 404
    assert client.get(reverse("progress_report_status", args=[report.public_id])).status_code == 404


# --- Retention and erasure ---------------------------------------------------------------


def test_expired_reports_and_their_files_are_deleted(
    world: World, progress, private_storage, django_capture_on_commit_callbacks
):
    report = _made_by_staff(world)
    name = report.file.name
    assert private_storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        assert (
            generated_files_purge(now=timezone.now() + timedelta(days=2)).deleted[ProgressReport]
            == 0
        )
        assert (
            generated_files_purge(now=timezone.now() + timedelta(days=400)).deleted[ProgressReport]
            == 1
        )

    assert not ProgressReport.objects.exists()
    assert not private_storage.exists(name)


def test_erased_persons_report_files_go_at_once(
    world: World, progress, private_storage, django_capture_on_commit_callbacks
):
    report = _made_by_staff(world)
    name = report.file.name
    assert (report.file.storage, name) in generated_files_of(world.jobseeker)

    with django_capture_on_commit_callbacks(execute=True):
        account_erase(user=world.jobseeker, by=world.jobseeker)

    assert not ProgressReport.objects.exists()
    assert not private_storage.exists(name)


def test_a_stray_report_file_is_purged_after_a_day(
    world: World, progress, private_storage, django_capture_on_commit_callbacks
):
    report = _made_by_staff(world)
    name = report.file.name
    ProgressReport.objects.filter(pk=report.pk).delete()  # e.g. a crash between row and file

    with django_capture_on_commit_callbacks(execute=True):
        assert generated_files_purge(now=timezone.now() + timedelta(days=2)).orphan_files >= 1
    assert not private_storage.exists(name)


def test_report_costs_the_same_queries_for_one_or_ten_goals_and_modules(world: World, progress):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            report_context(
                jobseeker=world.jobseeker, organisation=world.training_centre, viewer=world.coach
            )
        return len(queries)

    one = count()
    for index in range(9):
        goal = goal_create(trajectory=progress, by=world.coach, text=f"Doel {index}")
        goal_comment_add(goal=goal, by=world.jobseeker, text="Prima")
        module_plan(trajectory=progress, by=world.coach, name=f"Module {index}")
    assert count() == one
