"""Events end to end through services and views: organising, registering, wishes, the
schedule (checked by the engine's checker), the day, and a mutual interest becoming a
proposal. Privacy: employers see no name before a yes; outsiders see nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import escape

from events import services
from events.factories import make_event
from events.models import Meeting, Outcome, Side, Wish, WishLevel
from events.permissions import event_policy
from events.scheduling.replan import still_possible
from events.selectors import event_figures, event_matches
from events.tests.helpers import checked, started
from intermediaries import services as intermediary_services
from intermediaries.models import ContractType, Proposal, ProposalState
from portal.organisations.models import Role
from portal.organisations.services import membership_create
from portfolios.factories import make_portfolio
from tests.conftest import make_user


def test_only_coaches_of_an_approved_intermediary_organise(world, login):
    assert login(world.coach).get(reverse("event_create")).status_code == 200
    assert login(world.recruiter).get(reverse("event_create")).status_code == 403
    assert login(world.jobseeker).get(reverse("event_create")).status_code == 403
    with pytest.raises(PermissionDenied):
        make_event(organiser=world.recruiter, organisation=world.employer)


def test_coach_creates_an_event_from_the_form_and_bad_input_keeps_what_was_typed(world, login):
    client = login(world.coach)
    data = {
        "organisation": world.training_centre.pk,
        "title": "Meet & Match Veendam",
        "date": "2199-01-01",
        "starts_at": "13:00",
        "place": "Bibliotheek",
        "slot_minutes": "45",
        "rounds": "8",
        "breaks": "4, x",
        "tables": "10",
        "max_meetings": "4",
        "invited_employers": [world.employer.pk],
    }
    refused = client.post(reverse("event_create"), data)
    assert refused.status_code == 400
    assert "Meet &amp; Match Veendam" in refused.content.decode()
    data.update(date=str(world.training_centre.created_at.date()), slot_minutes="15", breaks="4")
    made = client.post(reverse("event_create"), data)
    assert made.status_code == 302
    event = world.training_centre.events_organised.get()
    assert (event.slot_minutes, event.breaks) == (15, [3])
    assert login(world.recruiter).get(reverse("event_detail", args=[event.pk])).status_code == 200


def test_organisations_without_a_part_in_the_event_see_nothing(day, login):
    url = reverse("event_detail", args=[day.event.pk])
    outsider = make_user("buiten@example.nl", "Bram")
    for user in (outsider, day.network_admin):
        assert login(user).get(url).status_code == 404
        assert login(user).get(reverse("my_schedule", args=[day.event.pk])).status_code == 404
    assert day.event.title not in login(outsider).get(reverse("event_list")).content.decode()
    # Training staff of the organiser have no part in it either.
    assert login(day.training_staff).get(url).status_code == 404


def test_taking_part_needs_the_persons_consent(day):
    person = make_user("zonder@example.nl", "Zoë")
    membership_create(user=person, organisation=day.training_centre, role=Role.JOBSEEKER)
    with pytest.raises(ValidationError):
        services.jobseeker_register(
            event=day.event,
            jobseeker=person,
            organisation=day.training_centre,
            by=day.coach,
            consent=False,
        )
    # A coach of a partner cannot register someone of another organisation.
    with pytest.raises(PermissionDenied):
        services.jobseeker_register(
            event=day.event,
            jobseeker=person,
            organisation=day.training_centre,
            by=day.other_coach,
            consent=True,
        )


def test_the_portal_proposes_wishes_from_the_match(day):
    services.wishes_propose(event=day.event)
    proposed = Wish.objects.get(
        side=Side.JOBSEEKER, jobseeker=day.registration, employer=day.employer_registration
    )
    assert proposed.proposed and proposed.level == WishLevel.WOULD_LIKE
    # Someone without a portfolio has no match, so nothing is proposed for them.
    assert not Wish.objects.filter(side=Side.JOBSEEKER, jobseeker=day.other_registration).exists()


def test_schedule_is_made_in_the_background_and_obeys_every_rule(day, login, make_schedule):
    services.wish_set(
        by=day.other_jobseeker,
        employer=day.employer_registration,
        jobseeker=day.other_registration,
        side=Side.JOBSEEKER,
        level=WishLevel.NO_THANKS,
    )
    make_schedule(day)
    meetings = checked(day.event)
    assert meetings
    assert not [m for m in meetings if m.jobseeker_id == day.other_registration.pk]
    page = login(day.coach).get(reverse("event_schedule", args=[day.event.pk]))
    assert page.status_code == 200
    assert day.event.schedule_figures["meetings"] == len(meetings)


def test_jobseeker_sees_next_meeting_and_employer_sees_a_number_until_the_yes(
    day, login, make_schedule
):
    make_schedule(day)
    started(day.event)
    meeting = Meeting.objects.get(jobseeker=day.registration)
    mine = login(day.jobseeker).get(reverse("my_schedule", args=[day.event.pk])).content.decode()
    assert escape(day.employer.name) in mine
    assert f"Tafel {meeting.table}" in mine or f"Table {meeting.table}" in mine
    theirs = login(day.recruiter).get(reverse("my_schedule", args=[day.event.pk])).content.decode()
    assert day.jobseeker.first_name not in theirs
    login(day.jobseeker).post(
        reverse("event_meeting_outcome", args=[day.event.pk, meeting.pk]),
        {"outcome": Outcome.JOB},
    )
    theirs = login(day.recruiter).get(reverse("my_schedule", args=[day.event.pk])).content.decode()
    assert day.jobseeker.first_name in theirs


def test_no_show_replans_the_rest_of_the_day_keeping_announced_meetings(day, login, make_schedule):
    make_schedule(day)
    before = set(Meeting.objects.values_list("slot", "table", "employer_id", "jobseeker_id"))
    client = login(day.coach)
    client.post(reverse("event_next_round", args=[day.event.pk]))
    response = client.post(
        reverse(
            "event_participant_mark",
            args=[day.event.pk, "werkzoekende", day.registration.pk, "afwezig"],
        )
    )
    assert response.status_code == 302
    day.event.refresh_from_db()
    after = checked(day.event)
    assert not [m for m in after if m.jobseeker_id == day.registration.pk and m.slot >= 1]
    untouched = {b for b in before if b[3] != day.registration.pk or b[0] < 1}
    assert untouched <= {(m.slot, m.table, m.employer_id, m.jobseeker_id) for m in after}
    problem = services.event_problem(event=day.event, matches=event_matches(event=day.event))
    assert len(still_possible(problem, services._planned(day.event))) == len(after)


def test_the_proposal_from_an_event_says_why_in_the_jobseekers_language(day, login, make_schedule):
    # Made while the English-speaking worker or another person's request runs: the motivation
    # is stored text, so it is written in the jobseeker's language, dates as Dutch writes them.
    day.jobseeker.preferred_language = "nl"
    day.jobseeker.save(update_fields=["preferred_language"])
    make_schedule(day)
    started(day.event)
    meeting = Meeting.objects.get(jobseeker=day.registration)
    url = reverse("event_meeting_outcome", args=[day.event.pk, meeting.pk])
    login(day.recruiter).post(url, {"outcome": Outcome.INTERVIEW}, HTTP_ACCEPT_LANGUAGE="en")
    login(day.jobseeker).post(url, {"outcome": Outcome.JOB}, HTTP_ACCEPT_LANGUAGE="en")

    motivation = Proposal.objects.get().motivation
    with translation.override("nl"):
        day_written = formats.date_format(day.event.date, "j F Y")
    assert motivation.startswith(f"Allebei ja gezegd bij {day.event.title} op {day_written}: ")
    assert "Both said yes" not in motivation


def test_mutual_interest_becomes_a_proposal_the_coach_follows(day, login, make_schedule):
    make_schedule(day)
    started(day.event)
    meeting = Meeting.objects.get(jobseeker=day.registration)
    url = reverse("event_meeting_outcome", args=[day.event.pk, meeting.pk])
    login(day.recruiter).post(url, {"outcome": Outcome.INTERVIEW})
    assert not Proposal.objects.exists()
    login(day.jobseeker).post(url, {"outcome": Outcome.JOB})
    proposal = Proposal.objects.get()
    assert (proposal.source, proposal.source_id) == ("event", day.event.pk)
    assert proposal.state == ProposalState.EMPLOYER_INTERESTED
    assert proposal.organisation == day.training_centre
    figures = event_figures(event=day.event)
    assert (figures.mutual, figures.proposals, figures.placed) == (1, 1, 0)
    # The employer hires her a month after the event: the event's figures count it.
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
    assert event_figures(event=day.event).placed == 1
    coach_list = login(day.coach).get(
        reverse("organisation_proposals", args=[day.training_centre.slug])
    )
    assert day.vacancy.title in coach_list.content.decode()


def test_someone_else_cannot_record_an_outcome_or_a_wish(day, login, make_schedule):
    make_schedule(day)
    started(day.event)
    meeting = Meeting.objects.get(jobseeker=day.registration)
    response = login(day.other_jobseeker).post(
        reverse("event_meeting_outcome", args=[day.event.pk, meeting.pk]),
        {"outcome": Outcome.JOB},
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services.wish_set(
            by=day.other_coach,
            employer=day.employer_registration,
            jobseeker=day.registration,
            side=Side.JOBSEEKER,
            level=WishLevel.MUST,
        )
    with pytest.raises(PermissionDenied):
        services.outcome_record(
            meeting=meeting, by=day.coach, side=Side.EMPLOYER, outcome=Outcome.JOB
        )


def test_schedule_and_table_cards_print_as_pdf_and_the_card_shows_numbers_not_names(
    day, login, make_schedule
):
    from events.documents import table_cards, table_cards_pdf

    make_schedule(day)
    mine = login(day.jobseeker).get(reverse("my_schedule_pdf", args=[day.event.pk]))
    assert mine["Content-Type"] == "application/pdf"
    assert mine.content.startswith(b"%PDF")
    cards = login(day.coach).get(reverse("table_cards_pdf", args=[day.event.pk]))
    assert cards.content.startswith(b"%PDF")
    assert (
        login(day.recruiter).get(reverse("table_cards_pdf", args=[day.event.pk])).status_code == 404
    )
    cards = table_cards(event=day.event)
    printed = [str(value) for card in cards for row in card["rounds"] for value in row.values()]
    assert str(day.registration.number) in printed
    assert not [text for text in printed if day.jobseeker.first_name in text]
    assert table_cards_pdf(event=day.event, language="nl").startswith(b"%PDF")


def test_the_jobseekers_data_export_holds_their_events_and_meetings(day, make_schedule):
    from events.personal_data import events_about

    make_schedule(day)
    [row] = events_about(day.jobseeker)
    assert row["event"] == day.event.title
    assert [m["employer"] for m in row["meetings"]] == [day.employer.name]
    assert events_about(day.other_coach) == []


@pytest.mark.parametrize("count", [1, 30])
def test_the_event_list_costs_the_same_queries_with_one_or_many_events(
    world, login, django_assert_max_num_queries, count
):
    for n in range(count):
        make_event(
            organiser=world.coach,
            organisation=world.training_centre,
            title=f"Meet & Match {n}",
            invited_employers=[world.employer],
        )
    client = login(world.recruiter)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("event_list"))
    assert page.content.decode().count('class="card"') == count


def test_the_organiser_sees_partner_jobseekers_by_number_unless_they_shared_with_the_network(
    day, login, make_schedule
):
    from portfolios.models import Audience

    make_schedule(day)
    anonymous = f"Kandidaat {day.other_registration.number} (via {day.municipality.name})"
    organiser = login(day.coach)
    pages = [
        organiser.get(reverse(name, args=[day.event.pk])).content.decode()
        for name in ("event_day", "event_schedule")
    ]
    for page in pages:
        # Mehmet came with the partner municipality and shared nothing with the organiser.
        assert day.other_jobseeker.first_name not in page
        # The organiser's own people keep their name.
        assert "Fatima" in page
    assert (
        escape(anonymous) in pages[0]
        or escape(anonymous).replace("Kandidaat", "Candidate") in pages[0]
    )
    # The partner's coach knows Mehmet by name, and the organiser's people by number only.
    named = event_policy.named_jobseekers(
        day.other_coach, [day.other_registration, day.registration]
    )
    assert named == {day.other_registration.pk}
    # Shared with other intermediaries in the network: now the organiser may know his name.
    make_portfolio(jobseeker=day.other_jobseeker, audiences=(Audience.NETWORK,))
    page = login(day.coach).get(reverse("event_day", args=[day.event.pk])).content.decode()
    assert day.other_jobseeker.first_name in page


def test_erasing_an_account_keeps_the_event_figures_but_not_the_person(day, login, make_schedule):
    from events.models import JobseekerRegistration
    from portfolios.privacy import account_erase

    make_schedule(day)
    started(day.event)
    meeting = Meeting.objects.get(jobseeker=day.registration)
    services.outcome_record(
        meeting=meeting, by=day.recruiter, side=Side.EMPLOYER, outcome=Outcome.INTERVIEW
    )
    services.outcome_record(
        meeting=meeting, by=day.jobseeker, side=Side.JOBSEEKER, outcome=Outcome.JOB
    )
    for _ in range(day.event.rounds):
        services.event_next_round(event=day.event, by=day.coach)
    day.event.refresh_from_db()
    before = event_figures(event=day.event)
    assert (before.held, before.mutual, before.proposals) == (before.meetings, 1, 1)
    person, name = day.jobseeker.pk, day.jobseeker.first_name

    account_erase(user=day.jobseeker, by=day.jobseeker)

    assert event_figures(event=day.event) == before
    kept = JobseekerRegistration.objects.get(pk=day.registration.pk)
    assert kept.jobseeker_id is None
    assert kept.meetings.get().mutual_interest
    assert not JobseekerRegistration.objects.filter(jobseeker_id=person).exists()
    assert not Wish.objects.filter(jobseeker=kept).exists()
    for user in (day.coach, day.recruiter):
        url = "event_schedule" if user == day.coach else "my_schedule"
        page = login(user).get(reverse(url, args=[day.event.pk]))
        assert page.status_code == 200
        assert name not in page.content.decode()


def test_erasing_an_account_before_the_event_frees_its_meetings_to_come(day, make_schedule):
    from portfolios.privacy import account_erase

    make_schedule(day)
    assert Meeting.objects.filter(jobseeker=day.registration).exists()
    account_erase(user=day.jobseeker, by=day.jobseeker)
    assert not Meeting.objects.filter(jobseeker=day.registration).exists()
    day.registration.refresh_from_db()
    assert day.registration.slots(day.event) == frozenset()


def test_an_outcome_waits_until_the_meeting_hasstarted(day, login, make_schedule):
    make_schedule(day)
    meeting = Meeting.objects.get(jobseeker=day.registration)
    with pytest.raises(ValidationError):
        services.outcome_record(
            meeting=meeting, by=day.jobseeker, side=Side.JOBSEEKER, outcome=Outcome.JOB
        )
    with pytest.raises(ValidationError):
        services.outcome_record(
            meeting=meeting, by=day.recruiter, side=Side.EMPLOYER, outcome=Outcome.JOB
        )
    page = login(day.jobseeker).get(reverse("my_schedule", args=[day.event.pk])).content.decode()
    assert 'name="outcome"' not in page
    started(day.event)
    page = login(day.jobseeker).get(reverse("my_schedule", args=[day.event.pk])).content.decode()
    assert 'name="outcome"' in page
    services.outcome_record(
        meeting=meeting, by=day.jobseeker, side=Side.JOBSEEKER, outcome=Outcome.JOB
    )
    meeting.refresh_from_db()
    assert meeting.jobseeker_outcome == Outcome.JOB


def test_the_jobseekers_own_coach_records_the_outcome_for_them_and_no_other_coach_may(
    day, login, make_schedule
):
    make_schedule(day)
    started(day.event)
    mine = Meeting.objects.get(jobseeker=day.registration)
    # Mehmet (no portfolio, so no match) gets the employer's first free round.
    taken = set(Meeting.objects.filter(event=day.event).values_list("slot", flat=True))
    free = min(set(range(day.event.rounds)) - taken - day.event.break_slots)
    partners = Meeting.objects.filter(jobseeker=day.other_registration).first() or (
        Meeting.objects.create(
            event=day.event,
            slot=free,
            table=1,
            employer=day.employer_registration,
            jobseeker=day.other_registration,
        )
    )
    # The centre's coach sees the meetings of the people they help, and answers for one.
    page = login(day.coach).get(reverse("my_schedule", args=[day.event.pk]))
    assert page.status_code == 200
    assert f'id="gesprek-{mine.pk}"' in page.content.decode()
    response = login(day.coach).post(
        reverse("event_meeting_outcome", args=[day.event.pk, mine.pk]),
        {"outcome": Outcome.WORK_EXPERIENCE},
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.jobseeker_outcome == Outcome.WORK_EXPERIENCE
    assert mine.employer_outcome == ""
    # Organising the event does not make them the coach of the partner's jobseeker.
    assert f'id="gesprek-{partners.pk}"' not in page.content.decode()
    response = login(day.coach).post(
        reverse("event_meeting_outcome", args=[day.event.pk, partners.pk]),
        {"outcome": Outcome.JOB},
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services.outcome_record(
            meeting=partners, by=day.coach, side=Side.JOBSEEKER, outcome=Outcome.JOB
        )
    # The partner's coach answers for their own jobseeker, not for the centre's.
    services.outcome_record(
        meeting=partners, by=day.other_coach, side=Side.JOBSEEKER, outcome=Outcome.NOT_NOW
    )
    with pytest.raises(PermissionDenied):
        services.outcome_record(
            meeting=mine, by=day.other_coach, side=Side.JOBSEEKER, outcome=Outcome.JOB
        )
    partners.refresh_from_db()
    mine.refresh_from_db()
    assert (partners.jobseeker_outcome, mine.jobseeker_outcome) == (
        Outcome.NOT_NOW,
        Outcome.WORK_EXPERIENCE,
    )
