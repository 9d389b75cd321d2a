"""Notifications about proposals: who each step concerns, told in the portal and by e-mail.

Listens to this app's own `proposal_changed` signal (sent after commit), reads the step
that was taken and notifies the people it concerns, never the person who took it:
- proposed: the jobseeker;
- jobseeker said yes or no: the proposing coach, and on yes the employer's recruiters
  and admins (the employer hears nothing of a proposal before the jobseeker agreed);
- the employer's answers, interview, placed or not: the jobseeker and the coach (an
  invitation, interest and interview in one go, is one message);
- withdrawn: the jobseeker, and the employer when it had reached them.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User
from portal.notifications.services import notification_create
from portal.organisations.models import Membership
from portal.organisations.roles import EMPLOYER_ROLES

from .models import ProposalEvent, ProposalState
from .permissions import is_coach_of

S = ProposalState

# Which sides hear of a step that ended in this state (besides whoever took it).
AUDIENCES: dict[str, tuple[str, ...]] = {
    S.PROPOSED: ("jobseeker",),
    S.JOBSEEKER_AGREED: ("coach", "employer"),
    S.JOBSEEKER_DECLINED: ("coach",),
    S.EMPLOYER_INTERESTED: ("jobseeker", "coach"),
    S.EMPLOYER_DECLINED: ("jobseeker", "coach"),
    S.INTERVIEW_PLANNED: ("jobseeker", "coach"),
    S.PLACED: ("jobseeker", "coach"),
    S.NOT_PLACED: ("jobseeker", "coach"),
    S.WITHDRAWN: ("jobseeker", "employer"),
}

# Where each side follows its proposals (the URL names of the proposal screens).
JOBSEEKER_URL = "my_proposals"
COACH_URL = "organisation_proposals"
EMPLOYER_URL = "vacancy_proposals"


# What each side is told about each step; "person" is the jobseeker's first name.
NOTIFICATION_TEXTS = {
    "proposal.proposed.jobseeker": _(
        "Your coach proposes you for the work: %(vacancy)s. Say yes or no."
    ),
    "proposal.jobseeker_agreed.coach": _("%(person)s said yes to the work: %(vacancy)s."),
    "proposal.jobseeker_agreed.employer": _(
        "There is a new candidate for your vacancy: %(vacancy)s."
    ),
    "proposal.jobseeker_declined.coach": _("%(person)s said no to the work: %(vacancy)s."),
    "proposal.employer_interested.jobseeker": _(
        "The employer wants to meet you for the work: %(vacancy)s."
    ),
    "proposal.employer_interested.coach": _(
        "The employer wants to meet %(person)s for the work: %(vacancy)s."
    ),
    "proposal.employer_declined.jobseeker": _(
        "The employer said no to you for the work: %(vacancy)s."
    ),
    "proposal.employer_declined.coach": _(
        "The employer said no to %(person)s for the work: %(vacancy)s."
    ),
    "proposal.interview_planned.jobseeker": _(
        "You have a job interview for the work: %(vacancy)s."
    ),
    "proposal.interview_planned.coach": _(
        "%(person)s has a job interview for the work: %(vacancy)s."
    ),
    "proposal.placed.jobseeker": _("You got the job: %(vacancy)s. Congratulations!"),
    "proposal.placed.coach": _("%(person)s got the job: %(vacancy)s."),
    "proposal.not_placed.jobseeker": _("You did not get the job: %(vacancy)s."),
    "proposal.not_placed.coach": _("%(person)s did not get the job: %(vacancy)s."),
    "proposal.withdrawn.jobseeker": _(
        "Your coach withdrew the proposal for the work: %(vacancy)s."
    ),
    "proposal.withdrawn.employer": _("A candidate for your vacancy was withdrawn: %(vacancy)s."),
}


def notification_kind(state: str, audience: str) -> str:
    return f"proposal.{state}.{audience}"


def _employer_staff(organisation_id: int) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            pk__in=Membership.objects.active()
            .filter(organisation_id=organisation_id, role__in=EMPLOYER_ROLES)
            .values("user_id"),
        )
    )


def _said_with_the_next_step(event: ProposalEvent) -> bool:
    # An invitation is "interested" and "interview planned" in one commit: one answer, so
    # one message (the interview's). This runs at commit, so a later interview only exists
    # here when it was committed together; an interest on its own was told before.
    return (
        event.to_state == S.EMPLOYER_INTERESTED
        and ProposalEvent.objects.filter(
            proposal_id=event.proposal_id,
            pk__gt=event.pk,
            to_state=S.INTERVIEW_PLANNED,
            actor_id=event.actor_id,
        ).exists()
    )


def notify_about_proposal(sender, *, event_id: int, **kwargs) -> None:
    """Notify the people the step `event_id` concerns."""
    # By event, not by the proposal's state now: several steps can commit together.
    event = (
        ProposalEvent.objects.filter(pk=event_id)
        .select_related(
            "proposal__portfolio__jobseeker",
            "proposal__vacancy__organisation",
            "proposal__proposed_by",
            "proposal__organisation",
        )
        .first()
    )
    if event is None:
        return  # the proposal was deleted meanwhile
    if _said_with_the_next_step(event):
        return
    proposal = event.proposal
    jobseeker = proposal.portfolio.jobseeker
    vacancy = proposal.vacancy
    # Only the coach's texts name the jobseeker; nothing else about them is stored.
    params = {"vacancy": vacancy.title}
    coach_params = {**params, "person": jobseeker.first_name}
    audiences = AUDIENCES[event.to_state]
    recipients: list[tuple[str, User, dict, str, list]] = []
    if "jobseeker" in audiences:
        recipients.append(("jobseeker", jobseeker, params, JOBSEEKER_URL, []))
    coach = proposal.proposed_by
    # A coach who left the organisation no longer follows its proposals.
    if "coach" in audiences and coach is not None and is_coach_of(coach, proposal.organisation):
        slug = proposal.organisation.slug
        recipients.append(("coach", coach, coach_params, COACH_URL, [slug]))
    # The employer only ever knew of the proposal if the jobseeker had said yes.
    employer_knew = event.to_state != S.WITHDRAWN or event.from_state != S.PROPOSED
    if "employer" in audiences and employer_knew:
        url_args = [vacancy.organisation.slug, vacancy.pk]
        recipients.extend(
            ("employer", person, params, EMPLOYER_URL, url_args)
            for person in _employer_staff(vacancy.organisation_id)
        )
    with transaction.atomic():
        for audience, recipient, texts, url_name, url_args in recipients:
            if recipient.pk == event.actor_id or not recipient.is_active:
                continue
            notification_create(
                recipient=recipient,
                kind=notification_kind(event.to_state, audience),
                subject_id=proposal.pk,
                params=texts,
                url_name=url_name,
                url_args=url_args,
                created_at=event.created_at,
            )
