"""The impact dashboard's organisation and sector filters count in the event figures,
with small numbers hidden outside one's own organisation."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import escape

from events import services
from events.impact import event_impact_section
from events.models import Meeting
from events.tests.helpers import started
from portal.impact import ImpactScope
from socialreturn.impact_reports import report_html
from socialreturn.selectors import ImpactFilters
from vacancies.factories import EmployerProfileFactory


@pytest.fixture
def held(two_employers, make_schedule):
    """Both employers have a sector; the event took place and every round is over."""
    day = two_employers
    EmployerProfileFactory(organisation=day.employer, sector="green")
    EmployerProfileFactory(organisation=day.cleaner, sector="cleaning")
    make_schedule(day)
    started(day.event)
    for _ in range(day.event.rounds):
        services.event_next_round(event=day.event, by=day.coach)
    day.event.refresh_from_db()
    return day


def _section(user, day, **filters):
    year = day.event.date.year
    scope = ImpactScope(start=date(year, 1, 1), end=date(year, 12, 31), **filters)
    return event_impact_section(user=user, scope=scope).context


def _by_hand(day, **conditions) -> int:
    return Meeting.objects.filter(event=day.event, **conditions).count()


def test_filtered_event_figures_are_what_counting_by_hand_gives(held):
    day = held
    green = _by_hand(day, employer__organisation=day.employer)
    centre_cleaning = _by_hand(
        day, employer__organisation=day.cleaner, jobseeker__organisation=day.training_centre
    )
    assert green and centre_cleaning

    # The organiser's own event, by sector: exact.
    section = _section(day.coach, day, sector="green")
    assert section["filtered"]
    [(event, row)] = section["own"]
    assert event == day.event
    assert row[0] == str(green)
    # Their own jobseekers at cleaning employers, network-wide: exact too (their own people).
    section = _section(day.coach, day, organisation_id=day.training_centre.pk, sector="cleaning")
    assert section["own"][0][1][0] == str(centre_cleaning)
    assert section["network"][0][2] == str(centre_cleaning)
    # A sector nobody at the event works in: no event counts.
    assert _section(day.coach, day, sector="retail")["network"] == []


def test_a_filter_that_leaves_a_small_number_shows_less_than_five_to_others(held):
    day = held
    green = _by_hand(day, employer__organisation=day.employer)
    assert 0 < green < 5
    # The partner's coach: no row per event, and the small count hidden.
    section = _section(day.other_coach, day, sector="green")
    assert section["own"] == []
    assert section["network"][0][2] == "< 5"
    # Filtering on another organisation than one's own shows nothing more exactly.
    centre = _by_hand(day, jobseeker__organisation=day.training_centre)
    section = _section(day.other_coach, day, organisation_id=day.training_centre.pk)
    assert section["own"] == []
    assert section["network"][0][2] == ("< 5" if centre < 5 else str(centre))
    # The organiser filtering on the partner's people sees its own event's small count hidden.
    partner = _by_hand(day, jobseeker__organisation=day.municipality)
    assert 0 < partner < 5
    section = _section(day.coach, day, organisation_id=day.municipality.pk)
    assert section["own"][0][1][0] == "< 5"
    # The partner's own coach sees the same count exactly.
    section = _section(day.other_coach, day, organisation_id=day.municipality.pk)
    assert section["network"][0][2] == str(partner)


def test_the_dashboard_passes_its_filters_to_the_event_section(held, login):
    day = held
    year = day.event.date.year
    url = reverse("sroi_impact") + f"?year_from={year}&year_to={year}"

    page = login(day.coach).get(url + "&sector=retail").content.decode()
    section = page.split('data-table="events"')[1].split("</section>")[0]
    assert 'scope="row">' + str(year) not in section

    page = login(day.coach).get(url + "&sector=green").content.decode()
    section = page.split('data-table="events"')[1].split("</section>")[0]
    assert f'scope="row">{year}</th>' in section
    # Who may not read the dashboard sees none of it, filtered or not.
    for outsider in (day.jobseeker, day.recruiter, day.cleaner_recruiter):
        assert login(outsider).get(url + "&sector=green").status_code == 404


def test_the_pdf_report_carries_the_filtered_event_figures(held):
    day = held
    year = day.event.date.year
    green = ImpactFilters(year_from=year, year_to=year, sector="green")
    own = report_html(user=day.coach, filters=green, language="en")
    events = own.split("Meet & Match events")[1]
    assert escape(day.event.title) in events
    other = report_html(user=day.other_coach, filters=green, language="nl")
    events = other.split("Meet & Match-evenementen")[1]
    assert escape(day.event.title) not in other
    assert "&lt; 5" in events


def test_the_dashboard_offers_an_organisation_whose_people_only_took_part_in_events(held, login):
    day = held
    # The municipality placed nobody; one of its jobseekers took part in the event.
    page = login(day.coach).get(reverse("sroi_impact"))
    options = {value for value, _label in page.context["form"].fields["organisation"].choices}
    assert day.municipality.pk in options
    # Employers at the event are no coach's organisation: the filter does not offer them.
    assert day.employer.pk not in options
    assert day.cleaner.pk not in options

    year = day.event.date.year
    chosen = login(day.coach).get(
        reverse("sroi_impact"),
        {"organisation": day.municipality.pk, "year_from": year, "year_to": year},
    )
    assert chosen.context["filters"].organisation_id == day.municipality.pk
    [section] = chosen.context["sections"]
    assert section.context["filtered"]
    held_by_partner = _by_hand(day, jobseeker__organisation=day.municipality)
    assert section.context["network"][0][2] == (
        "< 5" if 0 < held_by_partner < 5 else str(held_by_partner)
    )
