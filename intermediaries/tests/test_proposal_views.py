"""The jobseeker's "Proposals for me" and the employer's inbox per vacancy."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from intermediaries.factories import make_proposal
from intermediaries.models import (
    ContractType,
    EmployerDeclineReason,
    Placement,
    Proposal,
    ProposalEvent,
    ProposalState,
    TargetGroup,
)
from intermediaries.services import (
    placement_record_target_group,
    proposal_employer_interested,
    proposal_plan_interview,
    proposal_withdraw,
)
from portal.organisations.factories import MembershipFactory
from portal.organisations.models import Role
from portfolios.factories import make_portfolio
from portfolios.services import consent_set
from tests.test_query_counts import assert_same_queries_for_1_and_50_rows
from vacancies.factories import EmployerFactory, VacancyFactory

EXPLANATION = {
    "score": 57,
    "skills": [
        {
            "labels": {"nl": "Heftruck rijden", "en": "Driving a forklift"},
            "required": True,
            "need": 3,
            "have": 4,
        },
        {
            "labels": {"nl": "Orderpicken", "en": "Order picking"},
            "required": True,
            "need": 3,
            "have": 1,
        },
        {"labels": {"nl": "Plannen", "en": "Planning"}, "required": True, "need": 2, "have": None},
        {
            "labels": {"nl": "Rijbewijs B", "en": "Driving licence B"},
            "required": False,
            "need": 1,
            "have": 2,
        },
    ],
    "distance_km": 12.4,
    "reach_km": 25,
    "within_reach": True,
    "hours_fit": True,
}


def _portfolio(world, *audiences, coach_agrees=False, jobseeker=None):
    return make_portfolio(
        jobseeker=jobseeker or world.jobseeker,
        skills={"Orderpicken": 3},
        audiences=("coach_organisation", *audiences),
        coach=world.coach if coach_agrees else None,
    )


def _proposal(world, portfolio=None, *, state=ProposalState.PROPOSED, vacancy=None, **options):
    return make_proposal(
        coach=world.coach,
        portfolio=portfolio or _portfolio(world),
        vacancy=vacancy or VacancyFactory(organisation=world.employer, open=True, place="Veendam"),
        recruiter=world.recruiter,
        state=state,
        motivation="Werkt nauwkeurig en heeft al ervaring in een magazijn.",
        **options,
    )


def _inbox(proposal):
    vacancy = proposal.vacancy
    return reverse("vacancy_proposals", args=[vacancy.organisation.slug, vacancy.pk])


def _answer(proposal, action):
    vacancy = proposal.vacancy
    return reverse(
        "vacancy_proposal_answer",
        args=[vacancy.organisation.slug, vacancy.pk, proposal.pk, action],
    )


def _in_days(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def _state(proposal) -> str:
    return Proposal.objects.get(pk=proposal.pk).state


# --- The jobseeker ---------------------------------------------------------------------


def test_jobseeker_sees_the_work_the_place_the_motivation_and_what_fits(world, login):
    proposal = _proposal(world, explanation=EXPLANATION)

    html = login(world.jobseeker).get(reverse("my_proposals")).content.decode()

    assert proposal.vacancy.title in html
    assert escape(world.employer.name) in html
    assert "Veendam" in html
    assert "ervaring in een magazijn" in html  # the motivation
    assert "You are good at: Driving a forklift" in html
    assert "You are good at: Driving licence B" in html
    assert "Order picking" not in html  # below the level: not something "you are good at"
    assert "The work is close enough to where you live." in html
    assert reverse("my_proposal_agree", args=[proposal.pk]) in html


def test_jobseeker_sees_no_yes_or_no_once_answered(world, login):
    proposal = _proposal(world, state=ProposalState.JOBSEEKER_AGREED)

    html = login(world.jobseeker).get(reverse("my_proposals")).content.decode()

    assert "You said yes." in html
    assert reverse("my_proposal_agree", args=[proposal.pk]) not in html


def test_jobseeker_says_yes(world, login):
    proposal = _proposal(world)

    response = login(world.jobseeker).post(reverse("my_proposal_agree", args=[proposal.pk]))

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.JOBSEEKER_AGREED
    assert proposal.jobseeker_agreed_at is not None


def test_jobseeker_says_no_with_a_reason(world, login):
    proposal = _proposal(world)

    response = login(world.jobseeker).post(
        reverse("my_proposal_decline", args=[proposal.pk]), {f"p{proposal.pk}-reason": "Te ver"}
    )

    assert response.status_code == 302
    assert _state(proposal) == ProposalState.JOBSEEKER_DECLINED
    assert proposal.events.get(to_state=ProposalState.JOBSEEKER_DECLINED).note == "Te ver"


def test_jobseeker_may_say_no_without_a_reason(world, login):
    proposal = _proposal(world)

    login(world.jobseeker).post(reverse("my_proposal_decline", args=[proposal.pk]))

    assert _state(proposal) == ProposalState.JOBSEEKER_DECLINED


def test_saying_no_after_the_coach_withdrew_shows_why_and_keeps_the_reason(world, login):
    proposal = _proposal(world)
    proposal_withdraw(proposal=proposal, by=world.coach)

    response = login(world.jobseeker).post(
        reverse("my_proposal_decline", args=[proposal.pk]),
        {f"p{proposal.pk}-reason": "Ik heb al werk"},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "This step is not possible now. The proposal is: Withdrawn." in html
    assert "Ik heb al werk" in html
    assert _state(proposal) == ProposalState.WITHDRAWN


def test_saying_yes_twice_is_refused_with_the_services_message(world, login):
    proposal = _proposal(world, state=ProposalState.JOBSEEKER_DECLINED)

    response = login(world.jobseeker).post(reverse("my_proposal_agree", args=[proposal.pk]))

    assert response.status_code == 400
    assert "This step is not possible now." in response.content.decode()
    assert _state(proposal) == ProposalState.JOBSEEKER_DECLINED


def test_jobseeker_never_sees_or_answers_another_jobseekers_proposals(world, login):
    other = MembershipFactory(organisation=world.training_centre, role=Role.JOBSEEKER).user
    proposal = _proposal(world, _portfolio(world, jobseeker=other))
    client = login(world.jobseeker)

    html = client.get(reverse("my_proposals")).content.decode()
    agree = client.post(reverse("my_proposal_agree", args=[proposal.pk]))
    decline = client.post(reverse("my_proposal_decline", args=[proposal.pk]))

    assert proposal.vacancy.title not in html
    assert agree.status_code == decline.status_code == 404
    assert _state(proposal) == ProposalState.PROPOSED


def test_the_note_says_the_employer_sees_the_name_only_when_consent_allows(world, login):
    portfolio = _portfolio(world, "employers_anonymous", coach_agrees=True)
    client = login(world.jobseeker)

    anonymous = client.get(reverse("my_proposals")).content.decode()
    consent_set(portfolio=portfolio, audience="employers_named", granted=True, by=world.jobseeker)
    named = client.get(reverse("my_proposals")).content.decode()

    assert "The employer does not see your name." in anonymous
    assert "The employer sees your name and your portfolio." in named


def test_dashboard_counts_the_proposals_waiting_for_an_answer(world, login):
    portfolio = _portfolio(world)
    _proposal(world, portfolio)
    _proposal(world, portfolio)
    _proposal(world, portfolio, state=ProposalState.JOBSEEKER_AGREED)

    html = login(world.jobseeker).get(reverse("dashboard")).content.decode()

    assert "2 proposals wait for your answer." in html
    assert reverse("my_proposals") in html


# --- The employer --------------------------------------------------------------------------


def test_employer_sees_the_candidate_anonymised_before_the_jobseeker_agreed(world, login):
    proposal = _proposal(
        world, _portfolio(world, "employers_named", coach_agrees=True), explanation=EXPLANATION
    )

    html = login(world.recruiter).get(_inbox(proposal)).content.decode()

    assert world.jobseeker.get_full_name() not in html
    assert f"Candidate {proposal.pk}" in html
    assert reverse("portfolio_detail", args=[proposal.portfolio.public_id]) not in html
    assert "ervaring in een magazijn" in html
    assert "Driving a forklift" in html and "have 1, need 3" in html and "missing" in html
    assert _answer(proposal, "uitnodigen") not in html  # nothing to answer yet


def test_employer_sees_the_name_after_agreement_when_consent_names_them(world, login):
    portfolio = _portfolio(world, "employers_named", coach_agrees=True)
    proposal = _proposal(world, portfolio, state=ProposalState.JOBSEEKER_AGREED)

    html = login(world.recruiter).get(_inbox(proposal)).content.decode()

    assert world.jobseeker.get_full_name() in html
    assert reverse("portfolio_detail", args=[portfolio.public_id]) in html
    assert _answer(proposal, "uitnodigen") in html and _answer(proposal, "afwijzen") in html


def test_employer_gets_the_anonymised_portfolio_after_agreement_without_named_consent(world, login):
    portfolio = _portfolio(world, "employers_anonymous", coach_agrees=True)
    proposal = _proposal(world, portfolio, state=ProposalState.JOBSEEKER_AGREED)

    html = login(world.recruiter).get(_inbox(proposal)).content.decode()

    assert world.jobseeker.get_full_name() not in html
    assert reverse("portfolio_detail", args=[portfolio.public_id]) in html


def test_employer_gets_no_portfolio_link_when_consent_shuts_employers_out(world, login):
    proposal = _proposal(world, state=ProposalState.JOBSEEKER_AGREED)

    html = login(world.recruiter).get(_inbox(proposal)).content.decode()

    assert world.jobseeker.get_full_name() not in html
    assert reverse("portfolio_detail", args=[proposal.portfolio.public_id]) not in html


def test_employer_never_sees_the_target_group(world, login):
    proposal = _proposal(world, state=ProposalState.PLACED)
    placement_record_target_group(
        placement=proposal.placement, by=world.coach, target_group=TargetGroup.WAJONG
    )

    html = login(world.recruiter).get(_inbox(proposal)).content.decode()

    assert "Regular contract" in html  # the placement is shown ...
    assert "Wajong" not in html and "arget group" not in html  # ... its target group never


def test_employer_never_sees_proposals_for_another_employers_vacancy(world, login):
    employer = EmployerFactory(name="Spaarne Schoonmaak")
    other_vacancy = VacancyFactory(organisation=employer, open=True)
    proposal = _proposal(world, vacancy=other_vacancy, state=ProposalState.JOBSEEKER_AGREED)
    own = VacancyFactory(organisation=world.employer, open=True)
    client = login(world.recruiter)

    theirs = client.get(_inbox(proposal))
    # Their vacancy under our slug, and their proposal under our vacancy: both unknown.
    mixed = client.get(reverse("vacancy_proposals", args=[world.employer.slug, other_vacancy.pk]))
    answer = client.post(
        reverse(
            "vacancy_proposal_answer",
            args=[world.employer.slug, own.pk, proposal.pk, "afwijzen"],
        ),
        {f"p{proposal.pk}-afwijzen-reason": EmployerDeclineReason.HOURS},
    )

    assert theirs.status_code == mixed.status_code == answer.status_code == 404
    assert _state(proposal) == ProposalState.JOBSEEKER_AGREED


@pytest.mark.parametrize("role", ["coach", "jobseeker", "network_admin"])
def test_only_the_employers_recruiters_and_admins_open_the_inbox(world, login, role):
    proposal = _proposal(world)

    response = login(getattr(world, role)).get(_inbox(proposal))

    assert response.status_code == 404


def test_employer_invites_to_an_interview_with_date_time_and_place(world, login):
    proposal = _proposal(world, state=ProposalState.JOBSEEKER_AGREED)
    day = timezone.localdate() + timedelta(days=5)
    prefix = f"p{proposal.pk}-uitnodigen"

    response = login(world.recruiter).post(
        _answer(proposal, "uitnodigen"),
        {f"{prefix}-date": day.isoformat(), f"{prefix}-time": "10:30", f"{prefix}-place": "Kas 2"},
    )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.INTERVIEW_PLANNED
    assert timezone.localtime(proposal.interview_at).date() == day
    assert timezone.localtime(proposal.interview_at).strftime("%H:%M") == "10:30"
    assert proposal.interview_place == "Kas 2"
    steps = list(proposal.events.values_list("to_state", flat=True))
    assert steps[-2:] == [ProposalState.EMPLOYER_INTERESTED, ProposalState.INTERVIEW_PLANNED]


def test_employer_plans_the_interview_after_saying_interested(world, login):
    proposal = _proposal(world, state=ProposalState.EMPLOYER_INTERESTED)
    prefix = f"p{proposal.pk}-gesprek-plannen"

    login(world.recruiter).post(
        _answer(proposal, "gesprek-plannen"),
        {f"{prefix}-date": _in_days(30), f"{prefix}-time": "09:00", f"{prefix}-place": "Online"},
    )

    assert _state(proposal) == ProposalState.INTERVIEW_PLANNED


def test_an_invitation_without_a_place_changes_nothing(world, login):
    proposal = _proposal(world, state=ProposalState.JOBSEEKER_AGREED)
    prefix = f"p{proposal.pk}-uitnodigen"

    response = login(world.recruiter).post(
        _answer(proposal, "uitnodigen"),
        {f"{prefix}-date": _in_days(30), f"{prefix}-time": "09:00"},
    )

    assert response.status_code == 400
    assert _state(proposal) == ProposalState.JOBSEEKER_AGREED


def test_employer_declines_with_a_reason_from_the_list_and_a_note(world, login):
    proposal = _proposal(world, state=ProposalState.JOBSEEKER_AGREED)
    prefix = f"p{proposal.pk}-afwijzen"

    login(world.recruiter).post(
        _answer(proposal, "afwijzen"),
        {f"{prefix}-reason": EmployerDeclineReason.DISTANCE, f"{prefix}-note": "Geen bus"},
    )

    event = ProposalEvent.objects.get(proposal=proposal, to_state=ProposalState.EMPLOYER_DECLINED)
    assert (event.reason, event.note) == (EmployerDeclineReason.DISTANCE, "Geen bus")


def test_employer_marks_placed_with_start_date_contract_and_hours(world, login):
    proposal = _proposal(world, state=ProposalState.INTERVIEW_PLANNED)
    prefix = f"p{proposal.pk}-aangenomen"

    login(world.recruiter).post(
        _answer(proposal, "aangenomen"),
        {
            f"{prefix}-start_date": _in_days(60),
            f"{prefix}-contract_type": ContractType.BANENAFSPRAAK,
            f"{prefix}-hours_per_week": "24",
        },
    )

    placement = Placement.objects.get(proposal=proposal)
    assert (placement.start_date, placement.contract_type, placement.hours_per_week) == (
        timezone.localdate() + timedelta(days=60),
        ContractType.BANENAFSPRAAK,
        24,
    )
    assert placement.target_group is None


def test_employer_marks_not_placed(world, login):
    proposal = _proposal(world, state=ProposalState.INTERVIEW_PLANNED)

    login(world.recruiter).post(_answer(proposal, "niet-aangenomen"))

    assert _state(proposal) == ProposalState.NOT_PLACED


def test_a_refused_answer_shows_the_services_message_and_keeps_what_was_typed(world, login):
    proposal = _proposal(world, state=ProposalState.JOBSEEKER_AGREED)
    proposal_withdraw(proposal=proposal, by=world.coach)  # while the employer was typing
    prefix = f"p{proposal.pk}-uitnodigen"

    response = login(world.recruiter).post(
        _answer(proposal, "uitnodigen"),
        {
            f"{prefix}-date": _in_days(30),
            f"{prefix}-time": "09:00",
            f"{prefix}-place": "Kantoor Zuidbroek",
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "This step is not possible now. The proposal is: Withdrawn." in html
    assert "Kantoor Zuidbroek" in html
    assert _state(proposal) == ProposalState.WITHDRAWN
    assert not proposal.events.filter(to_state=ProposalState.EMPLOYER_INTERESTED).exists()


def test_placing_before_the_interview_is_refused(world, login):
    proposal = _proposal(world, state=ProposalState.JOBSEEKER_AGREED)
    prefix = f"p{proposal.pk}-aangenomen"

    response = login(world.recruiter).post(
        _answer(proposal, "aangenomen"),
        {
            f"{prefix}-start_date": _in_days(60),
            f"{prefix}-contract_type": ContractType.REGULAR,
            f"{prefix}-hours_per_week": "32",
        },
    )

    assert response.status_code == 400
    assert "This step is not possible now." in response.content.decode()
    assert not Placement.objects.filter(proposal=proposal).exists()


def test_an_unknown_answer_is_not_found(world, login):
    proposal = _proposal(world, state=ProposalState.JOBSEEKER_AGREED)

    response = login(world.recruiter).post(_answer(proposal, "intrekken"))

    assert response.status_code == 404


# --- Views through proposals in the owner's "who looked" list --------------------------


def test_employer_opening_the_portfolio_from_the_inbox_is_in_the_owners_who_looked_list(
    world, login
):
    portfolio = _portfolio(world, "employers_anonymous", coach_agrees=True)
    proposal = _proposal(world, portfolio, state=ProposalState.JOBSEEKER_AGREED)
    recruiter = login(world.recruiter)
    link = reverse("portfolio_detail", args=[portfolio.public_id])
    assert link in recruiter.get(_inbox(proposal)).content.decode()

    assert recruiter.get(link).status_code == 200
    page = login(world.jobseeker).get(reverse("data_access_log"))

    looks = [
        event
        for event in page.context["page"].object_list
        if event.action == "portfolio.view" and event.actor == world.recruiter
    ]
    assert len(looks) == 1
    assert looks[0].details["organisations"] == [world.employer.name]
    assert "Looked at your portfolio" in page.content.decode()


# --- Queries: as many for 50 rows as for 1 -----------------------------------------------


def _rows(response) -> int:
    return len(response.context["rows"])


def test_jobseeker_list_queries_do_not_grow_with_proposals(world, login):
    portfolio = _portfolio(world, "employers_anonymous", coach_agrees=True)
    states = [ProposalState.PROPOSED, ProposalState.INTERVIEW_PLANNED]

    def add_rows(start: int, stop: int) -> None:
        for n in range(start, stop):
            _proposal(world, portfolio, state=states[n % 2], explanation=EXPLANATION)

    assert_same_queries_for_1_and_50_rows(
        login(world.jobseeker), reverse("my_proposals"), add_rows, _rows
    )


def test_employer_inbox_queries_do_not_grow_with_proposals(world, login):
    vacancy = VacancyFactory(organisation=world.employer, open=True)
    audiences = ["employers_named", "employers_anonymous"]
    states = [ProposalState.JOBSEEKER_AGREED, ProposalState.PLACED, ProposalState.PROPOSED]

    def add_rows(start: int, stop: int) -> None:
        for n in range(start, stop):
            person = MembershipFactory(organisation=world.training_centre, role=Role.JOBSEEKER).user
            portfolio = _portfolio(world, audiences[n % 2], coach_agrees=True, jobseeker=person)
            _proposal(world, portfolio, vacancy=vacancy, state=states[n % 3])

    url = reverse("vacancy_proposals", args=[world.employer.slug, vacancy.pk])
    assert_same_queries_for_1_and_50_rows(login(world.recruiter), url, add_rows, _rows)


def test_the_employers_vacancy_page_links_to_its_proposed_candidates(world, login):
    vacancy = VacancyFactory(organisation=world.employer, open=True)

    html = login(world.recruiter).get(reverse("vacancy_manage", args=[vacancy.pk])).content.decode()

    assert reverse("vacancy_proposals", args=[world.employer.slug, vacancy.pk]) in html


# --- Dates that make no sense ----------------------------------------------------------


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31"])
def test_an_interview_outside_two_years_is_refused_and_every_page_still_answers(world, login, day):
    proposal = _proposal(world, state=ProposalState.JOBSEEKER_AGREED)
    prefix = f"p{proposal.pk}-uitnodigen"
    recruiter = login(world.recruiter)

    response = recruiter.post(
        _answer(proposal, "uitnodigen"),
        {f"{prefix}-date": day, f"{prefix}-time": "00:00", f"{prefix}-place": "Kas 2"},
    )

    assert response.status_code == 400
    assert "Choose a date from" in response.content.decode()
    assert "Kas 2" in response.content.decode()
    proposal.refresh_from_db()
    assert (proposal.state, proposal.interview_at) == (ProposalState.JOBSEEKER_AGREED, None)
    assert recruiter.get(_inbox(proposal)).status_code == 200
    assert login(world.jobseeker).get(reverse("my_proposals")).status_code == 200


def test_a_start_date_years_away_is_refused(world, login):
    proposal = _proposal(world, state=ProposalState.INTERVIEW_PLANNED)
    prefix = f"p{proposal.pk}-aangenomen"

    response = login(world.recruiter).post(
        _answer(proposal, "aangenomen"),
        {
            f"{prefix}-start_date": _in_days(5 * 366),
            f"{prefix}-contract_type": ContractType.REGULAR,
            f"{prefix}-hours_per_week": "24",
        },
    )

    assert response.status_code == 400
    assert not Placement.objects.filter(proposal=proposal).exists()


def test_the_service_refuses_an_interview_in_year_one_without_a_form(world):
    proposal = _proposal(world, state=ProposalState.JOBSEEKER_AGREED)
    proposal = proposal_employer_interested(proposal=proposal, by=world.recruiter)

    with pytest.raises(ValidationError):
        proposal_plan_interview(
            proposal=proposal,
            by=world.recruiter,
            interview_at=timezone.make_aware(datetime(1, 1, 1, 0, 0)),
            place="Kas 2",
        )

    assert Proposal.objects.get(pk=proposal.pk).interview_at is None


def test_the_database_refuses_an_unreadable_interview_time(world):
    proposal = _proposal(world, state=ProposalState.JOBSEEKER_AGREED)

    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.filter(pk=proposal.pk).update(interview_at=datetime(1, 1, 2, tzinfo=UTC))


def test_jobseeker_reads_in_plain_words_which_employer_and_coach_saw_their_name(world, login):
    portfolio = _portfolio(world, "employers_named", coach_agrees=True)
    proposal = _proposal(world, portfolio, state=ProposalState.JOBSEEKER_AGREED)
    recruiter = login(world.recruiter)
    assert world.jobseeker.get_full_name() in recruiter.get(_inbox(proposal)).content.decode()
    recruiter.get(_inbox(proposal))  # a second look is not a second line

    html = login(world.jobseeker).get(reverse("data_access_log")).content.decode()

    seen = escape(f"Karin ({world.employer.name})")
    assert html.count("Saw your name with a proposal for a vacancy") == 1
    assert seen in html
    assert escape(f"{proposal.vacancy.title} at {world.employer.name}") in html
    assert escape(f"Anke ({world.training_centre.name})") in html  # the coach who proposed
    assert "Proposed you for a vacancy" in html
    for internal in (
        f"proposal {proposal.pk}",
        f"{proposal.pk} for",
        "jobseeker_agree",
        "proposal.",
    ):
        assert internal not in html


def test_employer_who_sees_no_name_is_not_listed_as_having_seen_it(world, login):
    portfolio = _portfolio(world, "employers_anonymous", coach_agrees=True)
    proposal = _proposal(world, portfolio, state=ProposalState.JOBSEEKER_AGREED)
    login(world.recruiter).get(_inbox(proposal))

    html = login(world.jobseeker).get(reverse("data_access_log")).content.decode()

    assert "Saw your name" not in html


def test_employer_vacancy_list_counts_proposals_and_links_to_the_inbox(world, login):
    vacancy = VacancyFactory(organisation=world.employer, open=True, place="Veendam")
    waiting = _proposal(world, state=ProposalState.JOBSEEKER_AGREED, vacancy=vacancy)
    MembershipFactory(user=world.other_jobseeker, organisation=world.training_centre)
    other = _portfolio(world, jobseeker=world.other_jobseeker)
    _proposal(world, other, vacancy=vacancy)
    VacancyFactory(organisation=world.employer, title="Zonder voorstellen")

    html = login(world.recruiter).get(reverse("employer_vacancies", args=[world.employer.slug]))
    text = html.content.decode()

    assert "2 proposals · 1 waits for your answer" in text
    assert f'href="{_inbox(waiting)}"' in text
    assert text.count("proposals ·") == 1  # the vacancy without proposals shows a dash
