"""An employer withdraws (wholly or with fewer recruiters), coaches hear when the schedule
of a jobseeker who shares with them changes, and the organiser cancels an event."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from events import services
from events.factories import register_employer
from events.models import EmployerRegistration, Event, Meeting
from events.tests.helpers import checked
from intermediaries.services import caseload_assign
from portal.notifications.models import Notification
from portfolios.models import PortfolioPage
from portfolios.services import consent_set


def _shares_with_coach(person) -> None:
    portfolio = PortfolioPage.objects.get(jobseeker=person)
    consent_set(portfolio=portfolio, audience="coach_organisation", granted=True, by=person)


def _told(person, kind: str) -> int:
    return Notification.objects.filter(recipient=person, kind=kind).count()


def test_only_the_employers_own_staff_may_withdraw_it(two_employers, login):
    day = two_employers
    url = reverse("event_employer_withdraw", args=[day.event.pk, day.employer_registration.pk])
    # The organiser, a partner's coach, a jobseeker and another employer's recruiter find
    # no such page; someone signed out is sent to log in.
    for outsider in (day.coach, day.other_coach, day.jobseeker, day.cleaner_recruiter):
        assert login(outsider).get(url).status_code == 404
        assert login(outsider).post(url, {"what": "all"}).status_code == 404
    assert login(None).post(url, {"what": "all"}).status_code == 302
    for outsider in (day.coach, day.cleaner_recruiter, day.jobseeker):
        with pytest.raises(PermissionDenied):
            services.employer_withdraw(registration=day.employer_registration, by=outsider)
    assert EmployerRegistration.objects.filter(pk=day.employer_registration.pk).exists()

    page = login(day.recruiter).get(url)
    assert page.status_code == 200
    # One recruiter registered: there are no fewer to choose.
    assert 'name="tables"' not in page.content.decode()


def test_an_employer_withdraws_before_the_schedule_and_is_off_the_list(two_employers, login):
    day = two_employers
    detail = reverse("event_detail", args=[day.event.pk])
    url = reverse("event_employer_withdraw", args=[day.event.pk, day.employer_registration.pk])
    assert url in login(day.recruiter).get(detail).content.decode()

    response = login(day.recruiter).post(url, {"what": "all"})

    assert response.status_code == 302
    assert not EmployerRegistration.objects.filter(pk=day.employer_registration.pk).exists()
    # They may register again.
    page = login(day.recruiter).get(detail).content.decode()
    assert reverse("event_employer_register", args=[day.event.pk]) in page


def test_an_employer_withdraws_after_the_schedule_and_jobseekers_and_coaches_hear_it_nameless(
    two_employers, login, make_schedule, django_capture_on_commit_callbacks
):
    day = two_employers
    _shares_with_coach(day.jobseeker)
    caseload_assign(
        jobseeker=day.jobseeker, coach=day.coach, organisation=day.training_centre, by=day.coach
    )
    make_schedule(day)
    lost = set(
        Meeting.objects.filter(employer=day.employer_registration).values_list(
            "jobseeker_id", flat=True
        )
    )
    assert day.registration.pk in lost
    kept = set(
        Meeting.objects.filter(employer=day.cleaner_registration).values_list(
            "slot", "table", "jobseeker_id"
        )
    )
    url = reverse("event_employer_withdraw", args=[day.event.pk, day.employer_registration.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = login(day.recruiter).post(url, {"what": "all"})

    assert response.status_code == 302
    day.event.refresh_from_db()
    checked(day.event)
    gone = EmployerRegistration.objects.get(pk=day.employer_registration.pk)
    assert gone.slots(day.event) == frozenset()
    assert not Meeting.objects.filter(employer=gone).exists()
    # Announced meetings with the other employer stay where they were.
    assert kept <= set(
        Meeting.objects.filter(employer=day.cleaner_registration).values_list(
            "slot", "table", "jobseeker_id"
        )
    )
    told = Notification.objects.filter(recipient=day.jobseeker, kind="event.participant_left")
    assert told.count() == 1
    # Nobody is named: not the employer, not its recruiter.
    assert day.employer.name not in str(told.get().params)
    assert day.recruiter.first_name not in str(told.get().params)
    # Her coach shares in it, once, with a count and no name.
    coach_told = Notification.objects.get(
        recipient=day.coach, kind="event.coachee_schedule_changed"
    )
    assert coach_told.params["count"] == 1
    assert day.jobseeker.first_name not in str(coach_told.params)
    # The recruiter's own organisation is off the event: no withdraw link any more.
    page = login(day.recruiter).get(reverse("event_detail", args=[day.event.pk]))
    assert url not in page.content.decode()


def test_fewer_recruiters_after_the_schedule_plans_the_day_within_what_they_bring(
    two_employers, login, make_schedule, django_capture_on_commit_callbacks
):
    day = two_employers
    make_schedule(day)
    url = reverse("event_employer_withdraw", args=[day.event.pk, day.cleaner_registration.pk])
    # More than registered, none, or not a number: refused with the form kept.
    for wrong in ("2", "0", "twee"):
        response = login(day.cleaner_recruiter).post(url, {"what": "fewer", "tables": wrong})
        assert response.status_code == 400
    assert login(day.cleaner_recruiter).post(url, {"what": "fewer"}).status_code == 400

    with django_capture_on_commit_callbacks(execute=True):
        response = login(day.cleaner_recruiter).post(url, {"what": "fewer", "tables": "1"})

    assert response.status_code == 302
    registration = EmployerRegistration.objects.get(pk=day.cleaner_registration.pk)
    assert registration.tables == 1
    assert registration.absent_from is None
    day.event.refresh_from_db()
    # The checker holds the schedule to one table at a time for them now.
    checked(day.event)


def test_changing_a_jobseekers_times_tells_their_coach_once_only_when_they_share(
    day, make_schedule
):
    caseload_assign(
        jobseeker=day.jobseeker, coach=day.coach, organisation=day.training_centre, by=day.coach
    )
    make_schedule(day)
    busy = set(
        Meeting.objects.filter(employer=day.employer_registration).values_list("slot", flat=True)
    )
    # Rounds (from 1) where the employer is free: moving her there changes her schedule.
    free = [
        slot + 1
        for slot in range(day.event.rounds)
        if slot not in busy and slot not in day.event.break_slots
    ]

    def only_in_round(number: int) -> None:
        services.participant_times_set(
            event=day.event,
            by=day.coach,
            registration=day.registration,
            arrives_at=number,
            leaves_after=number,
        )

    # She does not share her portfolio with her coach's organisation: she hears it, her
    # coach does not.
    only_in_round(free[0])
    assert _told(day.jobseeker, "event.schedule_changed") == 1
    assert _told(day.coach, "event.coachee_schedule_changed") == 0

    _shares_with_coach(day.jobseeker)
    only_in_round(free[1])
    assert Meeting.objects.get(jobseeker=day.registration).slot == free[1] - 1
    assert _told(day.coach, "event.coachee_schedule_changed") == 1
    # The same again changes nothing: no second message.
    only_in_round(free[1])
    assert _told(day.coach, "event.coachee_schedule_changed") == 1
    # A coach of the organisation without her on their caseload hears nothing.
    assert _told(day.organisation_admin, "event.coachee_schedule_changed") == 0


def test_the_organiser_cancels_the_event_and_everyone_hears_it_once(
    day, login, make_schedule, django_capture_on_commit_callbacks
):
    _shares_with_coach(day.jobseeker)
    caseload_assign(
        jobseeker=day.jobseeker,
        coach=day.organisation_admin,
        organisation=day.training_centre,
        by=day.coach,
    )
    # The partner's jobseeker is on her coach's caseload but shares nothing with them.
    caseload_assign(
        jobseeker=day.other_jobseeker,
        coach=day.other_coach,
        organisation=day.municipality,
        by=day.other_coach,
    )
    make_schedule(day)
    url = reverse("event_cancel", args=[day.event.pk])
    for outsider in (day.other_coach, day.recruiter, day.jobseeker):
        assert login(outsider).get(url).status_code == 404
        assert login(outsider).post(url, {"confirm": "on"}).status_code == 404
    # Without ticking the box nothing happens.
    assert login(day.coach).post(url, {}).status_code == 400
    assert Event.objects.get(pk=day.event.pk).cancelled_at is None

    with django_capture_on_commit_callbacks(execute=True):
        response = login(day.coach).post(url, {"confirm": "on"})

    assert response.status_code == 302
    day.event.refresh_from_db()
    assert day.event.cancelled_at is not None
    assert not day.event.meetings.exists()
    for person in (day.jobseeker, day.other_jobseeker, day.recruiter):
        assert _told(person, "event.cancelled") == 1
    assert _told(day.organisation_admin, "event.coachee_event_cancelled") == 1
    # The partner's jobseeker shares nothing with her coach: the coach is not told.
    assert _told(day.other_coach, "event.coachee_event_cancelled") == 0
    assert _told(day.coach, "event.cancelled") == 0
    page = login(day.jobseeker).get(reverse("event_detail", args=[day.event.pk])).content
    assert b"utrecht-alert" in page
    # Nothing more is planned or changed.
    with pytest.raises(ValidationError):
        services.schedule_request(event=day.event, by=day.coach)
    with pytest.raises(ValidationError):
        services.employer_withdraw(registration=day.employer_registration, by=day.recruiter)
    with pytest.raises(ValidationError):
        services.event_next_round(event=day.event, by=day.coach)
    assert login(day.coach).get(url).status_code == 404


def test_an_employer_who_changes_its_times_after_the_schedule_gets_a_day_planned_within_them(
    two_employers, make_schedule, django_capture_on_commit_callbacks
):
    day = two_employers
    make_schedule(day)
    # They leave before the round of their last meeting.
    last = max(
        Meeting.objects.filter(employer=day.cleaner_registration).values_list("slot", flat=True)
    )
    assert last >= 1

    with django_capture_on_commit_callbacks(execute=True):
        register_employer(
            day.event,
            by=day.cleaner_recruiter,
            organisation=day.cleaner,
            tables=2,
            present_until=last,
        )

    day.event.refresh_from_db()
    checked(day.event)
    assert not Meeting.objects.filter(employer=day.cleaner_registration, slot__gte=last).exists()
