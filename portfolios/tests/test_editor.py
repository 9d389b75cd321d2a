"""The jobseeker's own editor: who may use it, that each step saves a draft, publishing and history."""

import datetime
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision

from portal.organisations.models import Membership
from portal.taxonomy.autocomplete import reset_index
from portal.taxonomy.models import Concept
from portal.taxonomy.services import taxonomy_import
from portfolios.factories import make_portfolio, skill_concept
from portfolios.models import Audience, ConsentEvent, PortfolioPage
from portfolios.permissions import portfolio_permission_policy as policy
from portfolios.selectors import portfolio_draft_for_editor
from portfolios.services import (
    portfolio_create,
    portfolio_publish,
    portfolio_restore_revision,
    portfolio_save_draft,
)

ESCO_SMALL = Path(__file__).resolve().parents[2] / "portal/taxonomy/tests/fixtures/esco_small"
T = "https://talentbrug.nl/taxonomie/test"

EDITOR_GET = [
    "portfolio_editor",
    "portfolio_edit_about",
    "portfolio_edit_skills",
    "portfolio_edit_done",
    "portfolio_edit_wishes",
    "portfolio_edit_consent",
    "portfolio_edit_publish",
    "portfolio_edit_history",
]


@pytest.fixture
def taxonomy(db):
    cache.clear()
    reset_index()
    taxonomy_import(directory=ESCO_SMALL)
    yield {concept.uri.rsplit("/", 1)[1]: concept for concept in Concept.objects.all()}
    reset_index()


def draft_of(user) -> PortfolioPage:
    return portfolio_draft_for_editor(portfolio=PortfolioPage.objects.get(jobseeker=user))


# --- Who may use the editor. -------------------------------------------------------------


def test_first_visit_makes_a_private_portfolio_for_the_jobseeker(world, login):
    response = login(world.jobseeker).get(reverse("portfolio_editor"))

    assert response.status_code == 302
    assert response["Location"] == reverse("portfolio_edit_about")
    portfolio = PortfolioPage.objects.get(jobseeker=world.jobseeker)
    assert not portfolio.live
    assert not policy.can_view(world.coach, portfolio)


def test_someone_without_an_organisation_builds_a_portfolio_too(world, login):
    Membership.objects.filter(user=world.jobseeker).delete()

    assert login(world.jobseeker).get(reverse("portfolio_edit_about")).status_code == 200
    assert PortfolioPage.objects.filter(jobseeker=world.jobseeker).exists()


@pytest.mark.parametrize(
    "role", ["coach", "training_staff", "recruiter", "organisation_admin", "network_admin"]
)
def test_other_roles_get_403_on_every_editor_url_and_no_portfolio(world, login, role):
    client = login(getattr(world, role))
    for name in EDITOR_GET:
        assert client.get(reverse(name)).status_code == 403, name
    assert client.post(reverse("portfolio_edit_about"), {"headline": "x"}).status_code == 403
    assert client.post(reverse("portfolio_edit_restore", args=[1])).status_code == 403
    assert not PortfolioPage.objects.filter(jobseeker=getattr(world, role)).exists()


def test_anonymous_visitor_is_sent_to_login_and_changes_nothing(world, login):
    client = login(None)
    for name in EDITOR_GET:
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
    response = client.post(reverse("portfolio_edit_about"), {"headline": "x"})
    assert response.status_code == 302
    assert not PortfolioPage.objects.exists()


def test_another_jobseeker_edits_only_their_own_portfolio(world, login):
    mine = make_portfolio(jobseeker=world.jobseeker, publish=False)
    client = login(world.other_jobseeker)

    client.post(reverse("portfolio_edit_about"), {"headline": "Van Mehmet"})

    assert draft_of(world.jobseeker).headline == "Ik werk graag met mijn handen"
    assert draft_of(world.other_jobseeker).headline == "Van Mehmet"
    assert PortfolioPage.objects.get(pk=mine.pk).jobseeker == world.jobseeker


def test_another_jobseeker_cannot_restore_or_see_someone_elses_revision(world, login):
    theirs = make_portfolio(jobseeker=world.jobseeker, publish=False)
    revision = Revision.objects.for_instance(theirs).first()
    client = login(world.other_jobseeker)

    response = client.post(reverse("portfolio_edit_restore", args=[revision.pk]))

    assert response.status_code == 404
    history = client.get(reverse("portfolio_edit_history")).content.decode()
    assert f"/versies/{revision.pk}/" not in history
    assert Revision.objects.for_instance(theirs).count() == 2  # create + first save


def test_restore_url_answers_get_with_405(world, login):
    assert (
        login(world.jobseeker).get(reverse("portfolio_edit_restore", args=[1])).status_code == 405
    )


# --- Each step saves a draft that nobody else sees until it is published. ---------------


def test_about_step_saves_a_draft_that_others_do_not_see_until_publish(world, login):
    portfolio = make_portfolio(jobseeker=world.jobseeker, audiences=(Audience.COACH_ORGANISATION,))
    client = login(world.jobseeker)

    response = client.post(
        reverse("portfolio_edit_about"),
        {"headline": "Ik ben altijd op tijd", "about_me": "Ik fiets graag.", "support_needs": ""},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("portfolio_edit_skills")
    assert draft_of(world.jobseeker).headline == "Ik ben altijd op tijd"
    detail = reverse("portfolio_detail", args=[portfolio.public_id])
    assert "Ik ben altijd op tijd" not in login(world.coach).get(detail).content.decode()

    login(world.jobseeker).post(reverse("portfolio_edit_publish"), {"action": "publish"})

    assert "Ik ben altijd op tijd" in login(world.coach).get(detail).content.decode()


def test_publish_makes_it_visible_only_to_an_audience_with_consent(world, login):
    client = login(world.jobseeker)
    client.post(reverse("portfolio_edit_about"), {"headline": "Klaar voor werk"})
    client.post(reverse("portfolio_edit_consent"), {Audience.COACH_ORGANISATION.value: "on"})

    response = client.post(reverse("portfolio_edit_publish"), {"action": "publish"})

    assert response.status_code == 302
    portfolio = PortfolioPage.objects.get(jobseeker=world.jobseeker)
    assert portfolio.live
    assert policy.can_view(world.coach, portfolio)
    assert not policy.can_view(world.other_coach, portfolio)
    assert not policy.can_view(world.recruiter, portfolio)


def test_unpublish_takes_it_away_from_everyone_else(world, login):
    portfolio = make_portfolio(jobseeker=world.jobseeker, audiences=(Audience.COACH_ORGANISATION,))

    login(world.jobseeker).post(reverse("portfolio_edit_publish"), {"action": "unpublish"})

    assert not PortfolioPage.objects.get(pk=portfolio.pk).live
    assert not policy.can_view(world.coach, portfolio)


def test_skill_step_adds_changes_and_removes_a_skill_as_drafts(world, login, taxonomy):
    client = login(world.jobseeker)
    heftruck = taxonomy["heftruck"]

    found = client.get(reverse("portfolio_edit_skills"), {"q": "heftruk rijden"}).content.decode()
    assert heftruck.label("en") in found
    assert f"?kies={heftruck.pk}" in found
    chooser = client.get(reverse("portfolio_edit_skills"), {"kies": heftruck.pk}).content.decode()
    assert "I can do it on my own" in chooser and 'type="radio"' in chooser

    client.post(
        reverse("portfolio_edit_skills"),
        {"action": "set", "concept": heftruck.pk, "level": "3", "note": "Twee jaar bij Lidl"},
    )
    skill = draft_of(world.jobseeker).skills.get()
    assert (skill.concept_id, skill.level, skill.note) == (heftruck.pk, 3, "Twee jaar bij Lidl")

    client.post(
        reverse("portfolio_edit_skills"),
        {"action": "set", "concept": heftruck.pk, "level": "4", "note": ""},
    )
    assert draft_of(world.jobseeker).skills.get().level == 4

    client.post(reverse("portfolio_edit_skills"), {"action": "remove", "concept": heftruck.pk})
    assert not draft_of(world.jobseeker).skills.all()
    assert not PortfolioPage.objects.get(jobseeker=world.jobseeker).live


def test_skill_without_a_level_gets_a_clear_message_and_keeps_the_example(world, login, taxonomy):
    client = login(world.jobseeker)

    response = client.post(
        reverse("portfolio_edit_skills"),
        {"action": "set", "concept": taxonomy["afwassen"].pk, "note": "In de kantine"},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose how well you can do this." in html
    assert 'value="In de kantine"' in html
    assert not draft_of(world.jobseeker).skills.all()


def test_an_occupation_cannot_be_added_as_a_skill(world, login, taxonomy):
    response = login(world.jobseeker).post(
        reverse("portfolio_edit_skills"),
        {"action": "set", "concept": taxonomy["keukenhulp"].pk, "level": "2"},
    )
    assert response.status_code == 404


def test_skills_step_suggests_skills_of_the_wanted_work(world, login, taxonomy):
    client = login(world.jobseeker)
    client.post(
        reverse("portfolio_edit_wishes"),
        {"action": "add_occupation", "concept": taxonomy["keukenhulp"].pk},
    )
    client.post(
        reverse("portfolio_edit_skills"),
        {"action": "set", "concept": taxonomy["afwassen"].pk, "level": "2"},
    )

    html = client.get(reverse("portfolio_edit_skills")).content.decode()

    suggestions = html.split('id="suggestions-heading"')[1]
    assert "People who want this work often can:" in suggestions
    assert taxonomy["keukenhulp"].label("en") in suggestions
    assert f"?kies={taxonomy['hygiene'].pk}" in suggestions
    assert f"?kies={taxonomy['afwassen'].pk}" not in suggestions  # already has it


def test_done_step_adds_changes_and_removes_entries(world, login):
    client = login(world.jobseeker)

    response = client.post(
        reverse("portfolio_edit_done_add", args=["experience"]),
        {"kind": "work", "title": "Hulp in de keuken", "place": "De Kroon", "period": "2022"},
    )
    assert response.status_code == 302
    client.post(
        reverse("portfolio_edit_done_add", args=["education"]),
        {"name": "Heftruckcertificaat", "certificate": "on"},
    )
    narrative = draft_of(world.jobseeker).narrative
    assert [block.block_type for block in narrative] == ["experience", "education"]
    block_id = narrative[0].id

    edit = client.get(reverse("portfolio_edit_done_entry", args=[block_id])).content.decode()
    assert 'value="Hulp in de keuken"' in edit
    client.post(
        reverse("portfolio_edit_done_entry", args=[block_id]),
        {"kind": "volunteering", "title": "Vrijwilliger in de keuken"},
    )
    assert draft_of(world.jobseeker).narrative[0].value["title"] == "Vrijwilliger in de keuken"

    client.post(reverse("portfolio_edit_done_remove", args=[block_id]))
    assert [b.block_type for b in draft_of(world.jobseeker).narrative] == ["education"]


def test_done_entry_without_a_title_keeps_what_was_typed(world, login):
    response = login(world.jobseeker).post(
        reverse("portfolio_edit_done_add", args=["experience"]),
        {"kind": "work", "place": "Winschoten"},
    )
    assert response.status_code == 400
    assert "Write what you did." in response.content.decode()
    assert 'value="Winschoten"' in response.content.decode()


def test_unknown_entry_or_kind_is_404(world, login):
    client = login(world.jobseeker)
    unknown = "7d6ef0d9-8a0b-4a2e-9d0d-0f0a5c1e8a11"
    assert client.get(reverse("portfolio_edit_done_entry", args=[unknown])).status_code == 404
    assert client.post(reverse("portfolio_edit_done_remove", args=[unknown])).status_code == 404
    assert client.get(reverse("portfolio_edit_done_add", args=["hobby"])).status_code == 404


def wishes(**changes):
    data = {
        "action": "save",
        "sectors": ["cleaning"],
        "work_types": ["paid_job", "volunteering"],
        "hours_min": "16",
        "hours_max": "24",
        "days_available": ["mon", "tue"],
        "postcode": "9671 ab",
        "max_travel_km": "15",
        "transport": ["bike"],
        "driving_licences": ["B"],
        "earliest_start": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
    }
    data.update(changes)
    return data


def test_the_jobseeker_records_certificates_and_dutch_level(world, login):
    response = login(world.jobseeker).post(
        reverse("portfolio_edit_wishes"),
        wishes(certificates=["vca_basic", "forklift"], dutch_level="B1"),
    )

    assert response.status_code == 302
    draft = draft_of(world.jobseeker)
    assert sorted(draft.certificates) == ["forklift", "vca_basic"]
    assert draft.dutch_level == "B1"


def test_wishes_step_saves_wishes_with_coordinates_of_the_postcode(world, login):
    response = login(world.jobseeker).post(reverse("portfolio_edit_wishes"), wishes())

    assert response.status_code == 302
    assert response["Location"] == reverse("portfolio_edit_consent")
    draft = draft_of(world.jobseeker)
    assert (draft.hours_min, draft.hours_max) == (16, 24)
    assert draft.postcode == "9671AB"
    assert draft.latitude and draft.longitude
    assert draft.work_types == ["paid_job", "volunteering"]
    assert draft.days_available == ["mon", "tue"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"hours_min": "30", "hours_max": "20"}, "must be the same as or more than"),
        ({"postcode": "5999 AB"}, "Postcode 5999 does not exist."),
        ({"postcode": "hallo"}, "This is not a Dutch postcode."),
        ({"earliest_start": "2020-01-01"}, "This date has passed."),
        ({"certificates": ["forklift", "diploma"]}, "Choose certificates from the list."),
        ({"dutch_level": "D9"}, "Choose a level of Dutch from the list."),
    ],
)
def test_bad_wishes_get_a_clear_message_and_keep_everything_typed(world, login, changes, message):
    response = login(world.jobseeker).post(reverse("portfolio_edit_wishes"), wishes(**changes))

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'value="15" selected' in html  # max travel km, chosen and kept
    assert (
        'value="cleaning" class="utrecht-checkbox utrecht-checkbox--html-input" id="id_sectors_1" checked'
        in html.replace("\n", "")
    )
    assert not draft_of(world.jobseeker).max_travel_km


def test_travel_distance_is_one_of_the_distances_matching_uses(world, login):
    client = login(world.jobseeker)

    refused = client.post(reverse("portfolio_edit_wishes"), wishes(max_travel_km="33"))
    assert refused.status_code == 400
    assert not draft_of(world.jobseeker).max_travel_km

    client.post(reverse("portfolio_edit_wishes"), wishes(max_travel_km="35"))
    assert draft_of(world.jobseeker).max_travel_km == 35


def test_a_travel_distance_saved_between_steps_shows_as_the_step_below(world, login):
    client = login(world.jobseeker)
    client.post(reverse("portfolio_edit_wishes"), wishes())
    portfolio = PortfolioPage.objects.get(jobseeker=world.jobseeker)
    portfolio_save_draft(portfolio=portfolio, by=world.jobseeker, fields={"max_travel_km": 33})

    html = client.get(reverse("portfolio_edit_wishes")).content.decode()

    assert 'value="30" selected' in html
    assert 'value="33"' not in html


def test_wishes_step_adds_and_removes_work_and_languages(world, login, taxonomy):
    client = login(world.jobseeker)
    results = client.get(reverse("portfolio_edit_wishes"), {"q": "magazijn"}).content.decode()
    assert taxonomy["magazijn"].label("en") in results

    client.post(
        reverse("portfolio_edit_wishes"),
        {"action": "add_occupation", "concept": taxonomy["magazijn"].pk},
    )
    client.post(
        reverse("portfolio_edit_wishes"),
        {"action": "add_language", "language": "Arabisch", "level": "native"},
    )
    draft = draft_of(world.jobseeker)
    assert [o.concept_id for o in draft.occupations.all()] == [taxonomy["magazijn"].pk]
    assert [(lang.language, lang.level) for lang in draft.languages.all()] == [
        ("Arabisch", "native")
    ]

    client.post(
        reverse("portfolio_edit_wishes"),
        {"action": "remove_occupation", "concept": taxonomy["magazijn"].pk},
    )
    client.post(reverse("portfolio_edit_wishes"), {"remove_language": "arabisch"})
    draft = draft_of(world.jobseeker)
    assert not draft.occupations.all() and not draft.languages.all()


def test_adding_a_language_keeps_the_hours_changed_just_before(world, login):
    client = login(world.jobseeker)
    client.post(reverse("portfolio_edit_wishes"), wishes())

    # One form: the hours changed to 20-32 travel along with the new language.
    response = client.post(
        reverse("portfolio_edit_wishes"),
        {
            **wishes(hours_min="20", hours_max="32"),
            "wishes": "1",
            "action": "add_language",
            "language": "Pools",
            "level": "good",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("portfolio_edit_wishes")
    draft = draft_of(world.jobseeker)
    assert (draft.hours_min, draft.hours_max) == (20, 32)
    assert [lang.language for lang in draft.languages.all()] == ["Pools"]
    page = client.get(reverse("portfolio_edit_wishes")).content.decode()
    assert 'name="hours_min" value="20"' in page.replace("\n", "")


def test_removing_a_language_keeps_the_hours_changed_just_before(world, login):
    client = login(world.jobseeker)
    client.post(reverse("portfolio_edit_wishes"), wishes())
    client.post(
        reverse("portfolio_edit_wishes"),
        {"action": "add_language", "language": "Pools", "level": "good"},
    )

    client.post(
        reverse("portfolio_edit_wishes"),
        {**wishes(hours_max="36"), "wishes": "1", "action": "", "remove_language": "Pools"},
    )

    draft = draft_of(world.jobseeker)
    assert draft.hours_max == 36
    assert not draft.languages.all()


def test_a_mistake_in_the_hours_is_shown_again_as_typed_after_adding_a_language(world, login):
    client = login(world.jobseeker)
    client.post(reverse("portfolio_edit_wishes"), wishes())

    response = client.post(
        reverse("portfolio_edit_wishes"),
        {
            **wishes(hours_min="30", hours_max="20"),
            "wishes": "1",
            "action": "add_language",
            "language": "Pools",
            "level": "good",
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "must be the same as or more than" in html
    assert 'value="30"' in html and 'value="20"' in html
    draft = draft_of(world.jobseeker)
    assert (draft.hours_min, draft.hours_max) == (16, 24)  # nothing wrong was stored
    assert [lang.language for lang in draft.languages.all()] == ["Pools"]


def test_language_without_a_level_keeps_the_name(world, login):
    response = login(world.jobseeker).post(
        reverse("portfolio_edit_wishes"), {"action": "add_language", "language": "Tigrinya"}
    )
    assert response.status_code == 400
    assert "Choose how well you speak it." in response.content.decode()
    assert 'value="Tigrinya"' in response.content.decode()


def test_consent_step_records_each_switch_with_the_text_shown(world, login):
    client = login(world.jobseeker)
    page = client.get(reverse("portfolio_edit_consent")).content.decode()
    assert "The coaches of my organisation may see my portfolio, with my name." in page
    assert "has not said yes to employers yet" in page

    client.post(
        reverse("portfolio_edit_consent"),
        {Audience.NETWORK.value: "on", Audience.EMPLOYERS_ANONYMOUS.value: "on"},
    )

    events = ConsentEvent.objects.order_by("audience")
    assert [(e.audience, e.granted) for e in events] == [
        ("employers_anonymous", True),
        ("network", True),
    ]
    assert events[0].text_shown.startswith("Employers may see my portfolio without my name")

    client.post(reverse("portfolio_edit_consent"), {Audience.EMPLOYERS_ANONYMOUS.value: "on"})
    assert ConsentEvent.objects.filter(audience="network", granted=False).count() == 1


# --- Previews, history and restore. ------------------------------------------------------


def test_previews_show_the_draft_as_coach_and_as_employer(world, login):
    make_portfolio(
        jobseeker=world.jobseeker, publish=False, support_needs="Een vaste werkplek helpt."
    )
    client = login(world.jobseeker)

    coach = client.get(reverse("portfolio_edit_preview", args=["coach"])).content.decode()
    employer = client.get(reverse("portfolio_edit_preview", args=["werkgever"])).content.decode()

    assert "Sanne" in coach and "vaste werkplek" in coach
    assert "Ik werk graag met mijn handen" in employer
    assert "vaste werkplek" not in employer
    assert "<h1>Sanne" not in employer.replace("\n", "")
    assert client.get(reverse("portfolio_edit_preview", args=["buurman"])).status_code == 404


def test_employer_preview_blanks_the_surname_but_not_the_particle_in_running_text(world, login):
    world.jobseeker.last_name = "de Boer"
    world.jobseeker.save()
    make_portfolio(
        jobseeker=world.jobseeker,
        publish=False,
        about_me="Ik ben Sanne de Boer. Aan het eind van de dag ruim ik de kas op.",
    )

    html = (
        login(world.jobseeker)
        .get(reverse("portfolio_edit_preview", args=["werkgever"]))
        .content.decode()
    )

    assert "Aan het eind van de dag ruim ik de kas op." in html
    assert "Ik ben …." in html  # the whole name went, not only "Sanne"


def test_restore_saves_an_older_version_as_the_newest_draft(world, login, taxonomy):
    client = login(world.jobseeker)
    client.post(reverse("portfolio_edit_about"), {"headline": "Eerste versie"})
    client.post(
        reverse("portfolio_edit_skills"),
        {"action": "set", "concept": taxonomy["kassa"].pk, "level": "1"},
    )
    portfolio = PortfolioPage.objects.get(jobseeker=world.jobseeker)
    first = Revision.objects.for_instance(portfolio).order_by("-created_at", "-id")[1]
    client.post(reverse("portfolio_edit_about"), {"headline": "Tweede versie"})
    history = client.get(reverse("portfolio_edit_history")).content.decode()
    assert reverse("portfolio_edit_restore", args=[first.pk]) in history

    response = client.post(reverse("portfolio_edit_restore", args=[first.pk]))

    assert response.status_code == 302
    draft = draft_of(world.jobseeker)
    assert draft.headline == "Eerste versie"
    assert not draft.skills.all()  # the skill came after that version
    assert not PortfolioPage.objects.get(pk=portfolio.pk).live


def test_restore_service_refuses_a_revision_of_another_page(world):
    from django.core.exceptions import ObjectDoesNotExist

    mine = portfolio_create(jobseeker=world.jobseeker)
    theirs = portfolio_create(jobseeker=world.other_jobseeker)
    revision = Revision.objects.for_instance(theirs).first()
    with pytest.raises(ObjectDoesNotExist):
        portfolio_restore_revision(portfolio=mine, by=world.jobseeker, revision_id=revision.pk)


def test_progress_shows_the_current_step_and_what_is_still_empty(world, login):
    client = login(world.jobseeker)
    client.post(reverse("portfolio_edit_about"), {"headline": "Hallo"})

    html = client.get(reverse("portfolio_edit_skills")).content.decode()

    progress = html.split('class="editor-progress"')[1].split("</nav>")[0]
    assert progress.count("<li") == 6
    assert 'href="/mijn/portfolio/goed-in/" aria-current="step"' in progress
    assert progress.count("still empty") == 4  # skills, done, wishes, consent
    assert progress.count("filled in") == 1


def test_coming_back_opens_the_first_empty_step(world, login):
    client = login(world.jobseeker)
    client.post(reverse("portfolio_edit_about"), {"headline": "Hallo"})

    assert client.get(reverse("portfolio_editor"))["Location"] == reverse("portfolio_edit_skills")


def test_dashboard_offers_my_portfolio_to_jobseekers_only(world, login):
    card = 'data-card="portfolio"'
    assert card in login(world.jobseeker).get(reverse("dashboard")).content.decode()
    assert card not in login(world.coach).get(reverse("dashboard")).content.decode()
    assert card not in login(world.recruiter).get(reverse("dashboard")).content.decode()


# --- Query counts. ----------------------------------------------------------------------


def _skills_page_queries(user, client, count: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    portfolio = portfolio_create(jobseeker=user)
    rows = [
        {"concept": skill_concept(f"Vaardigheid {n}"), "level": 1 + n % 4, "sort_order": n}
        for n in range(count)
    ]
    occupation = skill_concept("Beroep", concept_type="occupation")
    portfolio_save_draft(
        portfolio=portfolio,
        by=user,
        children={"skills": rows, "occupations": [{"concept": occupation, "sort_order": 0}]},
    )
    portfolio_publish(portfolio=portfolio, by=user)
    client.get(reverse("portfolio_edit_skills"))  # warm caches (content types, sites)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("portfolio_edit_skills"))
    assert response.status_code == 200
    assert response.content.decode().count("?kies=") >= count
    return len(queries)


def test_skills_step_query_count_is_the_same_with_1_and_30_skills(world, login):
    with_one = _skills_page_queries(world.jobseeker, login(world.jobseeker), 1)
    with_thirty = _skills_page_queries(world.other_jobseeker, login(world.other_jobseeker), 30)

    assert with_one == with_thirty
    assert with_one <= 15


# --- The photo on About me (stored as the person's own evidence). ------------------------


def _png() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (40, 40), (11, 92, 74)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_about_step_adds_a_photo_and_can_remove_it(world, login, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    client = login(world.jobseeker)

    response = client.post(
        reverse("portfolio_edit_about"),
        {"headline": "Met foto", "photo": SimpleUploadedFile("ik.png", _png(), "image/png")},
    )

    assert response.status_code == 302
    draft = draft_of(world.jobseeker)
    assert draft.photo_evidence_id is not None
    assert draft.photo_evidence.owner == world.jobseeker
    page = client.get(reverse("portfolio_edit_about")).content.decode()
    assert reverse("evidence_file", args=[draft.photo_evidence.public_id]) in page

    client.post(reverse("portfolio_edit_about"), {"headline": "Met foto", "remove_photo": "on"})
    assert draft_of(world.jobseeker).photo_evidence_id is None


def test_wrong_photo_file_gets_a_message_and_keeps_the_typed_text(world, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = login(world.jobseeker).post(
        reverse("portfolio_edit_about"),
        {
            "headline": "Ik ben Sanne",
            "about_me": "Ik werk graag buiten.",
            "photo": SimpleUploadedFile("ik.png", b"not an image at all", "image/png"),
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Ik ben Sanne"' in html
    assert "Ik werk graag buiten." in html
    assert 'id="id_photo_error"' in html
    assert draft_of(world.jobseeker).headline == ""
