"""The free candidate search screen, saved searches and their alerts, and the jobseeker's
"new vacancies for you"."""

import re
from datetime import date, timedelta
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import formats, timezone

from portal import geo
from portal.notifications.models import Notification
from portal.organisations.models import Role
from portal.organisations.services import membership_create
from portal.taxonomy.autocomplete import reset_index
from portal.taxonomy.models import Concept, ConceptLabel, LabelKind
from portfolios.factories import make_portfolio, skill_concept
from portfolios.models import Audience
from portfolios.services import consent_set
from search import alerts
from search.backends.base import FACET_VALUES
from search.forms import FreeSearchForm, criteria_query
from search.models import SavedSearch, SavedSearchMatch, VacancyAlert
from search.personal_data import searches_of
from search.services import saved_search_create, vacancy_alert_set
from search.spec import Must
from tests.conftest import World, make_user
from vacancies.factories import VacancyFactory
from vacancies.services import vacancy_publish

VEENDAM, ZWOLLE = "9641", "8011"


def _where(pc4: str) -> dict:
    place = geo.locate(pc4)
    return {"postcode": pc4, "latitude": place.latitude, "longitude": place.longitude}


def _person(world: World, first_name: str, skills: dict, *, organisation=None, **fields):
    jobseeker = make_user(f"{first_name.lower()}@example.nl", first_name, last_name="de Vries")
    membership_create(
        user=jobseeker, organisation=organisation or world.training_centre, role=Role.JOBSEEKER
    )
    return make_portfolio(
        jobseeker=jobseeker,
        skills=skills,
        audiences=(Audience.COACH_ORGANISATION,),
        **{"max_travel_km": 25, "hours_min": 24, "hours_max": 32, **_where(VEENDAM), **fields},
    )


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def forklift(db) -> Concept:
    return skill_concept("heftruck rijden")


@pytest.fixture
def anna(world, forklift, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return _person(world, "Anna", {"heftruck rijden": 3})


def _url(**query) -> str:
    from urllib.parse import urlencode

    return reverse("search_free") + "?" + urlencode(query, doseq=True)


# --- The screen ----------------------------------------------------------------------------


def test_coach_finds_people_by_skill_and_place_with_the_explanation(world, login, anna, forklift):
    response = login(world.coach).get(
        _url(vaardigheid=forklift.pk, plaats="Veendam", straal=25, uren=24)
    )

    assert response.status_code == 200
    rows = response.context["results"].rows
    assert [row.name for row in rows] == ["Anna de Vries"]
    assert "heftruck rijden" in _text(response)
    assert rows[0].score == sum(part.points for part in rows[0].explanation.parts)
    assert reverse("portfolio_detail", args=[anna.public_id]) in response.content.decode()


def test_before_searching_the_page_explains_how_instead_of_scoring_everyone(world, login, anna):
    response = login(world.coach).get(reverse("search_free"))

    text = _text(response)
    assert "Score" not in text  # not everyone "Score 0" before a single choice
    assert "Choose in the search form what you are looking for" in text
    assert "the higher, the better the fit" in text
    assert "results" not in response.context
    assert "Save this search" not in text  # nothing to save yet


def test_the_place_facet_lists_the_places_most_people_live_in_and_says_so(
    world, login, anna, forklift, django_capture_on_commit_callbacks
):
    towns: dict[str, str] = {"Veendam": VEENDAM}
    for area in geo.all_places():
        towns.setdefault(area.municipality, area.postcode)
        if len(towns) == FACET_VALUES + 1:
            break
    with django_capture_on_commit_callbacks(execute=True):
        for number, postcode in enumerate(list(towns.values())[1:]):
            _person(world, f"Persoon{number}", {"heftruck rijden": 3}, **_where(postcode))

    response = login(world.coach).get(_url(vaardigheid=forklift.pk))

    places = response.context["results"].facets["municipality"]
    assert len(places) == FACET_VALUES
    assert f"The {FACET_VALUES} most found." in _text(response)


def test_a_place_facet_of_few_places_lists_them_all_without_a_note(world, login, anna, forklift):
    response = login(world.coach).get(_url(vaardigheid=forklift.pk))

    assert [option.key for option in response.context["results"].facets["municipality"]] == [
        "Veendam"
    ]
    assert "most found" not in _text(response)


def test_a_place_alone_is_a_search(world, login, anna):
    response = login(world.coach).get(_url(plaats="Veendam"))

    assert [row.name for row in response.context["results"].rows] == ["Anna de Vries"]


def test_words_offer_skills_to_tick(world, login, anna, forklift):
    ConceptLabel.objects.create(
        concept=forklift, language="nl", kind=LabelKind.PREFERRED, text="heftruck rijden"
    )
    cache.clear()
    reset_index()  # the autocomplete index of this process learns the test's concept
    response = login(world.coach).get(_url(vaardigheid_zoek="heftruck"))

    assert forklift.pk in [option.id for option in response.context["skill_options"]]
    assert f'name="vaardigheid" value="{forklift.pk}"' in response.content.decode()


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"straal": "veel", "plaats": "9641"}, "straal", "whole number of kilometres"),
        ({"straal": "999", "plaats": "9641"}, "straal", "whole number of kilometres"),
        ({"straal": "10"}, "straal", "Fill in a place"),
        ({"plaats": "Atlantis"}, "plaats", "We do not know this place"),
        ({"uren": "7"}, "uren", "Choose from the list"),
        ({"rijbewijs": "X"}, "rijbewijs", "Choose from the list"),
        ({"vaardigheid": "abc"}, "vaardigheid", "Choose from the list"),
        ({"vaardigheid": [str(n) for n in range(1, 13)]}, "vaardigheid", "at most 10"),
        ({"tekst": "x" * 101}, "tekst", "at most 100"),
    ],
)
def test_a_bad_value_is_explained_and_kept_and_the_rest_still_counts(
    world, login, anna, query, field, message
):
    response = login(world.coach).get(_url(**query, soort="paid_job"))

    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    typed, kept = query[field], form[field].value()
    assert (kept if isinstance(kept, list) else [kept]) == (
        typed if isinstance(typed, list) else [typed]
    )
    assert form.criteria().work_types == {"paid_job"}


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"certificaat": "diploma"}, "certificaat", "Choose from the list"),
        ({"taal": "Z9"}, "taal", "Choose from the list"),
        ({"beschikbaar": "morgen"}, "beschikbaar", "Fill in a date"),
        ({"beschikbaar": "2001-01-01"}, "beschikbaar", "Choose a date from"),
        ({"ruimer": "alles"}, "ruimer", "Choose from the list"),
    ],
)
def test_a_bad_must_is_explained_and_kept_and_the_rest_still_counts(
    world, login, anna, query, field, message
):
    response = login(world.coach).get(_url(**query, soort="paid_job"))

    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    kept = form[field].value()
    assert (kept if isinstance(kept, list) else [kept]) == [query[field]]
    assert form.criteria().work_types == {"paid_job"}


def test_musts_of_the_free_search_narrow_and_widened_show_the_near_miss(
    world, login, forklift, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _person(world, "Anna", {"heftruck rijden": 3}, certificates=["forklift"], dutch_level="B1")
        _person(world, "Bas", {"heftruck rijden": 3}, dutch_level="B1")
    asked = {"vaardigheid": forklift.pk, "certificaat": "forklift", "taal": "B1"}
    coach = login(world.coach)

    narrow = coach.get(_url(**asked))
    assert [row.name for row in narrow.context["results"].rows] == ["Anna de Vries"]

    wide = coach.get(_url(**asked, ruimer="certificaat"))
    assert [row.name for row, _action in wide.context["rows"]] == ["Anna de Vries"]
    assert [row.name for row, _action in wide.context["near_misses"]] == ["Bas de Vries"]
    text = _text(wide)
    assert "Near misses" in text
    assert "Misses: Forklift (heftruck)" in text


def test_the_start_date_narrows_and_the_explanation_says_when(
    world, login, forklift, django_capture_on_commit_callbacks
):
    soon = timezone.localdate() + timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        _person(world, "Anna", {"heftruck rijden": 3})
        _person(world, "Bas", {"heftruck rijden": 3}, earliest_start=soon + timedelta(days=60))
    coach = login(world.coach)
    asked = {"vaardigheid": forklift.pk, "beschikbaar": soon.isoformat()}

    narrow = coach.get(_url(**asked))
    assert [row.name for row in narrow.context["results"].rows] == ["Anna de Vries"]
    assert "Can start now" in _text(narrow)

    wide = coach.get(_url(**asked, ruimer="beschikbaar"))
    [(late, _action)] = wide.context["near_misses"]
    assert late.name == "Bas de Vries"
    assert late.missing == [f"can start by {formats.date_format(soon, 'DATE_FORMAT')}"]
    later = formats.date_format(soon + timedelta(days=60), "DATE_FORMAT")
    assert f"Can start from {later}" in _text(wide)


def test_a_saved_search_keeps_its_musts(world, login, forklift):
    soon = (timezone.localdate() + timedelta(days=30)).isoformat()
    query = {
        "vaardigheid": forklift.pk,
        "certificaat": "vca_basic",
        "taal": "B1",
        "beschikbaar": soon,
        "ruimer": "taal",
    }
    login(world.coach).post(
        reverse("search_saved_create") + "?" + urlencode(query), {"name": "VCA", "alerts": "on"}
    )

    saved = SavedSearch.objects.get(owner=world.coach)
    form = FreeSearchForm(criteria_query(saved.criteria))
    form.is_valid()
    criteria = form.criteria()
    assert criteria.certificates == {"vca_basic"}
    assert criteria.dutch_level == "B1"
    assert criteria.available_by == date.fromisoformat(soon).toordinal()
    assert criteria.widen == {Must.DUTCH}


def test_a_vacancys_candidates_narrow_to_who_starts_in_time(
    world, login, forklift, django_capture_on_commit_callbacks
):
    soon = timezone.localdate() + timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        _person(world, "Anna", {"heftruck rijden": 3})
        _person(world, "Bas", {"heftruck rijden": 3}, earliest_start=soon + timedelta(days=1))
        vacancy = VacancyFactory(
            organisation=world.employer, skills=[(forklift, True, 2)], postcode=VEENDAM
        )
        vacancy_publish(vacancy=vacancy, by=None)
    url = reverse("search_vacancy_candidates", args=[vacancy.pk])
    coach = login(world.coach)

    narrow = coach.get(url, {"beschikbaar": soon.isoformat()})
    assert [row.name for row in narrow.context["results"].rows] == ["Anna de Vries"]
    assert "can start by" in _text(narrow)

    wide = coach.get(url, {"beschikbaar": soon.isoformat(), "ruimer": "beschikbaar"})
    assert [row.name for row, _action in wide.context["near_misses"]] == ["Bas de Vries"]


def test_a_skill_that_left_the_taxonomy_is_left_out_with_a_message(world, login, anna, forklift):
    gone = skill_concept("telefoneren")
    gone_id = gone.pk
    gone.delete()

    response = login(world.coach).get(_url(vaardigheid=[forklift.pk, gone_id]))

    assert response.status_code == 200
    assert response.context["form"].criteria().skill_ids == (forklift.pk,)
    assert "no longer in the list of skills" in _text(response)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("coach", 200),
        ("training_staff", 200),
        ("recruiter", 200),
        ("jobseeker", 403),
        ("network_admin", 403),
    ],
)
def test_who_may_search_freely(world, login, role, status):
    assert login(world.user(role)).get(reverse("search_free")).status_code == status


def test_anonymous_goes_to_the_login_page(client):
    response = client.get(reverse("search_free"))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_employer_without_consent_sees_nobody(world, login, anna, forklift):
    response = login(world.recruiter).get(_url(vaardigheid=forklift.pk))

    assert response.context["results"].rows == []


# --- Saved searches ------------------------------------------------------------------------


def test_coach_saves_a_search_and_finds_it_in_the_list(world, login, anna, forklift):
    client = login(world.coach)
    query = _url(vaardigheid=forklift.pk, plaats="9641", straal=25).split("?")[1]

    response = client.post(
        reverse("search_saved_create") + "?" + query,
        {"name": "Heftruck bij Veendam", "alerts": "on"},
    )

    assert response.status_code == 302
    saved = SavedSearch.objects.get(owner=world.coach)
    assert (saved.name, saved.alerts, saved.alert_email) == ("Heftruck bij Veendam", True, False)
    assert saved.criteria["vaardigheid"] == [forklift.pk]
    assert saved.criteria["straal"] == 25
    listing = client.get(reverse("search_saved_list"))
    assert "Heftruck bij Veendam" in _text(listing)
    opened = client.get(listing.context["saved"][0][1])
    assert [row.name for row in opened.context["results"].rows] == ["Anna de Vries"]


def test_saving_without_a_name_keeps_the_search_and_says_why(world, login, forklift):
    response = login(world.coach).post(
        reverse("search_saved_create") + f"?vaardigheid={forklift.pk}&plaats=Veendam",
        {"name": "   "},
    )

    assert response.status_code == 422
    assert "Give the search a name." in _text(response)
    assert response.context["form"]["plaats"].value() == "Veendam"
    assert not SavedSearch.objects.exists()


def test_a_saved_search_is_renamed_and_its_alert_switched(world, login):
    saved = SavedSearch.objects.create(owner=world.coach, name="Oud", criteria={})

    response = login(world.coach).post(
        reverse("search_saved_edit", args=[saved.pk]), {"name": "Nieuw", "alert_email": "on"}
    )

    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.name, saved.alerts, saved.alert_email) == ("Nieuw", False, True)


def test_a_saved_search_is_deleted_after_asking(world, login):
    saved = SavedSearch.objects.create(owner=world.coach, name="Weg", criteria={})
    client = login(world.coach)

    assert client.get(reverse("search_saved_delete", args=[saved.pk])).status_code == 200
    assert SavedSearch.objects.filter(pk=saved.pk).exists()
    assert client.post(reverse("search_saved_delete", args=[saved.pk])).status_code == 302
    assert not SavedSearch.objects.filter(pk=saved.pk).exists()


@pytest.mark.parametrize("role", ["other_coach", "training_staff", "recruiter"])
def test_nobody_else_sees_changes_or_deletes_a_saved_search(world, login, role):
    saved = SavedSearch.objects.create(owner=world.coach, name="Van de coach", criteria={})
    client = login(world.user(role))

    assert client.get(reverse("search_saved_edit", args=[saved.pk])).status_code == 404
    assert (
        client.post(reverse("search_saved_edit", args=[saved.pk]), {"name": "Van mij"}).status_code
        == 404
    )
    assert client.post(reverse("search_saved_delete", args=[saved.pk])).status_code == 404
    assert "Van de coach" not in _text(client.get(reverse("search_saved_list")))
    saved.refresh_from_db()
    assert saved.name == "Van de coach"


def test_stored_criteria_of_the_wrong_type_are_dropped_on_load(world, login, anna, forklift):
    SavedSearch.objects.create(
        owner=world.coach,
        name="Vreemd",
        criteria={"vaardigheid": [forklift.pk, {"x": 1}], "straal": "ver", "plaats": 9641},
    )

    response = login(world.coach).get(reverse("search_saved_list"))
    opened = login(world.coach).get(response.context["saved"][0][1])

    assert opened.status_code == 200
    assert opened.context["form"].criteria().skill_ids == (forklift.pk,)
    assert opened.context["form"].criteria().radius_km is None


# --- Alerts --------------------------------------------------------------------------------


def _save(world, forklift, django_capture_on_commit_callbacks, **options):
    with django_capture_on_commit_callbacks(execute=True):
        return saved_search_create(
            owner=world.coach,
            name="Heftruck",
            criteria={"vaardigheid": [forklift.pk], "plaats": VEENDAM, "straal": 25},
            **options,
        )


def _alerts(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=alerts.SAVED_SEARCH_MATCH))


def test_a_newly_shared_matching_portfolio_alerts_the_saver_once(
    world, anna, forklift, django_capture_on_commit_callbacks, mailoutbox
):
    saved = _save(world, forklift, django_capture_on_commit_callbacks)
    # Anna matched already when the search was saved: noted, no alert.
    assert SavedSearchMatch.objects.filter(saved_search=saved, portfolio=anna).exists()

    with django_capture_on_commit_callbacks(execute=True):
        bram = _person(world, "Bram", {"heftruck rijden": 2})
    with django_capture_on_commit_callbacks(execute=True):
        consent_set(portfolio=bram, audience=Audience.NETWORK, granted=True, by=bram.jobseeker)

    notifications = _alerts(world.coach)
    assert len(notifications) == 1
    assert "Heftruck" in notifications[0].text
    assert notifications[0].url == reverse("portfolio_detail", args=[bram.public_id])
    assert mailoutbox == []  # e-mail was not chosen for this search


def test_the_email_switch_sends_the_alert_by_mail_too(
    world, forklift, django_capture_on_commit_callbacks, mailoutbox
):
    _save(world, forklift, django_capture_on_commit_callbacks, alert_email=True)

    with django_capture_on_commit_callbacks(execute=True):
        _person(world, "Bram", {"heftruck rijden": 2})

    assert len(_alerts(world.coach)) == 1
    assert [message.to for message in mailoutbox] == [[world.coach.email]]


def test_no_alert_for_someone_who_does_not_match_or_whom_the_saver_may_not_see(
    world, forklift, django_capture_on_commit_callbacks
):
    _save(world, forklift, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        _person(world, "Cor", {"schoonmaken": 3})  # another skill
        _person(world, "Dirk", {"heftruck rijden": 3}, **_where(ZWOLLE))  # too far away
        # Shared with the municipality, not with the coach's training centre.
        _person(world, "Eef", {"heftruck rijden": 3}, organisation=world.municipality)

    assert _alerts(world.coach) == []


def test_no_alert_when_switched_off_or_after_consent_is_withdrawn(
    world, forklift, django_capture_on_commit_callbacks
):
    saved = _save(world, forklift, django_capture_on_commit_callbacks)
    saved.alerts = False
    saved.save()
    with django_capture_on_commit_callbacks(execute=True):
        _person(world, "Bram", {"heftruck rijden": 2})
    assert _alerts(world.coach) == []

    saved.alerts = True
    saved.save()
    with django_capture_on_commit_callbacks(execute=True):
        # Shared and withdrawn before the worker gets to it: the alert reads the database now.
        fien = _person(world, "Fien", {"heftruck rijden": 2})
        consent_set(
            portfolio=fien,
            audience=Audience.COACH_ORGANISATION,
            granted=False,
            by=fien.jobseeker,
        )
    assert _alerts(world.coach) == []


# --- New vacancies for you ------------------------------------------------------------------


def _vacancy(world, skill: Concept, django_capture_on_commit_callbacks, **fields):
    vacancy = VacancyFactory(
        organisation=world.employer,
        skills=[(skill, True, 2)],
        show_to_jobseekers=True,
        **{**_where(VEENDAM), **fields},
    )
    with django_capture_on_commit_callbacks(execute=True):
        return vacancy_publish(vacancy=vacancy, by=None)


def test_jobseeker_switches_on_and_hears_once_about_a_new_vacancy_that_fits(
    world, login, forklift, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        jobseeker = _person(world, "Gijs", {"heftruck rijden": 3}).jobseeker
    client = login(jobseeker)
    response = client.post(reverse("search_vacancy_alert"), {"aan": "on", "email": "on"})
    assert response.status_code == 302
    assert VacancyAlert.objects.filter(user=jobseeker, email=True).exists()

    vacancy = _vacancy(world, forklift, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        vacancy.title = "Heftruckchauffeur (nieuw)"
        vacancy.save()
        alerts.vacancy_alerts([vacancy.pk])  # changed again: nobody is told twice
    _vacancy(world, skill_concept("lassen"), django_capture_on_commit_callbacks)

    told = Notification.objects.filter(recipient=jobseeker, kind=alerts.NEW_VACANCY)
    assert [n.url for n in told] == [reverse("vacancy_detail", args=[vacancy.pk])]
    assert [message.to for message in mailoutbox] == [[jobseeker.email]]


def test_a_jobseeker_without_the_alert_hears_nothing(
    world, forklift, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        jobseeker = _person(world, "Hans", {"heftruck rijden": 3}).jobseeker
    vacancy_alert_set(user=jobseeker, on=True, email=False)
    vacancy_alert_set(user=jobseeker, on=False, email=False)

    _vacancy(world, forklift, django_capture_on_commit_callbacks)

    assert not Notification.objects.filter(recipient=jobseeker).exists()


@pytest.mark.parametrize(("role", "status"), [("jobseeker", 200), ("coach", 403)])
def test_only_jobseekers_have_new_vacancies_for_you(world, login, role, status):
    assert login(world.user(role)).get(reverse("search_vacancy_alert")).status_code == status


def test_the_persons_export_holds_their_vacancy_alert(world):
    vacancy_alert_set(user=world.jobseeker, on=True, email=False)

    exported = searches_of(world.jobseeker)

    assert exported["new_vacancies_alert"]["email"] is False
    assert exported["saved_searches"] == []
