"""Demo proposals in every state and placements across target groups and contract types,
spread over the last 18 months, so the demo logins and later reports see real history.

Made through the intermediaries actions (so every rule, event and audit row is as in
production), then dated back with update(): the actions stamp "now", history needs
the past. Runs after the portfolios and vacancies; without vacancies (no starter
taxonomy) it makes nothing. Idempotent: once a demo coach has proposed a demo
jobseeker, a later run adds nothing.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import F, Q
from django.utils import timezone

from intermediaries.factories import make_proposal
from intermediaries.models import (
    ContractType,
    Placement,
    Proposal,
    ProposalEvent,
    ProposalState,
    TargetGroup,
)
from intermediaries.services import placement_record_target_group, proposal_mark_placed
from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.notifications.models import Notification
from portal.organisations.models import Membership
from portal.organisations.roles import EMPLOYER_ROLES
from portfolios.models import PortfolioPage
from vacancies.models import Vacancy

from . import DEMO_EMAIL_DOMAIN, DEMO_EMPLOYER, DEMO_LOGINS

S = ProposalState
C = ContractType
T = TargetGroup

# Who proposes whom: the fixed jobseeker and two more of TDC Oldambt by its fixed coach,
# and one who shares with the network by the municipality's coach.
PEOPLE = {
    "sanne": (DEMO_LOGINS["jobseeker"], DEMO_LOGINS["coach"]),
    "cleaning": (f"werkzoekende3.tdc-oldambt@{DEMO_EMAIL_DOMAIN}", DEMO_LOGINS["coach"]),
    "shop": (f"werkzoekende4.tdc-oldambt@{DEMO_EMAIL_DOMAIN}", DEMO_LOGINS["coach"]),
    "network": (f"werkzoekende3.tdc-oldambt@{DEMO_EMAIL_DOMAIN}", DEMO_LOGINS["coach2"]),
}

MOTIVATIONS = (
    "Werkt nauwkeurig en komt altijd op tijd. Heeft al ervaring in dit soort werk.",
    "Wil graag in een vast team werken; deze werkgever begeleidt goed op de werkvloer.",
    "Past qua uren en reistijd, en heeft de belangrijkste vaardigheden al laten zien.",
    "Heeft tijdens de werkervaringsplek laten zien dat dit werk goed bij haar past.",
)


@dataclass(frozen=True)
class Planned:
    person: str  # key of PEOPLE
    state: str
    days_ago: int
    at_demo_employer: bool = False
    contract_type: str = ""
    target_group: str | None = None


# Open ones are recent, so the demo logins have something to answer today; finished
# ones and placements are spread over the last 18 months.
PLAN: tuple[Planned, ...] = (
    Planned("sanne", S.PROPOSED, 2, at_demo_employer=True),
    Planned("sanne", S.PROPOSED, 4),
    Planned("shop", S.JOBSEEKER_AGREED, 6, at_demo_employer=True),
    Planned("cleaning", S.EMPLOYER_INTERESTED, 12, at_demo_employer=True),
    Planned("network", S.INTERVIEW_PLANNED, 20),
    Planned("sanne", S.JOBSEEKER_DECLINED, 30),
    Planned("cleaning", S.EMPLOYER_DECLINED, 55, at_demo_employer=True),
    Planned("shop", S.WITHDRAWN, 80),
    Planned("sanne", S.NOT_PLACED, 140, at_demo_employer=True),
    Planned("network", S.JOBSEEKER_DECLINED, 260),
    Planned("cleaning", S.WITHDRAWN, 390),
    Planned("shop", S.NOT_PLACED, 470),
    Planned("sanne", S.PLACED, 35, True, C.TRIAL_PLACEMENT, T.PARTICIPATIEWET),
    Planned("shop", S.PLACED, 70, False, C.LEARNING_WORK, T.SCHOOL_LEAVER),
    Planned("cleaning", S.PLACED, 100, True, C.REGULAR, None),  # group not entered yet
    Planned("network", S.PLACED, 125, False, C.BANENAFSPRAAK, T.WAJONG),
    Planned("sanne", S.PLACED, 170, False, C.WORK_EXPERIENCE, T.WW),
    Planned("cleaning", S.PLACED, 215, False, C.VOLUNTEERING, T.NEWCOMER),
    Planned("shop", S.PLACED, 250, True, C.REGULAR, T.SHELTERED_WORK),
    Planned("network", S.PLACED, 300, False, C.TRIAL_PLACEMENT, T.OTHER),
    Planned("sanne", S.PLACED, 345, False, C.BANENAFSPRAAK, T.DOELGROEPREGISTER),
    Planned("shop", S.PLACED, 410, False, C.WORK_EXPERIENCE, T.WIA_WAO),
    Planned("cleaning", S.PLACED, 455, True, C.LEARNING_WORK, T.BBL),
    Planned("network", S.PLACED, 500, False, C.REGULAR, T.FIFTY_PLUS),
    Planned("sanne", S.PLACED, 535, False, C.VOLUNTEERING, T.YOUNG),
    Planned("shop", S.PLACED, 185, False, C.LEARNING_WORK, T.BOL),
    Planned("cleaning", S.PLACED, 280, True, C.REGULAR, T.VIA_SERVICES),
)
# Notifications older than this count as read: people saw them long ago.
READ_AFTER_DAYS = 14


def _explanation(portfolio: PortfolioPage, vacancy: Vacancy) -> dict:
    """What the coach saw, in the labels-only shape `intermediaries.explanations` reads."""
    have = set(portfolio.skills.values_list("concept_id", flat=True))
    lines = {"required_met": [], "required_missing": [], "nice_met": []}
    for skill in vacancy.skills.select_related("concept"):
        label = skill.concept.label("nl")
        if skill.required:
            lines["required_met" if skill.concept_id in have else "required_missing"].append(label)
        elif skill.concept_id in have:
            lines["nice_met"].append(label)
    return lines


def _employer_staff(organisation_id: int) -> User | None:
    """The fixed recruiter login where it works, else the employer's first recruiter or admin."""
    memberships = (
        Membership.objects.active()
        .filter(organisation_id=organisation_id, role__in=EMPLOYER_ROLES)
        .select_related("user")
        .order_by("pk")
    )
    people = [m.user for m in memberships]
    fixed = [p for p in people if p.email == DEMO_LOGINS["recruiter"]]
    return (fixed or people or [None])[0]


def date_back_proposal(proposal: Proposal, *, days_ago: int) -> None:
    """Spread the proposal's steps over the days after `days_ago`, and its traces with them.

    Its notifications are made after commit with each step's time, so a history
    dated back is settled as read (`settle_demo_notifications`) and never mailed.
    """
    start = timezone.now() - timedelta(days=days_ago, hours=3)
    events = list(proposal.events.order_by("id"))
    gap = timedelta(days=min(7, days_ago / (len(events) + 1)))
    times = {event.to_state: start + gap * n for n, event in enumerate(events)}
    for event in events:
        ProposalEvent.objects.filter(pk=event.pk).update(created_at=times[event.to_state])
    # One audit row per step, in the same order.
    audits = AuditEvent.objects.filter(
        object_type="intermediaries.proposal", object_id=str(proposal.pk)
    ).order_by("id")
    for audit, event in zip(audits, events, strict=True):
        AuditEvent.objects.filter(pk=audit.pk).update(created_at=times[event.to_state])
    fields = {"created_at": start, "state_changed_at": times[events[-1].to_state]}
    if S.JOBSEEKER_AGREED in times:
        fields["jobseeker_agreed_at"] = times[S.JOBSEEKER_AGREED]
    # The last step, not `proposal.state`: a placed proposal's object may still say
    # "interview planned" (placing it saved a copy), and its interview is history too.
    if S.INTERVIEW_PLANNED in times and events[-1].to_state != S.INTERVIEW_PLANNED:
        fields["interview_at"] = times[S.INTERVIEW_PLANNED] + timedelta(days=4)
    Proposal.objects.filter(pk=proposal.pk).update(**fields)
    if S.PLACED in times:
        placed = times[S.PLACED]
        Placement.objects.filter(proposal=proposal).update(
            created_at=placed, start_date=(placed + timedelta(days=14)).date()
        )
        AuditEvent.objects.filter(
            object_type="intermediaries.placement", object_id=str(proposal.placement.pk)
        ).update(created_at=placed + timedelta(days=2))


def _make(planned: Planned, portfolio, coach, vacancy, recruiter, motivation) -> Proposal:
    if planned.state != S.PLACED:
        return make_proposal(
            coach=coach,
            portfolio=portfolio,
            vacancy=vacancy,
            recruiter=recruiter,
            state=planned.state,
            motivation=motivation,
            explanation=_explanation(portfolio, vacancy),
        )
    proposal = make_proposal(
        coach=coach,
        portfolio=portfolio,
        vacancy=vacancy,
        recruiter=recruiter,
        state=S.INTERVIEW_PLANNED,
        motivation=motivation,
        explanation=_explanation(portfolio, vacancy),
    )
    hours = min(max(vacancy.hours_min, 8), 36)
    placement = proposal_mark_placed(
        proposal=proposal,
        by=recruiter,
        start_date=timezone.localdate(),
        contract_type=planned.contract_type,
        hours_per_week=hours,
    )
    if planned.target_group:
        placement_record_target_group(
            placement=placement, by=coach, target_group=planned.target_group
        )
    return proposal


def load_demo_proposals() -> int:
    """Make the demo proposals if there are none yet; returns how many were made."""
    jobseeker_emails = [jobseeker for jobseeker, _ in PEOPLE.values()]
    if Proposal.objects.filter(
        portfolio__jobseeker__email__in=jobseeker_emails,
        proposed_by__email__endswith="@" + DEMO_EMAIL_DOMAIN,
    ).exists():
        return 0
    users = {
        u.email: u
        for u in User.objects.filter(
            email__in=[email for pair in PEOPLE.values() for email in pair]
        )
    }
    portfolios = {
        p.jobseeker.email: p
        for p in PortfolioPage.objects.live()
        .filter(jobseeker__in=users.values())
        .select_related("jobseeker")
    }
    vacancies = list(
        Vacancy.objects.open()
        .filter(organisation__status="approved")
        .select_related("organisation")
        .order_by("organisation__slug", "pk")
    )
    staff = {o: _employer_staff(o) for o in {v.organisation_id for v in vacancies}}
    pools = {
        True: [
            v
            for v in vacancies
            if v.organisation.slug == DEMO_EMPLOYER and staff[v.organisation_id]
        ],
        False: [
            v
            for v in vacancies
            if v.organisation.slug != DEMO_EMPLOYER and staff[v.organisation_id]
        ],
    }
    if not (pools[True] and pools[False]) or len(portfolios) < len({j for j, _ in PEOPLE.values()}):
        return 0  # no taxonomy, so no vacancies or skills: nothing to propose for
    turn = {True: 0, False: 0}
    open_pairs: set[tuple[int, int]] = set()
    made = 0
    for n, planned in enumerate(PLAN):
        jobseeker_email, coach_email = PEOPLE[planned.person]
        portfolio = portfolios[jobseeker_email]
        pool = pools[planned.at_demo_employer]
        # The vacancies in turn, skipping one this person is open for (one open proposal per
        # pair); when the demo employer has too few, another employer's.
        start = turn[planned.at_demo_employer]
        vacancy = next(
            v
            for v in pool[start:] + pool[:start] + pools[not planned.at_demo_employer]
            if (portfolio.pk, v.pk) not in open_pairs
        )
        if vacancy in pool:
            turn[planned.at_demo_employer] = (pool.index(vacancy) + 1) % len(pool)
        proposal = _make(
            planned,
            portfolio,
            users[coach_email],
            vacancy,
            staff[vacancy.organisation_id],
            MOTIVATIONS[n % len(MOTIVATIONS)],
        )
        if proposal.is_open:
            open_pairs.add((portfolio.pk, vacancy.pk))
        date_back_proposal(proposal, days_ago=planned.days_ago)
        made += 1
    return made


def settle_demo_notifications() -> int:
    """Count demo notifications older than READ_AFTER_DAYS as read; returns how many.

    Runs after the demo's transaction committed: the notifications are made then. Their
    e-mails are skipped by the worker, so `make run` does not mail months of history.
    """
    # API keys' member accounts of the demo organisations are demo recipients too.
    demo_recipients = Q(recipient__email__endswith="@" + DEMO_EMAIL_DOMAIN) | Q(
        recipient__api_keys__organisation__isnull=False
    )
    return Notification.objects.filter(
        demo_recipients,
        read_at__isnull=True,
        created_at__lt=timezone.now() - timedelta(days=READ_AFTER_DAYS),
    ).update(read_at=F("created_at") + timedelta(days=1))
