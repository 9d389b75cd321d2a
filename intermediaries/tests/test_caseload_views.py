"""The coach's caseload and the organisation's proposal list, as the people using them see it."""

import re

import pytest
from django.urls import reverse

from intermediaries.factories import make_proposal
from intermediaries.models import CaseloadAssignment, ProposalState, TargetGroup
from intermediaries.selectors import caseload_rows
from intermediaries.services import caseload_assign
from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.organisations.factories import MembershipFactory
from portal.organisations.models import Role
from portfolios.factories import make_portfolio
from vacancies.factories import VacancyFactory


def _caseload(login, user, query=""):
    return login(user).get(reverse("caseload", args=["leerwerkcentrum-oldambt"]) + query)


def _names(response):
    return [person.first_name for person in response.context["page"].object_list]


@pytest.fixture
def people(world):
    """Three jobseekers of the training centre: Sanne (on the coach's caseload), Bram, Cor."""
    bram = MembershipFactory(
        organisation=world.training_centre, role=Role.JOBSEEKER, user__first_name="Bram"
    ).user
    cor = MembershipFactory(
        organisation=world.training_centre, role=Role.JOBSEEKER, user__first_name="Cor"
    ).user
    caseload_assign(
        jobseeker=world.jobseeker,
        coach=world.coach,
        organisation=world.training_centre,
        by=world.coach,
    )
    return bram, cor


def test_coach_sees_own_jobseekers_first_then_the_rest_by_name(world, people, login):
    response = _caseload(login, world.coach)
    assert response.status_code == 200
    assert _names(response) == ["Sanne", "Bram", "Cor"]


def test_jobseekers_of_another_organisation_are_not_on_the_caseload(world, people, login):
    response = _caseload(login, world.coach)
    assert "Mehmet" not in _names(response)


@pytest.mark.parametrize("role", ["other_coach", "recruiter", "jobseeker", "network_admin"])
def test_caseload_is_not_found_for_people_outside_the_organisation(world, login, role):
    assert _caseload(login, world.user(role)).status_code == 404


def test_caseload_rows_are_one_query_with_everything_a_row_shows(
    world, people, django_assert_num_queries
):
    make_portfolio(jobseeker=world.jobseeker, skills={"Orderpicken": 3})
    with django_assert_num_queries(1):
        rows = [
            (p.coach_first_name, p.skill_count, p.parts_filled, p.open_proposals, p.last_activity)
            for p in caseload_rows(organisation=world.training_centre, viewer=world.coach)
        ]
    assert len(rows) == 3
    assert rows[0][:2] == ("Anke", 1)


def test_caseload_rows_are_empty_for_a_coach_of_another_organisation(world, people):
    assert not caseload_rows(organisation=world.training_centre, viewer=world.other_coach)


def test_training_staff_reads_the_caseload_without_the_coach_forms(world, people, login):
    response = _caseload(login, world.training_staff)
    assert response.status_code == 200
    assert _names(response) == ["Bram", "Cor", "Sanne"]
    assert not response.context["may_change"]
    assert b'name="coach"' not in response.content


def test_row_shows_portfolio_state_consent_skills_and_open_proposals(world, people, login):
    portfolio = make_portfolio(
        jobseeker=world.jobseeker,
        skills={"Orderpicken": 3, "Heftruck rijden": 2},
        audiences=("coach_organisation", "network"),
    )
    make_proposal(
        coach=world.coach,
        portfolio=portfolio,
        vacancy=VacancyFactory(organisation=world.employer, open=True),
    )
    make_proposal(
        coach=world.coach,
        portfolio=portfolio,
        vacancy=VacancyFactory(organisation=world.employer, open=True),
        state=ProposalState.WITHDRAWN,
    )
    sanne = _caseload(login, world.coach).context["page"].object_list[0]
    assert sanne.portfolio_live
    assert sanne.skill_count == 2
    assert sanne.consent_coach_organisation and sanne.consent_network
    assert not sanne.consent_employers_named
    assert sanne.open_proposals == 1
    assert sanne.parts_filled == 3  # about, skills and the consent choice
    assert sanne.coach_id == world.coach.pk
    assert sanne.last_activity is not None


def test_filters_narrow_the_caseload(world, people, login):
    bram, _cor = people
    portfolio = make_portfolio(jobseeker=world.jobseeker, audiences=("coach_organisation",))
    make_portfolio(jobseeker=bram, publish=False)
    make_proposal(
        coach=world.coach,
        portfolio=portfolio,
        vacancy=VacancyFactory(organisation=world.employer, open=True),
    )
    assert _names(_caseload(login, world.coach, "?gepubliceerd=ja")) == ["Sanne"]
    assert _names(_caseload(login, world.coach, "?gepubliceerd=nee")) == ["Bram", "Cor"]
    assert _names(_caseload(login, world.coach, "?toestemming=coach_organisation")) == ["Sanne"]
    assert _names(_caseload(login, world.coach, "?toestemming=none")) == ["Bram", "Cor"]
    assert _names(_caseload(login, world.coach, "?voorstellen=ja")) == ["Sanne"]
    assert _names(_caseload(login, world.coach, "?wie=mijn")) == ["Sanne"]
    assert _names(_caseload(login, world.training_staff, "?wie=mijn")) == []


def test_sorting_by_last_activity_puts_the_latest_first(world, people, login):
    bram, cor = people
    make_portfolio(jobseeker=cor)
    make_portfolio(jobseeker=bram)
    names = _names(_caseload(login, world.training_staff, "?sorteer=activiteit"))
    assert names == ["Bram", "Cor", "Sanne"]


def test_last_activity_is_the_latest_known_moment_when_some_are_unknown(world, people):
    # Never logged in and no proposal: only the portfolio and consent dates are known.
    bram, _cor = people
    User.objects.filter(pk=bram.pk).update(last_login=None)
    portfolio = make_portfolio(jobseeker=bram, audiences=("coach_organisation",))
    row = caseload_rows(organisation=world.training_centre, viewer=world.coach).get(pk=bram.pk)
    portfolio.refresh_from_db()
    assert row.last_activity == max(
        portfolio.latest_revision_created_at, portfolio.consent.updated_at
    )


def _post_coach(login, user, name, jobseeker, coach):
    url = reverse(name, args=["leerwerkcentrum-oldambt", jobseeker.pk])
    return login(user).post(url, {"coach": coach.pk}, follow=True)


def test_coach_assigns_a_jobseeker_and_it_is_recorded(world, people, login):
    bram, _cor = people
    response = _post_coach(login, world.coach, "caseload_assign", bram, world.organisation_admin)
    assert response.redirect_chain[-1][0].endswith("/caseload/")
    assignment = CaseloadAssignment.objects.get(jobseeker=bram, ended_at__isnull=True)
    assert assignment.coach == world.organisation_admin
    assert assignment.assigned_by == world.coach
    assert AuditEvent.objects.filter(action="caseload.assign", subject=bram).exists()


def test_hand_over_ends_the_old_assignment_and_starts_a_new_one(world, people, login):
    _post_coach(login, world.coach, "caseload_hand_over", world.jobseeker, world.organisation_admin)
    assignments = CaseloadAssignment.objects.filter(jobseeker=world.jobseeker)
    assert assignments.get(ended_at__isnull=True).coach == world.organisation_admin
    assert assignments.get(ended_at__isnull=False).coach == world.coach


def test_assigning_someone_who_has_a_coach_shows_the_services_message(world, people, login):
    response = _post_coach(
        login, world.coach, "caseload_assign", world.jobseeker, world.organisation_admin
    )
    assert "already has a coach here" in response.content.decode()
    assert CaseloadAssignment.objects.get(jobseeker=world.jobseeker).coach == world.coach


def test_training_staff_cannot_assign(world, people, login):
    bram, _cor = people
    response = _post_coach(login, world.training_staff, "caseload_assign", bram, world.coach)
    assert response.status_code == 403
    assert not CaseloadAssignment.objects.filter(jobseeker=bram).exists()


def test_a_coach_of_another_organisation_cannot_be_chosen(world, people, login):
    bram, _cor = people
    response = _post_coach(login, world.coach, "caseload_assign", bram, world.other_coach)
    assert "Choose a coach of this organisation" in response.content.decode()
    assert not CaseloadAssignment.objects.filter(jobseeker=bram).exists()


# --- The organisation's proposals ------------------------------------------------------------


def _proposals_url():
    return reverse("organisation_proposals", args=["leerwerkcentrum-oldambt"])


@pytest.fixture
def placed(setting):
    world = setting.world
    return make_proposal(
        coach=world.coach,
        portfolio=setting.portfolio,
        vacancy=setting.vacancy,
        recruiter=world.recruiter,
        state=ProposalState.PLACED,
    )


def test_coach_sees_the_proposals_of_the_organisation_with_state(setting, login):
    world = setting.world
    make_proposal(coach=world.coach, portfolio=setting.portfolio, vacancy=setting.vacancy)
    response = login(world.organisation_admin).get(_proposals_url())
    assert response.status_code == 200
    assert setting.vacancy.title in response.content.decode()
    assert "Withdraw the proposal" in response.content.decode()


@pytest.fixture
def three_stages(setting):
    """One running, one placed and one withdrawn proposal of the centre, each for its own vacancy."""
    world = setting.world
    made = {}
    for stage, state in (
        ("lopend", ProposalState.PROPOSED),
        ("geplaatst", ProposalState.PLACED),
        ("afgesloten", ProposalState.WITHDRAWN),
    ):
        vacancy = VacancyFactory(organisation=world.employer, open=True, title=f"Vacature {stage}")
        make_proposal(
            coach=world.coach,
            portfolio=setting.portfolio,
            vacancy=vacancy,
            recruiter=world.recruiter,
            state=state,
        )
        made[stage] = vacancy.title
    return made


@pytest.mark.parametrize("stage", ["lopend", "geplaatst", "afgesloten"])
def test_coach_lists_only_the_proposals_in_the_chosen_stage(three_stages, setting, login, stage):
    html = login(setting.world.coach).get(_proposals_url(), {"toon": stage}).content.decode()
    shown = {key for key, title in three_stages.items() if title in html}
    assert shown == {stage}
    assert 'aria-current="page">' in html


def test_an_unknown_stage_lists_every_proposal(three_stages, setting, login):
    response = login(setting.world.coach).get(_proposals_url(), {"toon": "<script>"})
    assert response.status_code == 200
    html = response.content.decode()
    assert all(title in html for title in three_stages.values())


def test_the_next_page_keeps_the_chosen_stage(setting, login):
    world = setting.world
    for number in range(16):  # one more than a page
        vacancy = VacancyFactory(organisation=world.employer, open=True, title=f"Vacature {number}")
        make_proposal(coach=world.coach, portfolio=setting.portfolio, vacancy=vacancy)
    html = login(world.coach).get(_proposals_url(), {"toon": "lopend"}).content.decode()
    assert "?toon=lopend&amp;pagina=2" in html


def test_the_target_group_form_is_open_until_a_group_is_recorded(placed, setting, login):
    fold = re.compile(r'<details class="tb-details"( open)?>\s*<summary>Record the target group')

    def is_open() -> bool:
        [found] = fold.findall(login(setting.world.coach).get(_proposals_url()).content.decode())
        return found == " open"

    assert is_open()
    placed.placement.target_group = TargetGroup.WAJONG
    placed.placement.save(update_fields=["target_group"])
    assert not is_open()


@pytest.mark.parametrize("role", ["other_coach", "training_staff", "recruiter", "jobseeker"])
def test_organisation_proposals_are_not_found_for_others(world, login, role):
    assert login(world.user(role)).get(_proposals_url()).status_code == 404


def test_coach_withdraws_a_proposal_with_a_note(setting, login):
    world = setting.world
    proposal = make_proposal(
        coach=world.coach, portfolio=setting.portfolio, vacancy=setting.vacancy
    )
    url = reverse("organisation_proposal_withdraw", args=["leerwerkcentrum-oldambt", proposal.pk])
    login(world.coach).post(url, {"note": "Vacature past toch niet"})
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.WITHDRAWN
    assert proposal.events.last().note == "Vacature past toch niet"


def test_withdrawing_a_placed_proposal_is_refused_with_a_message(placed, setting, login):
    url = reverse("organisation_proposal_withdraw", args=["leerwerkcentrum-oldambt", placed.pk])
    response = login(setting.world.coach).post(url, follow=True)
    assert "This step is not possible now" in response.content.decode()
    placed.refresh_from_db()
    assert placed.state == ProposalState.PLACED


def test_other_organisations_coach_cannot_withdraw(setting, login):
    world = setting.world
    proposal = make_proposal(
        coach=world.coach, portfolio=setting.portfolio, vacancy=setting.vacancy
    )
    url = reverse("organisation_proposal_withdraw", args=["leerwerkcentrum-oldambt", proposal.pk])
    assert login(world.other_coach).post(url).status_code == 404
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PROPOSED


def test_coach_records_the_target_group_of_a_placement(placed, setting, login):
    url = reverse("organisation_proposal_target_group", args=["leerwerkcentrum-oldambt", placed.pk])
    login(setting.world.coach).post(url, {"target_group": TargetGroup.WAJONG})
    placed.placement.refresh_from_db()
    assert placed.placement.target_group == TargetGroup.WAJONG


def test_target_group_cannot_be_recorded_by_the_employer(placed, setting, login):
    url = reverse("organisation_proposal_target_group", args=["leerwerkcentrum-oldambt", placed.pk])
    assert login(setting.world.recruiter).post(url, {"target_group": "wajong"}).status_code == 404
    placed.placement.refresh_from_db()
    assert placed.placement.target_group is None


def test_dashboard_links_coaches_to_caseload_and_proposals(world, login):
    content = login(world.coach).get(reverse("dashboard")).content.decode()
    assert reverse("caseload", args=["leerwerkcentrum-oldambt"]) in content
    assert _proposals_url() in content
    staff = login(world.training_staff).get(reverse("dashboard")).content.decode()
    assert reverse("caseload", args=["leerwerkcentrum-oldambt"]) in staff
    assert _proposals_url() not in staff
    jobseeker = login(world.jobseeker).get(reverse("dashboard")).content.decode()
    assert "/caseload/" not in jobseeker


def test_names_on_the_caseload_are_in_each_persons_who_looked_list_once_a_day(world, people, login):
    _caseload(login, world.coach)
    _caseload(login, world.coach, "?pagina=1")

    seen = AuditEvent.objects.filter(actor=world.coach, action="person.name_seen:caseload")
    assert sorted(seen.values_list("subject__first_name", flat=True)) == sorted(
        _names(_caseload(login, world.coach))
    )
    html = login(world.jobseeker).get(reverse("data_access_log")).content.decode()
    assert "Saw your name in the list of people of their organisation" in html
    assert "Leerwerkcentrum Oldambt" in html


def test_a_refused_caseload_logs_no_sighting(world, people, login):
    assert _caseload(login, world.recruiter).status_code == 404
    assert not AuditEvent.objects.filter(action__startswith="person.name_seen").exists()
