"""The organiser opens a cancelled event again, and a busy day of check-ins does not flood
anyone with messages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from events import services
from events.factories import make_event, register_employer, register_jobseeker
from events.models import Event, JobseekerRegistration, Wish, WishLevel
from events.tests.helpers import checked
from intermediaries.services import caseload_assign
from portal.notifications.models import Notification
from portal.notifications.services import notifications_mark_read
from portal.organisations.models import Role
from portal.organisations.services import membership_create
from portfolios.factories import make_portfolio
from portfolios.models import PortfolioPage
from portfolios.services import consent_set
from tests.conftest import make_user


def _told(person, kind: str) -> int:
    return Notification.objects.filter(recipient=person, kind=kind).count()


def _shares_with_coach(person) -> None:
    portfolio = PortfolioPage.objects.get(jobseeker=person)
    consent_set(portfolio=portfolio, audience="coach_organisation", granted=True, by=person)


# --- Reopening --------------------------------------------------------------------------------


def test_the_organiser_reopens_a_cancelled_event_and_the_rest_of_the_day_is_planned_again(
    two_employers, login, make_schedule, django_capture_on_commit_callbacks
):
    day = two_employers
    _shares_with_coach(day.jobseeker)
    caseload_assign(
        jobseeker=day.jobseeker,
        coach=day.organisation_admin,
        organisation=day.training_centre,
        by=day.coach,
    )
    services.wish_set(
        by=day.jobseeker,
        jobseeker=day.registration,
        employer=day.employer_registration,
        side="jobseeker",
        level=WishLevel.MUST,
    )
    make_schedule(day)
    # The cleaner comes with one recruiter fewer before the event is called off.
    with django_capture_on_commit_callbacks(execute=True):
        services.employer_withdraw(
            registration=day.cleaner_registration, by=day.cleaner_recruiter, tables=1
        )
    wishes = set(Wish.objects.filter(jobseeker__event=day.event).values_list("pk", "level"))
    registrations = set(JobseekerRegistration.objects.filter(event=day.event).values_list("pk"))
    assert wishes and registrations
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(event=day.event, by=day.coach)
    assert not day.event.meetings.exists()
    url = reverse("event_reopen", args=[day.event.pk])
    detail = reverse("event_detail", args=[day.event.pk])
    assert url in login(day.coach).get(detail).content.decode()

    # Nobody but the organiser finds it: the partner's coach, an employer, a jobseeker.
    for outsider in (day.other_coach, day.recruiter, day.cleaner_recruiter, day.jobseeker):
        assert url not in login(outsider).get(detail).content.decode()
        assert login(outsider).post(url).status_code == 404
        with pytest.raises(PermissionDenied):
            services.event_reopen(event=day.event, by=outsider)
    assert login(None).post(url).status_code == 302
    assert login(day.coach).get(url).status_code == 405
    assert Event.objects.get(pk=day.event.pk).cancelled_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        response = login(day.coach).post(url)

    assert response.status_code == 302
    day.event.refresh_from_db()
    assert day.event.cancelled_at is None and day.event.cancelled_by is None
    # Registrations and wishes count again as they were.
    assert set(Wish.objects.filter(jobseeker__event=day.event).values_list("pk", "level")) == wishes
    assert (
        set(JobseekerRegistration.objects.filter(event=day.event).values_list("pk"))
        == registrations
    )
    # The dropped meetings are planned again under every rule: within the one table the
    # cleaner still brings, and the must-meet pair first.
    meetings = checked(day.event)
    assert meetings
    per_slot = {}
    for meeting in meetings:
        if meeting.employer_id == day.cleaner_registration.pk:
            per_slot[meeting.slot] = per_slot.get(meeting.slot, 0) + 1
    assert max(per_slot.values(), default=0) <= 1
    assert any(
        m.jobseeker_id == day.registration.pk and m.employer_id == day.employer_registration.pk
        for m in meetings
    )
    # Everyone who takes part hears it once; the coach who shares in it too; not the organiser.
    for person in (day.jobseeker, day.other_jobseeker, day.recruiter, day.cleaner_recruiter):
        assert _told(person, "event.reopened") == 1
    assert _told(day.organisation_admin, "event.coachee_event_reopened") == 1
    assert _told(day.other_coach, "event.coachee_event_reopened") == 0
    assert _told(day.coach, "event.reopened") == 0
    page = login(day.jobseeker).get(detail).content.decode()
    assert "utrecht-alert--warning" not in page
    # It is not cancelled any more: opening it again finds nothing.
    assert login(day.coach).post(url).status_code == 404
    with pytest.raises(ValidationError):
        services.event_reopen(event=day.event, by=day.coach)
    # The day goes on as usual.
    services.event_next_round(event=day.event, by=day.coach)


def test_a_cancelled_event_whose_day_has_passed_stays_cancelled(day, login):
    services.event_cancel(event=day.event, by=day.coach)
    Event.objects.filter(pk=day.event.pk).update(date=timezone.localdate() - timedelta(days=1))
    day.event.refresh_from_db()
    url = reverse("event_reopen", args=[day.event.pk])
    assert (
        url
        not in login(day.coach).get(reverse("event_detail", args=[day.event.pk])).content.decode()
    )

    response = login(day.coach).post(url, follow=True)

    assert "has passed" in response.content.decode()
    assert Event.objects.get(pk=day.event.pk).cancelled_at is not None
    with pytest.raises(ValidationError):
        services.event_reopen(event=day.event, by=day.coach)
    assert _told(day.jobseeker, "event.reopened") == 0


def test_an_event_cancelled_before_its_schedule_reopens_with_its_registrations(day, login):
    services.event_cancel(event=day.event, by=day.coach)
    with pytest.raises(ValidationError):
        services.schedule_request(event=day.event, by=day.coach)

    services.event_reopen(event=day.event, by=day.coach)

    day.event.refresh_from_db()
    assert day.event.cancelled_at is None
    assert day.event.jobseekers.count() == 4
    assert not day.event.meetings.exists()
    # The schedule can be made again.
    services.schedule_request(event=day.event, by=day.coach)
    assert _told(day.recruiter, "event.reopened") == 1


# --- A busy day -----------------------------------------------------------------------------


CHECK_INS = 50


@pytest.fixture
def busy_day(world, django_capture_on_commit_callbacks):
    """Fifty jobseekers of the centre, each on the coach's caseload and sharing with the
    centre, registered with two employers; none has arrived yet when the schedule is made."""
    event = make_event(
        organiser=world.coach,
        organisation=world.training_centre,
        invited_employers=[world.employer],
        tables=8,
        rounds=6,
        breaks=[],
    )
    register_employer(event, by=world.recruiter, organisation=world.employer, tables=4)
    people = []
    for n in range(CHECK_INS):
        person = make_user(f"busy-{n}@example.nl", f"Persoon{n}")
        membership_create(user=person, organisation=world.training_centre, role=Role.JOBSEEKER)
        make_portfolio(jobseeker=person, audiences=("coach_organisation",))
        caseload_assign(
            jobseeker=person, coach=world.coach, organisation=world.training_centre, by=world.coach
        )
        people.append(
            register_jobseeker(
                event, jobseeker=person, organisation=world.training_centre, by=world.coach
            )
        )
    # Nobody is there yet as the day begins: the schedule plans no meeting.
    JobseekerRegistration.objects.filter(event=event).update(absent_from=0)
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_request(event=event, by=world.coach)
    event.refresh_from_db()
    assert not event.meetings.exists()
    world.event, world.people = event, people
    return world


def test_fifty_check_ins_send_each_person_one_message_until_they_read_it(
    busy_day, django_capture_on_commit_callbacks
):
    day = busy_day
    mail.outbox.clear()
    before = Notification.objects.count()

    for registration in day.people:
        with django_capture_on_commit_callbacks(execute=True):
            services.participant_mark(
                event=day.event, by=day.coach, registration=registration, here=True
            )

    meetings = checked(day.event)
    met = {m.jobseeker_id for m in meetings}
    # Check-ins changed the schedule many times: each arrival was given meetings.
    assert len(met) >= 10
    # The coach: one message, counting every one of theirs whose schedule changed.
    [coach_message] = Notification.objects.filter(
        recipient=day.coach, kind="event.coachee_schedule_changed"
    )
    assert coach_message.params["count"] == len(met)
    assert f"({len(met)})" in coach_message.text
    # The employer's recruiter: one message; each jobseeker with meetings: one.
    assert _told(day.recruiter, "event.schedule_changed") == 1
    for registration in day.people:
        expected = 1 if registration.pk in met else 0
        assert _told(registration.jobseeker, "event.schedule_changed") == expected
    # In all, one message per person told, and one e-mail each.
    told = 1 + 1 + len(met)
    assert Notification.objects.count() - before == told
    assert len(mail.outbox) == told
    assert sum(1 for m in mail.outbox if m.to == [day.coach.email]) == 1

    # Once the coach has read it, the next change is a new message (and e-mail).
    notifications_mark_read(recipient=day.coach)
    gone = day.people[0] if day.people[0].pk in met else next(r for r in day.people if r.pk in met)
    with django_capture_on_commit_callbacks(execute=True):
        services.participant_mark(event=day.event, by=day.coach, registration=gone, here=False)
    unread = Notification.objects.filter(
        recipient=day.coach, kind="event.coachee_schedule_changed", read_at__isnull=True
    )
    assert unread.count() == 1
    assert unread.get().pk != coach_message.pk
    assert sum(1 for m in mail.outbox if m.to == [day.coach.email]) == 2
