"""Coach suggestions: a coach of the jobseeker's own organisation suggests, only the jobseeker decides."""

from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Revision

from portal.audit.models import AuditEvent
from portal.organisations.models import Role
from portal.organisations.services import membership_create
from portal.taxonomy.autocomplete import reset_index
from portal.taxonomy.models import Concept, ConceptType
from portal.taxonomy.services import taxonomy_import
from portfolios.factories import make_portfolio, skill_concept
from portfolios.models import (
    Audience,
    CoachSuggestion,
    EditorStep,
    PortfolioPage,
    SuggestionState,
)
from portfolios.privacy import account_erase
from portfolios.selectors import portfolio_draft_for_editor
from portfolios.services import portfolio_skill_set
from portfolios.suggestions import suggestion_accept, suggestion_create, suggestion_ignore
from tests.conftest import make_user

ESCO_SMALL = Path(__file__).resolve().parents[2] / "portal/taxonomy/tests/fixtures/esco_small"
TIP = "Vertel over je werk bij de bakkerij."


@pytest.fixture
def taxonomy(db):
    cache.clear()
    reset_index()
    taxonomy_import(directory=ESCO_SMALL)
    yield {concept.uri.rsplit("/", 1)[1]: concept for concept in Concept.objects.all()}
    reset_index()


@pytest.fixture
def shared(world) -> PortfolioPage:
    """The jobseeker's published portfolio, open to every audience and to employers."""
    return make_portfolio(
        jobseeker=world.jobseeker,
        skills={"Schoonmaken": 2},
        audiences=tuple(Audience.values),
        coach=world.coach,
    )


def detail(portfolio: PortfolioPage) -> str:
    return reverse("portfolio_detail", args=[portfolio.public_id])


def decide(suggestion: CoachSuggestion) -> str:
    return reverse("portfolio_suggestion_decide", args=[suggestion.pk])


def draft_of(portfolio: PortfolioPage) -> PortfolioPage:
    return portfolio_draft_for_editor(portfolio=PortfolioPage.objects.get(pk=portfolio.pk))


def tip(world, portfolio: PortfolioPage, **fields) -> CoachSuggestion:
    return suggestion_create(
        portfolio=portfolio, by=world.coach, **{"step": EditorStep.ABOUT, "text": TIP, **fields}
    )


# --- Who may leave a suggestion. ----------------------------------------------------------


@pytest.mark.parametrize(
    "role", ["jobseeker", "other_jobseeker", "other_coach", "training_staff", "recruiter"]
)
def test_nobody_but_a_coach_of_the_own_organisation_leaves_a_suggestion(world, login, shared, role):
    response = login(getattr(world, role)).post(detail(shared), {"step": "about", "text": TIP})

    assert response.status_code == 404
    assert not CoachSuggestion.objects.exists()


def test_anonymous_visitor_is_sent_to_login_and_leaves_nothing(world, login, shared):
    response = login(None).post(detail(shared), {"step": "about", "text": TIP})

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not CoachSuggestion.objects.exists()


@pytest.mark.parametrize(
    "role", ["jobseeker", "other_jobseeker", "other_coach", "training_staff", "recruiter"]
)
def test_suggestion_service_refuses_everyone_but_the_own_coaches(world, shared, role):
    with pytest.raises(PermissionDenied):
        suggestion_create(portfolio=shared, by=getattr(world, role), step="about", text=TIP)
    assert not CoachSuggestion.objects.exists()


def test_coach_of_another_organisation_cannot_suggest_even_when_the_network_sees_it(world, login):
    # Network consent opens the page to other intermediaries, not the right to coach.
    portfolio = make_portfolio(jobseeker=world.jobseeker, audiences=(Audience.NETWORK,))
    client = login(world.other_coach)

    page = client.get(detail(portfolio)).content.decode()

    assert 'id="suggest-heading"' not in page
    assert client.post(detail(portfolio), {"step": "about", "text": TIP}).status_code == 404


def test_coach_leaves_a_suggestion_and_sees_it_with_its_state(world, login, shared):
    client = login(world.coach)
    assert 'id="suggest-heading"' in client.get(detail(shared)).content.decode()

    response = client.post(detail(shared), {"step": "done", "text": TIP})

    assert response.status_code == 302
    assert response["Location"] == detail(shared) + "#my-suggestions-heading"
    suggestion = CoachSuggestion.objects.get()
    assert (suggestion.step, suggestion.text, suggestion.author) == ("done", TIP, world.coach)
    assert suggestion.state == SuggestionState.OPEN
    mine = client.get(detail(shared)).content.decode().split('id="my-suggestions-heading"')[1]
    assert TIP in mine and "What I have done" in mine and "Open" in mine
    event = AuditEvent.objects.get(action="suggestion.create")
    assert (event.actor, event.subject) == (world.coach, world.jobseeker)
    assert TIP not in str(event.details)  # the text may name people: not in the log


def test_organisation_admin_of_the_own_organisation_may_suggest_too(world, login, shared):
    response = login(world.organisation_admin).post(detail(shared), {"step": "about", "text": TIP})

    assert response.status_code == 302
    assert CoachSuggestion.objects.get().author == world.organisation_admin


def test_a_coach_sees_only_their_own_earlier_suggestions(world, login, shared):
    suggestion_create(portfolio=shared, by=world.organisation_admin, step="about", text=TIP)

    page = login(world.coach).get(detail(shared)).content.decode()

    assert TIP not in page
    assert "You have not left a suggestion yet." in page


def test_empty_suggestion_gets_a_clear_message(world, login, shared):
    response = login(world.coach).post(detail(shared), {"step": "about", "text": "  "})

    assert response.status_code == 400
    assert "Write your suggestion." in response.content.decode()
    assert not CoachSuggestion.objects.exists()


def test_coach_picks_a_skill_with_the_picker_without_javascript(world, login, shared, taxonomy):
    heftruck = taxonomy["heftruck"]
    client = login(world.coach)

    found = client.get(detail(shared), {"q": "heftruk"}).content.decode()
    assert f"?kies={heftruck.pk}#suggest-heading" in found
    chosen = client.get(detail(shared), {"kies": heftruck.pk}).content.decode()
    assert f'name="concept" value="{heftruck.pk}"' in chosen
    assert 'name="skill_level"' in chosen

    # Without a level: a message, and the typed text stays.
    response = client.post(detail(shared), {"concept": heftruck.pk, "text": "Bij de Jumbo"})
    assert response.status_code == 400
    assert "Choose how well the jobseeker can do this." in response.content.decode()
    assert "Bij de Jumbo" in response.content.decode()

    # The hidden step says "about", but a skill belongs to "What I am good at".
    client.post(detail(shared), {"concept": heftruck.pk, "step": "about", "skill_level": "3"})
    suggestion = CoachSuggestion.objects.get()
    assert (suggestion.step, suggestion.skill, suggestion.skill_level) == ("skills", heftruck, 3)


def test_coach_picks_work_for_the_step_what_i_want(world, login, shared, taxonomy):
    client = login(world.coach)

    client.post(detail(shared), {"concept": taxonomy["magazijn"].pk, "step": "wishes"})

    suggestion = CoachSuggestion.objects.get()
    assert (suggestion.step, suggestion.occupation) == ("wishes", taxonomy["magazijn"])
    assert suggestion.skill is None


def test_unknown_concept_in_a_suggestion_is_404(world, login, shared):
    response = login(world.coach).post(
        detail(shared), {"concept": "999999", "step": "skills", "skill_level": "2"}
    )
    assert response.status_code == 404


def test_suggestion_service_keeps_skills_and_work_on_their_own_step(world, shared):
    skill = skill_concept("Heftruck besturen")
    work = skill_concept("Magazijnmedewerker", concept_type=ConceptType.OCCUPATION)
    with pytest.raises(ValidationError):
        tip(world, shared, step="about", skill=skill, skill_level=2)
    with pytest.raises(ValidationError):
        tip(world, shared, step="skills", skill=skill)  # no level
    with pytest.raises(ValidationError):
        tip(world, shared, step="skills", skill=work, skill_level=2)
    with pytest.raises(ValidationError):
        tip(world, shared, step="about", occupation=work)
    assert not CoachSuggestion.objects.exists()


# --- Who may see and decide. ----------------------------------------------------------------


def test_others_do_not_see_the_suggestions(world, login, shared):
    tip(world, shared)

    for role in ("other_coach", "training_staff", "recruiter"):
        page = login(getattr(world, role)).get(detail(shared))
        assert page.status_code == 200, role  # they see the portfolio itself
        assert TIP not in page.content.decode(), role
    other_editor = login(world.other_jobseeker).get(reverse("portfolio_edit_about"))
    assert TIP not in other_editor.content.decode()
    assert TIP in login(world.jobseeker).get(reverse("portfolio_edit_about")).content.decode()


@pytest.mark.parametrize("action", ["accept", "ignore"])
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("other_jobseeker", 404),
        ("coach", 403),
        ("organisation_admin", 403),
        ("other_coach", 403),
        ("recruiter", 403),
    ],
)
def test_nobody_but_the_jobseeker_accepts_or_ignores(world, login, shared, role, status, action):
    suggestion = tip(world, shared)

    response = login(getattr(world, role)).post(decide(suggestion), {"action": action})

    assert response.status_code == status
    assert CoachSuggestion.objects.get().state == SuggestionState.OPEN


def test_anonymous_visitor_cannot_decide_about_a_suggestion(world, login, shared):
    suggestion = tip(world, shared)

    response = login(None).post(decide(suggestion), {"action": "accept"})

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert CoachSuggestion.objects.get().state == SuggestionState.OPEN


def test_a_coach_cannot_accept_or_ignore_on_behalf_of_the_jobseeker(world, shared):
    skill = skill_concept("Heftruck besturen")
    suggestion = tip(world, shared, step="skills", skill=skill, skill_level=3)

    for service in (suggestion_accept, suggestion_ignore):
        with pytest.raises(PermissionDenied):
            service(suggestion=suggestion, by=world.coach)

    assert CoachSuggestion.objects.get().state == SuggestionState.OPEN
    assert skill.pk not in {s.concept_id for s in draft_of(shared).skills.all()}


# --- What accepting and ignoring do. --------------------------------------------------------


def test_accepting_a_skill_changes_the_draft_not_the_published_version(world, login, shared):
    skill = skill_concept("Heftruck besturen")
    suggestion = tip(world, shared, step="skills", skill=skill, skill_level=3, text="")
    client = login(world.jobseeker)

    response = client.post(decide(suggestion), {"action": "accept"})

    assert response.status_code == 302
    assert response["Location"] == reverse("portfolio_edit_skills")
    assert {(s.concept_id, s.level) for s in draft_of(shared).skills.all()} >= {(skill.pk, 3)}
    published = PortfolioPage.objects.get(pk=shared.pk)
    assert skill.pk not in {s.concept_id for s in published.skills.all()}
    assert published.has_unpublished_changes
    assert CoachSuggestion.objects.get().state == SuggestionState.ACCEPTED
    assert CoachSuggestion.objects.get().decided_at is not None
    coach_view = login(world.coach).get(detail(shared)).content.decode()
    assert "Heftruck besturen" not in coach_view.split('id="my-suggestions-heading"')[0]
    assert AuditEvent.objects.filter(action="suggestion.accept", actor=world.jobseeker).exists()


def test_accepting_a_skill_the_jobseeker_has_keeps_their_example(world, shared):
    skill = skill_concept("Heftruck besturen")
    portfolio_skill_set(
        portfolio=shared, by=world.jobseeker, concept=skill, level=1, note="Bij de Lidl"
    )
    suggestion = tip(world, shared, step="skills", skill=skill, skill_level=3)

    suggestion_accept(suggestion=suggestion, by=world.jobseeker)

    row = next(s for s in draft_of(shared).skills.all() if s.concept_id == skill.pk)
    assert (row.level, row.note) == (3, "Bij de Lidl")


def test_accepting_work_adds_it_to_the_draft(world, login, shared):
    work = skill_concept("Magazijnmedewerker", concept_type=ConceptType.OCCUPATION)
    suggestion = tip(world, shared, step="wishes", occupation=work)

    response = login(world.jobseeker).post(decide(suggestion), {"action": "accept"})

    assert response["Location"] == reverse("portfolio_edit_wishes")
    assert [o.concept_id for o in draft_of(shared).occupations.all()] == [work.pk]
    assert not PortfolioPage.objects.get(pk=shared.pk).occupations.exists()


def test_accepting_a_text_suggestion_marks_it_taken_over_and_changes_nothing(world, login, shared):
    suggestion = tip(world, shared)
    revisions = Revision.objects.for_instance(shared).count()

    login(world.jobseeker).post(decide(suggestion), {"action": "accept"})

    assert CoachSuggestion.objects.get().state == SuggestionState.ACCEPTED
    assert Revision.objects.for_instance(shared).count() == revisions


def test_ignoring_keeps_the_portfolio_and_a_second_decision_changes_nothing(world, login, shared):
    skill = skill_concept("Heftruck besturen")
    suggestion = tip(world, shared, step="skills", skill=skill, skill_level=3)
    client = login(world.jobseeker)

    client.post(decide(suggestion), {"action": "ignore"})
    response = client.post(decide(suggestion), {"action": "accept"}, follow=True)

    assert CoachSuggestion.objects.get().state == SuggestionState.IGNORED
    assert skill.pk not in {s.concept_id for s in draft_of(shared).skills.all()}
    assert "You already decided about this suggestion." in response.content.decode()
    assert AuditEvent.objects.filter(action="suggestion.ignore").count() == 1


def test_unknown_action_or_get_is_refused(world, login, shared):
    suggestion = tip(world, shared)
    client = login(world.jobseeker)

    assert client.post(decide(suggestion), {"action": "publish"}).status_code == 404
    assert client.get(decide(suggestion)).status_code == 405
    assert CoachSuggestion.objects.get().state == SuggestionState.OPEN


# --- The jobseeker's editor shows them. ----------------------------------------------------


def test_each_step_shows_its_own_open_suggestions_with_accept_and_ignore(world, login, shared):
    on_about = tip(world, shared)
    tip(world, shared, step="done", text="Zet je stage erbij.")
    decided = tip(world, shared, text="Al gedaan")
    suggestion_ignore(suggestion=decided, by=world.jobseeker)
    client = login(world.jobseeker)

    about = client.get(reverse("portfolio_edit_about")).content.decode()

    box = about.split('class="coach-tips"')[1].split("</section>")[0]
    assert "Your coach Anke suggests:" in box and TIP in box
    assert "Zet je stage erbij." not in box and "Al gedaan" not in box
    assert f'action="{decide(on_about)}"' in box
    assert 'value="accept"' in box and 'value="ignore"' in box
    progress = about.split('class="editor-progress"')[1].split("</nav>")[0]
    assert progress.count("1 tip from your coach") == 2  # about and done
    skills = client.get(reverse("portfolio_edit_skills")).content.decode()
    assert 'class="coach-tips"' not in skills
    overview = client.get(reverse("portfolio_edit_publish")).content.decode()
    assert "Your coach has 2 tips for you." in overview


def _step_queries(world, client, portfolio: PortfolioPage, count: int) -> int:
    CoachSuggestion.objects.all().delete()
    for n in range(count):
        skill = skill_concept(f"Vaardigheid {n}")
        tip(world, portfolio, step="skills", skill=skill, skill_level=2, text=f"Tip {n}")
    client.get(reverse("portfolio_edit_skills"))  # warm caches (content types, sites)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("portfolio_edit_skills"))
    assert response.content.decode().count('value="accept"') == count
    return len(queries)


def test_editor_step_query_count_is_the_same_with_1_and_10_suggestions(world, login, shared):
    client = login(world.jobseeker)

    assert _step_queries(world, client, shared, 1) == _step_queries(world, client, shared, 10)


def test_coach_page_query_count_is_the_same_with_1_and_10_suggestions(world, login, shared):
    client = login(world.coach)
    counts = []
    for count in (1, 10):
        CoachSuggestion.objects.all().delete()
        for n in range(count):
            work = skill_concept(f"Beroep {n}", concept_type=ConceptType.OCCUPATION)
            tip(world, shared, step="wishes", occupation=work, text=f"Tip {n}")
        client.get(detail(shared))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(detail(shared))
        assert response.content.decode().count("Tip ") == count
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- The person's data. ------------------------------------------------------------------


def test_erasing_the_jobseeker_erases_the_suggestions_about_them(world, shared):
    tip(world, shared)

    account_erase(user=world.jobseeker, by=world.jobseeker)

    assert not CoachSuggestion.objects.exists()
    assert not AuditEvent.objects.filter(action="suggestion.create", subject__isnull=False)


def test_a_coach_leaving_does_not_take_the_jobseekers_suggestions(world, login, shared):
    colleague = make_user("collega@example.nl", "Bert")
    membership_create(user=colleague, organisation=world.training_centre, role=Role.COACH)
    suggestion_create(portfolio=shared, by=colleague, step="about", text=TIP)

    account_erase(user=colleague, by=colleague)

    suggestion = CoachSuggestion.objects.get()
    assert suggestion.author is None
    box = login(world.jobseeker).get(reverse("portfolio_edit_about")).content.decode()
    assert "Your coach suggests:" in box and TIP in box
