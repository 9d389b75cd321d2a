"""A Meet & Match event from start to proposal: the coach organises it, the employer and
the jobseeker (on a phone) register and mark wishes, the coach makes the schedule, the
jobseeker follows it on the phone, both say yes after the meeting, the proposal appears in
the coach's list and the event's figures on the impact dashboard. Every page on the way is
checked by `arrived` (axe-core, CSP); the phone pages and the organiser's pages also at 320,
360 and 1280 px."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from events.models import EmployerRegistration, Event, Meeting
from intermediaries.models import Proposal, ProposalState
from portfolios.factories import make_portfolio, skill_concept
from tests.conftest import PASSWORD
from tests.e2e import PHONE, arrived, has_no_horizontal_scroll, log_in, nl, visit
from tests.e2e.layout import WIDTHS, check_page
from vacancies.factories import VacancyFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _submit(page: Page, button) -> None:
    with page.expect_navigation():
        button.click()
    arrived(page)


def test_a_meet_and_match_event_from_organising_to_a_proposal(world, new_page):
    vacancy = VacancyFactory(
        organisation=world.employer,
        open=True,
        title="Hovenier",
        skills=[(skill_concept("snoeien"), True, 2)],
    )
    make_portfolio(jobseeker=world.jobseeker, skills={"snoeien": 3})

    # 1. The coach organises the event and invites the employer.
    coach = new_page()
    log_in(coach, world.coach.email, PASSWORD)
    visit(coach, reverse("event_create"))
    coach.fill("input[name=title]", "Meet & Match Winschoten")
    coach.fill("input[name=date]", (timezone.localdate() + timedelta(days=14)).isoformat())
    coach.fill("input[name=starts_at]", "13:00")
    coach.fill("input[name=place]", "Stadhuis Winschoten")
    coach.fill("input[name=rounds]", "4")
    coach.fill("input[name=tables]", "2")
    coach.get_by_label(world.employer.name).check()
    _submit(coach, coach.get_by_role("button", name=nl("Make the event")))
    event = Event.objects.get()
    detail = reverse("event_detail", args=[event.pk])

    # 2. The employer registers with its vacancy and wants to meet candidate 1.
    employer = new_page()
    log_in(employer, world.recruiter.email, PASSWORD)
    visit(employer, detail)
    _submit(
        employer,
        employer.locator(f"a[href^='{reverse('event_employer_register', args=[event.pk])}']"),
    )
    employer.get_by_label(vacancy.title).check()
    _submit(employer, employer.get_by_role("button", name=nl("Register")))

    # 3. The jobseeker registers on a phone, agrees to share her match, and must meet them.
    phone = new_page(viewport=PHONE, phone=True)
    log_in(phone, world.jobseeker.email, PASSWORD)
    visit(phone, detail)
    _submit(phone, phone.get_by_role("link", name=nl("I want to take part")))
    phone.get_by_label(
        nl("Yes, I take part and share my match with the employers of this event")
    ).check()
    _submit(phone, phone.get_by_role("button", name=nl("Register")))
    phone.get_by_label(world.employer.name).select_option("must")
    _submit(phone, phone.get_by_role("button", name=nl("Save my wishes")))

    registration = world.jobseeker.event_registrations.get()
    visit(employer, reverse("event_wishes", args=[event.pk, "werkgever", event.employers.get().pk]))
    employer.get_by_label(
        nl("Candidate %(number)s") % {"number": registration.number}
    ).select_option("must")
    _submit(employer, employer.get_by_role("button", name=nl("Save my wishes")))

    # 4. The coach makes the schedule (the worker runs it after the request commits).
    visit(coach, reverse("event_schedule", args=[event.pk]))
    _submit(coach, coach.get_by_role("button", name=nl("Make the schedule")))
    coach.reload()
    expect(coach.locator("main table")).to_have_count(1)
    meeting = Meeting.objects.get()

    # 5. On the phone: the next meeting, the table and who; before her yes the employer
    #    sees a number, not her name.
    visit(phone, reverse("my_schedule", args=[event.pk]))
    expect(phone.locator(".card.is-current")).to_contain_text(world.employer.name)
    expect(phone.locator(".card.is-current")).to_contain_text(str(meeting.table))
    assert has_no_horizontal_scroll(phone)
    visit(employer, reverse("my_schedule", args=[event.pk]))
    expect(employer.locator("main")).not_to_contain_text(world.jobseeker.first_name)

    # 6. The day has come (it was yesterday): once the meeting has started both say yes
    #    in one tap; the proposal reaches the coach.
    Event.objects.filter(pk=event.pk).update(date=timezone.localdate() - timedelta(days=1))
    visit(phone, reverse("my_schedule", args=[event.pk]))
    visit(employer, reverse("my_schedule", args=[event.pk]))
    _submit(phone, phone.get_by_role("button", name=nl("Interested in a job")))
    _submit(employer, employer.get_by_role("button", name=nl("Interested in a job interview")))
    expect(employer.locator("main")).to_contain_text(world.jobseeker.first_name)
    proposal = Proposal.objects.get()
    assert (proposal.source, proposal.state) == ("event", ProposalState.EMPLOYER_INTERESTED)
    visit(coach, reverse("organisation_proposals", args=[world.training_centre.slug]))
    expect(coach.locator("main")).to_contain_text(vacancy.title)

    # 7. The event's figures reach the organiser's impact dashboard.
    impact = reverse("sroi_impact") + f"?year_from={event.date.year}&year_to={event.date.year}"
    visit(coach, impact)
    expect(coach.locator("[data-table=events]")).to_contain_text(event.title)

    problems = []
    for page, who, path in (
        (phone, "jobseeker", reverse("my_schedule", args=[event.pk])),
        (
            phone,
            "jobseeker",
            reverse("event_wishes", args=[event.pk, "werkzoekende", registration.pk]),
        ),
        (coach, "coach", detail),
        (coach, "coach", reverse("event_schedule", args=[event.pk])),
        (coach, "coach", reverse("event_day", args=[event.pk])),
        (coach, "coach", impact),
        (employer, "recruiter", reverse("my_schedule", args=[event.pk])),
        (
            employer,
            "recruiter",
            reverse(
                "event_employer_withdraw",
                args=[event.pk, EmployerRegistration.objects.get(event=event).pk],
            ),
        ),
        (coach, "coach", reverse("event_cancel", args=[event.pk])),
    ):
        problems += check_page(page, path, who=who, widths=WIDTHS)
    assert not problems, "\n".join(problems)
