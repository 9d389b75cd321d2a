"""What changes on and before the day: someone comes later or leaves earlier, withdraws or
erases their account. Each time the rest of the day is planned again (and checked by the
engine's checker), announced meetings that can still happen stay, and the other side is
told. Also: an event's placements outlive erasure, and its figures reach the impact
dashboard."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from events import services
from events.factories import make_event
from events.impact import event_impact_section
from events.models import JobseekerRegistration, KeptPlacement, Meeting, Outcome, Side
from events.selectors import event_figures
from events.tests.helpers import checked, started
from intermediaries import services as intermediary_services
from intermediaries.models import ContractType, Proposal
from portal.impact import ImpactScope
from portal.notifications.models import Notification
from portfolios.privacy import account_erase


def _announced(event) -> set[tuple[int, int, int, int]]:
    return set(event.meetings.values_list("slot", "table", "employer_id", "jobseeker_id"))


def _first_meeting(day) -> Meeting:
    return Meeting.objects.filter(event=day.event).order_by("slot").first()


def test_a_late_arrival_keeps_every_announced_meeting_that_can_still_happen(
    day, login, make_schedule
):
    make_schedule(day)
    first = _first_meeting(day)
    late = first.jobseeker
    before = _announced(day.event)
    arrives = first.slot + 2  # the round after their first meeting

    response = login(day.coach).post(
        reverse("event_participant_times", args=[day.event.pk, "werkzoekende", late.pk]),
        {"arrives_at": arrives, "leaves_after": 6},
    )

    assert response.status_code == 302
    day.event.refresh_from_db()
    after = checked(day.event)
    late.refresh_from_db()
    assert late.slots(day.event) == frozenset(range(arrives - 1, 6))
    assert not [m for m in after if m.jobseeker_id == late.pk and m.slot < arrives - 1]
    still_possible = {b for b in before if b[3] != late.pk or b[0] >= arrives - 1}
    assert still_possible <= _announced(day.event)
    page = login(day.coach).get(reverse("event_day", args=[day.event.pk])).content.decode()
    assert f"there in rounds {arrives} to 6" in page


def test_someone_who_leaves_early_has_no_meetings_after_that_round(day, make_schedule):
    make_schedule(day)
    last = Meeting.objects.filter(event=day.event).order_by("-slot").first()
    leaving = last.jobseeker
    services.participant_times_set(
        event=day.event, by=day.coach, registration=leaving, arrives_at=1, leaves_after=last.slot
    )
    day.event.refresh_from_db()
    after = checked(day.event)
    assert not [m for m in after if m.jobseeker_id == leaving.pk and m.slot >= last.slot]


def test_arrival_times_refuse_bad_input_and_keep_what_was_chosen(day, login, make_schedule):
    make_schedule(day)
    registration = day.registration
    url = reverse("event_participant_times", args=[day.event.pk, "werkzoekende", registration.pk])
    before = _announced(day.event)
    client = login(day.coach)
    # Leaves before arriving: the form says so and shows the rounds chosen.
    response = client.post(url, {"arrives_at": 4, "leaves_after": 2})
    assert response.status_code == 400
    assert 'value="4" selected' in response.content.decode()
    for data in (
        {"arrives_at": "x", "leaves_after": 6},
        {"arrives_at": 99, "leaves_after": 6},
        {},
    ):
        assert client.post(url, data).status_code == 400
    # A round that has begun cannot be chosen any more.
    services.event_next_round(event=day.event, by=day.coach)
    day.event.refresh_from_db()
    with pytest.raises(ValidationError):
        services.participant_times_set(
            event=day.event, by=day.coach, registration=registration, arrives_at=1, leaves_after=6
        )
    assert _announced(day.event) == before
    # Only the organiser changes the times; outsiders do not even find the page.
    with pytest.raises(PermissionDenied):
        services.participant_times_set(
            event=day.event,
            by=day.recruiter,
            registration=registration,
            arrives_at=3,
            leaves_after=6,
        )
    assert login(day.other_coach).post(url, {}).status_code == 404


def test_erasure_after_the_schedule_is_made_replans_in_the_background_and_tells_the_employer(
    day, make_schedule, django_capture_on_commit_callbacks
):
    make_schedule(day)
    assert Meeting.objects.filter(jobseeker=day.registration).exists()
    before = _announced(day.event)

    with django_capture_on_commit_callbacks(execute=True):
        account_erase(user=day.jobseeker, by=day.jobseeker)

    day.event.refresh_from_db()
    checked(day.event)
    assert not Meeting.objects.filter(jobseeker=day.registration).exists()
    assert {b for b in before if b[3] != day.registration.pk} <= _announced(day.event)
    told = Notification.objects.filter(recipient=day.recruiter, kind="event.participant_left")
    assert told.count() == 1
    assert day.event.title in told.get().params["event"]
    # The text names nobody.
    assert day.jobseeker.first_name not in str(told.get().params)


def test_a_coach_withdraws_their_jobseeker_and_the_rest_of_the_day_is_planned_again(
    day, login, make_schedule, django_capture_on_commit_callbacks
):
    make_schedule(day)
    mine = Meeting.objects.filter(jobseeker__organisation=day.training_centre).first()
    leaving = mine.jobseeker
    before = _announced(day.event)
    url = reverse("event_withdraw", args=[day.event.pk, leaving.pk])
    # Nobody else may: not the partner's coach, not the employer, not another jobseeker.
    for outsider in (day.other_coach, day.recruiter, day.other_jobseeker):
        assert login(outsider).post(url).status_code == 404
    assert _announced(day.event) == before

    with django_capture_on_commit_callbacks(execute=True):
        response = login(day.coach).post(url)

    assert response.status_code == 302
    day.event.refresh_from_db()
    checked(day.event)
    leaving.refresh_from_db()
    assert leaving.slots(day.event) == frozenset()
    assert not leaving.meetings.exists()
    assert {b for b in before if b[3] != leaving.pk} <= _announced(day.event)
    assert Notification.objects.filter(
        recipient=day.recruiter, kind="event.participant_left"
    ).exists()
    detail = login(day.coach).get(reverse("event_detail", args=[day.event.pk])).content.decode()
    assert url not in detail


def test_withdrawing_before_the_schedule_takes_the_person_off_the_list(day, login):
    url = reverse("event_withdraw", args=[day.event.pk, day.registration.pk])
    assert (
        url
        in login(day.jobseeker).get(reverse("event_detail", args=[day.event.pk])).content.decode()
    )
    assert login(day.jobseeker).post(url).status_code == 302
    assert not JobseekerRegistration.objects.filter(pk=day.registration.pk).exists()
    # Now they may take part again.
    page = login(day.jobseeker).get(reverse("event_detail", args=[day.event.pk])).content.decode()
    assert reverse("event_jobseeker_register", args=[day.event.pk]) in page


def _placed_from_the_event(day) -> Proposal:
    started(day.event)
    meeting = Meeting.objects.get(jobseeker=day.registration)
    services.outcome_record(
        meeting=meeting, by=day.recruiter, side=Side.EMPLOYER, outcome=Outcome.INTERVIEW
    )
    services.outcome_record(
        meeting=meeting, by=day.jobseeker, side=Side.JOBSEEKER, outcome=Outcome.JOB
    )
    proposal = Proposal.objects.get()
    proposal = intermediary_services.proposal_plan_interview(
        proposal=proposal,
        by=day.recruiter,
        interview_at=timezone.now() + timedelta(days=3),
        place="Kantoor",
    )
    intermediary_services.proposal_mark_placed(
        proposal=proposal,
        by=day.recruiter,
        start_date=day.event.date + timedelta(days=30),
        contract_type=ContractType.WORK_EXPERIENCE,
        hours_per_week=24,
    )
    for _ in range(day.event.rounds):
        services.event_next_round(event=day.event, by=day.coach)
    day.event.refresh_from_db()
    return proposal


def test_placements_from_an_event_still_count_after_the_person_erases_their_account(
    day, make_schedule
):
    make_schedule(day)
    _placed_from_the_event(day)
    before = event_figures(event=day.event)
    assert (before.mutual, before.proposals, before.placed) == (1, 1, 1)

    account_erase(user=day.jobseeker, by=day.jobseeker)

    assert not Proposal.objects.exists()
    assert event_figures(event=day.event) == before
    # What is kept is a date and what the dashboard filters on (the coach's organisation,
    # the employer's sector, the target group), nobody's name, proposal or text.
    kept = KeptPlacement.objects.get()
    assert {f.name for f in KeptPlacement._meta.get_fields()} == {
        "id",
        "event",
        "start_date",
        "organisation",
        "sector",
        "target_group",
    }
    assert kept.event == day.event
    assert kept.organisation == day.training_centre


def test_the_impact_dashboard_shows_the_organisers_events_and_only_totals_to_others(
    day, login, make_schedule
):
    make_schedule(day)
    _placed_from_the_event(day)
    year = day.event.date.year
    url = reverse("sroi_impact") + f"?year_from={year}&year_to={year}"

    page = login(day.coach).get(url).content.decode()
    assert 'data-table="events"' in page
    assert reverse("event_detail", args=[day.event.pk]) in page
    assert escape(day.event.title) in page

    # Another organisation sees the network's totals per year, small numbers hidden,
    # and nothing that names the event.
    for outsider in (day.other_coach, day.network_admin):
        page = login(outsider).get(url).content.decode()
        section = page.split('data-table="events"')[1].split("</section>")[0]
        assert escape(day.event.title) not in page
        assert f'scope="row">{year}</th>' in section
        assert "&lt; 5</td>" in section


def test_someone_who_leaves_while_the_schedule_is_being_made_gets_no_meetings(
    day, monkeypatch, django_capture_on_commit_callbacks
):
    real = services.optimise

    def optimise_while_someone_leaves(problem, **options):
        schedule = real(problem, **options)
        # The optimiser read the day before she withdrew.
        services.registration_withdraw(registration=day.registration, by=day.jobseeker)
        return schedule

    monkeypatch.setattr(services, "optimise", optimise_while_someone_leaves)
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_request(event=day.event, by=day.coach)
    day.event.refresh_from_db()
    assert day.event.schedule_state == "done"
    checked(day.event)
    assert not Meeting.objects.filter(jobseeker=day.registration).exists()
    assert JobseekerRegistration.objects.filter(pk=day.registration.pk).exists()


def test_the_dashboard_section_costs_the_same_queries_with_one_or_many_events(day):
    year = day.event.date.year

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            event_impact_section(
                user=day.coach,
                scope=ImpactScope(start=date(year, 1, 1), end=date(year, 12, 31)),
            )
        return len(captured)

    one = queries()
    for number in range(20):
        make_event(
            organiser=day.coach,
            organisation=day.training_centre,
            title=f"Speeddate {number}",
            date=day.event.date,
        )
    assert queries() == one
