"""Who may see and do what with a Meet & Match event: the one place for these rules.

Built on the roles intermediaries already defines (coach organisations, employer
organisations), never on memberships directly:
- organisers: coaches and admins of the approved intermediary that organises it;
- partner coaches: coaches and admins of an approved partner intermediary; they
  register and help their own jobseekers;
- employers: recruiters and admins of an invited employer;
- jobseekers: those registered, and jobseeker members of the organiser or a partner
  (who may register themselves).
Anyone else, network admins included, sees nothing of the event (404). In /cms/ network
admins see the list of events with their counts, read only and without people
(`events/wagtail_hooks.py`).

The policy is on Wagtail's permission-policy interface (`BasePermissionPolicy`) with the
actions below; `access` tells, in a few queries, every part one user has in one event.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from wagtail.permission_policies.base import BasePermissionPolicy

from intermediaries.models import CaseloadAssignment
from intermediaries.permissions import coach_organisations, employer_organisations
from portal.accounts.models import User
from portal.organisations.models import Organisation
from portal.organisations.roles import jobseeker_organisations, signed_in
from portal.permissions import AnyUser
from portfolios.models import PortfolioPage
from portfolios.permissions import coach_organisation_q, portfolio_permission_policy

from .models import EmployerRegistration, Event, JobseekerRegistration

VIEW = "view"  # take part in the event, on any side
ADD = "add"  # organise a new event (model-wide only): coaches and admins of an intermediary
ORGANISE = "organise"  # run this event: coaches and admins of the organising intermediary
INSTANCE_ACTIONS = (VIEW, ORGANISE)


@dataclass
class Access:
    """What one user is to one event; empty when they have no part in it."""

    organiser: bool = False
    # Intermediaries (organiser or partner) whose jobseekers this user registers and helps.
    coach_of: list[Organisation] = field(default_factory=list)
    # Invited employers this user acts for.
    employer_of: list[Organisation] = field(default_factory=list)
    registration: JobseekerRegistration | None = None
    # Where the user could register themselves as a jobseeker.
    may_join_through: list[Organisation] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(
            self.organiser
            or self.coach_of
            or self.employer_of
            or self.registration
            or self.may_join_through
        )


class EventPolicy(BasePermissionPolicy):
    """The one place that answers "which events may X see" and "what is X to this event"."""

    def __init__(self) -> None:
        super().__init__(Event)

    # --- Wagtail's permission-policy interface -----------------------------------------

    def user_has_permission(self, user: AnyUser, action: str) -> bool:
        if action == ADD:
            return signed_in(user) and coach_organisations(user).exists()
        return self.instances_user_has_permission_for(user, action).exists()

    def instances_user_has_permission_for(self, user: AnyUser, action: str) -> QuerySet[Event]:
        if action not in INSTANCE_ACTIONS:
            raise ValueError(f"unknown event action {action!r}")
        if not signed_in(user):
            return Event.objects.none()
        if action == ORGANISE:
            return Event.objects.filter(organisation__in=coach_organisations(user).values("pk"))
        return self._taking_part(user)

    def user_has_permission_for_instance(self, user: AnyUser, action: str, instance: Event) -> bool:
        if action == ORGANISE:
            # One query, without the event table: the organiser is on the instance.
            return signed_in(user) and (
                coach_organisations(user).filter(pk=instance.organisation_id).exists()
            )
        return self.instances_user_has_permission_for(user, action).filter(pk=instance.pk).exists()

    # --- Shortcuts and the parts of one user in one event ---------------------------------

    def visible_to(self, user: AnyUser) -> QuerySet[Event]:
        """Every event `user` takes part in, on any side."""
        return self.instances_user_has_permission_for(user, VIEW)

    def may_organise(self, user: AnyUser) -> bool:
        """Coaches and admins of an approved intermediary may create events."""
        return self.user_has_permission(user, ADD)

    def organises(self, user: AnyUser, event: Event) -> bool:
        return self.user_has_permission_for_instance(user, ORGANISE, event)

    def _taking_part(self, user: AnyUser) -> QuerySet[Event]:
        coaching = coach_organisations(user).values("pk")
        employing = employer_organisations(user).values("pk")
        member = jobseeker_organisations(user).values("pk")
        return Event.objects.filter(
            Q(organisation__in=coaching)
            | Q(
                Exists(
                    Event.partners.through.objects.filter(
                        event=OuterRef("pk"), organisation__in=coaching
                    )
                )
            )
            | Q(
                Exists(
                    Event.invited_employers.through.objects.filter(
                        event=OuterRef("pk"), organisation__in=employing
                    )
                )
            )
            | Q(Exists(JobseekerRegistration.objects.filter(event=OuterRef("pk"), jobseeker=user)))
            | Q(organisation__in=member)
            | Q(
                Exists(
                    Event.partners.through.objects.filter(
                        event=OuterRef("pk"), organisation__in=member
                    )
                )
            )
        )

    def access(self, user: User, event: Event) -> Access:
        if not signed_in(user):
            return Access()
        intermediaries = {event.organisation_id, *event.partners.values_list("pk", flat=True)}
        coach_of = list(coach_organisations(user).filter(pk__in=intermediaries).order_by("name"))
        employer_of = list(
            employer_organisations(user)
            .filter(pk__in=event.invited_employers.values("pk"))
            .order_by("name")
        )
        registration = JobseekerRegistration.objects.filter(event=event, jobseeker=user).first()
        may_join = (
            list(jobseeker_organisations(user).filter(pk__in=intermediaries).order_by("name"))
            if registration is None
            else []
        )
        return Access(
            organiser=any(o.pk == event.organisation_id for o in coach_of),
            coach_of=coach_of,
            employer_of=employer_of,
            registration=registration,
            may_join_through=may_join,
        )

    def helps(self, user: User, registration: JobseekerRegistration) -> bool:
        """The jobseeker themselves, or a coach of the organisation they came with."""
        return registration.jobseeker_id == user.pk or (
            coach_organisations(user).filter(pk=registration.organisation_id).exists()
        )

    def named_jobseekers(self, user: User, registrations: list[JobseekerRegistration]) -> set[int]:
        """The registrations whose person `user` may know by name; the rest are a number.

        Organising an event is no reason to see people of a partner organisation: the
        name is for those `helps` allows (the person, coaches of the organisation they came
        with) and for whoever the portfolio policy shows the identity to (the person shared
        it with the network, for instance). Two queries, whatever the number of people.
        """
        if not signed_in(user):
            return set()
        own = set(coach_organisations(user).values_list("pk", flat=True))
        people = {r.jobseeker_id for r in registrations if r.jobseeker_id is not None}
        shown = set(
            PortfolioPage.objects.filter(jobseeker_id__in=people)
            .filter(pk__in=portfolio_permission_policy.visible_to(user).values("pk"))
            .filter(portfolio_permission_policy.identity_q(user))
            .values_list("jobseeker_id", flat=True)
        )
        return {
            r.pk
            for r in registrations
            if r.jobseeker_id is not None
            and (r.jobseeker_id == user.pk or r.organisation_id in own or r.jobseeker_id in shown)
        }

    def acts_for(self, user: User, registration: EmployerRegistration) -> bool:
        return employer_organisations(user).filter(pk=registration.organisation_id).exists()

    def may_withdraw_employer(self, user: User, registration: EmployerRegistration) -> bool:
        """Only the employer's own recruiters and admins take it off an event (or take
        recruiters off); the organiser marks a no-show on the day instead."""
        return self.acts_for(user, registration)

    def coaches_told(self, registrations: list[JobseekerRegistration]) -> dict[User, int]:
        """Coaches who hear that the schedule of one of their jobseekers changed, with how
        many of theirs changed: the coach on the person's caseload in the organisation they
        came with, while still a coach there, and only while the person shares their
        portfolio with that organisation (the same rule that lets the coach read it)."""
        wanted = {
            (r.jobseeker_id, r.organisation_id) for r in registrations if r.jobseeker_id is not None
        }
        if not wanted:
            return {}
        assignments = CaseloadAssignment.objects.filter(
            ended_at__isnull=True,
            coach__is_active=True,
            jobseeker_id__in={j for j, _o in wanted},
            organisation_id__in={o for _j, o in wanted},
        ).select_related("coach")
        by_coach: dict[User, dict[int, int]] = {}
        for assignment in assignments:
            if (assignment.jobseeker_id, assignment.organisation_id) in wanted:
                people = by_coach.setdefault(assignment.coach, {})
                people[assignment.jobseeker_id] = assignment.organisation_id
        told: dict[User, int] = {}
        for coach, where in by_coach.items():
            coaching = set(coach_organisations(coach).values_list("pk", flat=True))
            people = {j for j, organisation in where.items() if organisation in coaching}
            sharing = (
                portfolio_permission_policy.visible_to(coach)
                .filter(jobseeker_id__in=people)
                .filter(coach_organisation_q(coach))
                .values_list("jobseeker_id", flat=True)
                .distinct()
            )
            count = len(set(sharing))
            if count:
                told[coach] = count
        return told


event_policy = EventPolicy()
