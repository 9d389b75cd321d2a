"""Writes to training-centre trajectories: enrolment, goals, comments, modules, assessments.

Staff (training staff, coaches, admins) of the training centre act, on people enrolled
there in a trajectory that has not ended. The jobseeker only comments on their own goals.
Coaches of other organisations and employers never act here. Every write is audited.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.audit.services import audit_record
from portal.choices import SkillLevel
from portal.organisations.models import Organisation, OrganisationKind
from portal.organisations.roles import is_jobseeker_member
from portal.taxonomy.models import Concept, ConceptType
from portal.validation import YEAR, DateWindow
from portfolios.models import PortfolioPage, PortfolioSkill
from portfolios.services import portfolio_skill_set_staff_level

from .models import (
    DevelopmentGoal,
    GoalComment,
    GoalStatus,
    ModuleStatus,
    SkillAssessment,
    TrainingModule,
    Trajectory,
    TrajectoryStatus,
)
from .permissions import is_training_staff_of
from .signals import trajectory_changed


def _refuse() -> PermissionDenied:
    return PermissionDenied(_("Only staff of the training centre of this trajectory can do this."))


def _check_staff(by: User, trajectory: Trajectory) -> None:
    if not is_training_staff_of(by, trajectory.organisation):
        raise _refuse()


def _check_active(trajectory: Trajectory) -> None:
    if trajectory.status == TrajectoryStatus.ENDED:
        raise ValidationError(_("This trajectory has ended."), code="trajectory_ended")


def _announce(trajectory: Trajectory) -> None:
    trajectory_id, jobseeker_id = trajectory.pk, trajectory.jobseeker_id
    transaction.on_commit(
        lambda: trajectory_changed.send(
            sender=Trajectory, trajectory_id=trajectory_id, jobseeker_id=jobseeker_id
        )
    )


def _check_level(level: int | None) -> None:
    if level is not None and level not in SkillLevel.values:
        raise ValidationError(_("Choose a level from 1 to 4."), code="invalid_level")


# Goals, modules and assessments are about what someone can do; an occupation is a wish.
SKILL_TYPES = (ConceptType.SKILL, ConceptType.KNOWLEDGE)


def _check_skill(concept: Concept | None) -> None:
    if concept is not None and concept.concept_type not in SKILL_TYPES:
        raise ValidationError(_("Choose a skill, not an occupation."), code="not_a_skill")


def _check_not_future(day: date) -> None:
    if day > timezone.localdate():
        raise ValidationError(_("This date is in the future."), code="future_date")


# How far from today each kind of date may lie: the forms use the same windows.
TRAJECTORY_START_WINDOW = DateWindow(past_days=5 * YEAR, future_days=YEAR)
PLANNED_END_WINDOW = DateWindow(past_days=5 * YEAR, future_days=6 * YEAR)
GOAL_DUE_WINDOW = DateWindow(past_days=5 * YEAR, future_days=5 * YEAR)
MODULE_PLANNED_WINDOW = DateWindow(past_days=5 * YEAR, future_days=3 * YEAR)
# Done or seen: never in the future (that has its own message), up to ten years back.
PAST_EVENT_WINDOW = DateWindow(past_days=10 * YEAR, future_days=None)


def _check_coach(coach: User | None, organisation: Organisation) -> None:
    if coach is not None and not is_training_staff_of(coach, organisation):
        raise ValidationError(
            _("The coach must work at this training centre."), code="coach_elsewhere"
        )


@transaction.atomic
def trajectory_enrol(
    *,
    jobseeker: User,
    organisation: Organisation,
    by: User,
    start_date: date,
    planned_end_date: date | None = None,
    coach: User | None = None,
) -> Trajectory:
    """Enrol a jobseeker of the training centre in a new trajectory, starting at intake."""
    if organisation.kind != OrganisationKind.TRAINING_CENTRE:
        raise ValidationError(_("Only a training centre has trajectories."), code="not_centre")
    if not is_training_staff_of(by, organisation):
        raise _refuse()
    if not is_jobseeker_member(jobseeker, organisation):
        raise ValidationError(
            _("This person is not a jobseeker of this training centre."), code="not_member"
        )
    _check_coach(coach, organisation)
    TRAJECTORY_START_WINDOW.check(start_date)
    PLANNED_END_WINDOW.check(planned_end_date)
    if planned_end_date is not None and planned_end_date < start_date:
        raise ValidationError(_("The planned end comes before the start."), code="end_first")
    if (
        Trajectory.objects.filter(jobseeker=jobseeker, organisation=organisation)
        .exclude(status=TrajectoryStatus.ENDED)
        .exists()
    ):
        raise ValidationError(
            _("This person already has a running trajectory at this training centre."),
            code="already_running",
        )
    trajectory = Trajectory.objects.create(
        jobseeker=jobseeker,
        organisation=organisation,
        coach=coach,
        start_date=start_date,
        planned_end_date=planned_end_date,
    )
    audit_record(actor=by, action="trajectory.enrol", subject=jobseeker, target=trajectory)
    _announce(trajectory)
    return trajectory


@transaction.atomic
def trajectory_set_status(
    *, trajectory: Trajectory, by: User, status: str, reason: str = ""
) -> Trajectory:
    """Move a trajectory to another status; ending it needs a reason and cannot be undone."""
    _check_staff(by, trajectory)
    locked = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    _check_active(locked)
    if status not in TrajectoryStatus.values:
        raise ValidationError(_("Choose a status."), code="invalid_status")
    reason = reason.strip()
    if status == TrajectoryStatus.ENDED and not reason:
        raise ValidationError(_("Say why the trajectory ends."), code="reason_required")
    from_status = locked.status
    locked.status = status
    if status == TrajectoryStatus.ENDED:
        locked.ended_reason = reason
        locked.ended_at = timezone.now()
    locked.save(update_fields=["status", "ended_reason", "ended_at"])
    audit_record(
        actor=by,
        action="trajectory.set_status",
        subject=locked.jobseeker,
        target=locked,
        details={"from": from_status, "to": status},
    )
    _announce(locked)
    return locked


@transaction.atomic
def trajectory_set_coach(*, trajectory: Trajectory, by: User, coach: User | None) -> Trajectory:
    """Give a running trajectory another coach of the training centre, or none."""
    _check_staff(by, trajectory)
    _check_active(trajectory)
    _check_coach(coach, trajectory.organisation)
    from_coach_id = trajectory.coach_id
    trajectory.coach = coach
    trajectory.save(update_fields=["coach"])
    audit_record(
        actor=by,
        action="trajectory.set_coach",
        subject=trajectory.jobseeker,
        target=trajectory,
        details={"from": from_coach_id, "to": coach.pk if coach else None},
    )
    return trajectory


def trajectory_record_view(*, trajectory: Trajectory, viewer: User) -> None:
    """Log that staff looked at the person's progress, for the person's "who looked" page."""
    if viewer.pk == trajectory.jobseeker_id:
        return
    audit_record(
        actor=viewer,
        action="trajectory.view",
        subject=trajectory.jobseeker,
        target=trajectory,
        details={"organisation": trajectory.organisation.name},
    )


@transaction.atomic
def goal_create(
    *,
    trajectory: Trajectory,
    by: User,
    text: str,
    concept: Concept | None = None,
    target_level: int | None = None,
    due_date: date | None = None,
) -> DevelopmentGoal:
    """Write down a development goal set together with the jobseeker."""
    _check_staff(by, trajectory)
    _check_active(trajectory)
    _check_level(target_level)
    _check_skill(concept)
    GOAL_DUE_WINDOW.check(due_date)
    if not text.strip():
        raise ValidationError(_("Describe the goal."), code="text_required")
    goal = DevelopmentGoal.objects.create(
        trajectory=trajectory,
        text=text.strip(),
        concept=concept,
        target_level=target_level,
        due_date=due_date,
        created_by=by,
    )
    audit_record(actor=by, action="goal.create", subject=trajectory.jobseeker, target=goal)
    return goal


@transaction.atomic
def goal_set_status(*, goal: DevelopmentGoal, by: User, status: str) -> DevelopmentGoal:
    """Mark a goal open, reached or dropped."""
    trajectory = goal.trajectory
    _check_staff(by, trajectory)
    _check_active(trajectory)
    if status not in GoalStatus.values:
        raise ValidationError(_("Choose a status."), code="invalid_status")
    from_status = goal.status
    goal.status = status
    goal.save(update_fields=["status"])
    audit_record(
        actor=by,
        action="goal.set_status",
        subject=trajectory.jobseeker,
        target=goal,
        details={"from": from_status, "to": status},
    )
    return goal


@transaction.atomic
def goal_comment_add(*, goal: DevelopmentGoal, by: User, text: str) -> GoalComment:
    """The jobseeker comments on their own goal, or staff of the training centre reply.

    Once the trajectory has ended its goals are closed: nobody reads new comments there.
    """
    trajectory = goal.trajectory
    if by.pk != trajectory.jobseeker_id:
        _check_staff(by, trajectory)
    # Read afresh: the caller's goal may carry its trajectory from before it ended.
    status = Trajectory.objects.values_list("status", flat=True).get(pk=trajectory.pk)
    if status == TrajectoryStatus.ENDED:
        raise ValidationError(
            _("This trajectory has ended, so you cannot add a comment any more."),
            code="trajectory_ended",
        )
    if not text.strip():
        raise ValidationError(_("Write a comment."), code="text_required")
    comment = GoalComment.objects.create(goal=goal, author=by, text=text.strip())
    audit_record(actor=by, action="goal.comment", subject=trajectory.jobseeker, target=comment)
    return comment


@transaction.atomic
def module_plan(
    *,
    trajectory: Trajectory,
    by: User,
    name: str,
    provider: str = "",
    hours: int | None = None,
    skills: Iterable[Concept] = (),
    certificate: bool = False,
    planned_date: date | None = None,
) -> TrainingModule:
    """Plan a training module in a trajectory."""
    _check_staff(by, trajectory)
    _check_active(trajectory)
    skills = list(skills)
    for concept in skills:
        _check_skill(concept)
    MODULE_PLANNED_WINDOW.check(planned_date)
    if not name.strip():
        raise ValidationError(_("Give the module a name."), code="name_required")
    module = TrainingModule.objects.create(
        trajectory=trajectory,
        name=name.strip(),
        provider=provider.strip(),
        hours=hours,
        certificate=certificate,
        planned_date=planned_date,
    )
    module.skills.set(skills)
    audit_record(actor=by, action="module.plan", subject=trajectory.jobseeker, target=module)
    return module


@transaction.atomic
def module_complete(*, module: TrainingModule, by: User, completed_date: date) -> TrainingModule:
    """Record that the jobseeker completed a planned module."""
    trajectory = module.trajectory
    _check_staff(by, trajectory)
    _check_active(trajectory)
    locked = TrainingModule.objects.select_for_update().get(pk=module.pk)
    if locked.status == ModuleStatus.COMPLETED:
        raise ValidationError(_("This module is already completed."), code="already_completed")
    _check_not_future(completed_date)
    PAST_EVENT_WINDOW.check(completed_date)
    locked.status = ModuleStatus.COMPLETED
    locked.completed_date = completed_date
    locked.save(update_fields=["status", "completed_date"])
    audit_record(actor=by, action="module.complete", subject=trajectory.jobseeker, target=locked)
    return locked


@transaction.atomic
def assessment_record(
    *,
    jobseeker: User,
    organisation: Organisation,
    by: User,
    concept: Concept,
    level: int,
    assessed_on: date,
    observation: str = "",
) -> SkillAssessment:
    """Record staff's level for one skill; the newest one becomes the portfolio's staff level.

    The jobseeker's self-assessed level stays beside it. Without this skill in the
    published portfolio only the assessment is kept.
    """
    if not is_training_staff_of(by, organisation):
        raise _refuse()
    if (
        not Trajectory.objects.filter(jobseeker=jobseeker, organisation=organisation)
        .exclude(status=TrajectoryStatus.ENDED)
        .exists()
    ):
        raise PermissionDenied(_("This person has no current trajectory at this training centre."))
    if level is None:
        raise ValidationError(_("Choose a level from 1 to 4."), code="invalid_level")
    _check_level(level)
    _check_skill(concept)
    _check_not_future(assessed_on)
    PAST_EVENT_WINDOW.check(assessed_on)
    assessment = SkillAssessment.objects.create(
        jobseeker=jobseeker,
        concept=concept,
        level=level,
        assessed_on=assessed_on,
        observation=observation.strip(),
        assessed_by=by,
        organisation=organisation,
    )
    latest = (
        SkillAssessment.objects.filter(jobseeker=jobseeker, concept=concept)
        .order_by("-assessed_on", "-id")
        .values_list("level", flat=True)
        .first()
    )
    portfolio = PortfolioPage.objects.filter(jobseeker=jobseeker).first()
    on_portfolio = portfolio is not None and portfolio_skill_set_staff_level(
        portfolio=portfolio, concept_id=concept.pk, level=latest
    )
    audit_record(
        actor=by,
        action="assessment.record",
        subject=jobseeker,
        target=assessment,
        details={"concept_id": concept.pk, "level": level, "on_portfolio": on_portfolio},
    )
    return assessment


def assessments_apply_to_portfolio(*, portfolio_id: int, jobseeker_id: int) -> list[int]:
    """Give the published skills staff assessed earlier their latest staff level.

    An assessment of a skill the person had not published yet is kept; when they add
    and publish that skill later, it gets the level here. Returns the concept ids changed.
    """
    newest_first = (
        SkillAssessment.objects.filter(jobseeker_id=jobseeker_id)
        .order_by("-assessed_on", "-id")
        .values_list("concept_id", "level")
    )
    latest: dict[int, int] = {}
    for concept_id, level in newest_first:
        latest.setdefault(concept_id, level)
    if not latest:
        return []
    published = PortfolioSkill.objects.filter(
        page_id=portfolio_id, page__live=True, concept_id__in=latest
    ).values_list("concept_id", "staff_level")
    portfolio = PortfolioPage.objects.get(pk=portfolio_id)
    changed = [
        concept_id for concept_id, staff_level in published if staff_level != latest[concept_id]
    ]
    for concept_id in changed:
        portfolio_skill_set_staff_level(
            portfolio=portfolio, concept_id=concept_id, level=latest[concept_id]
        )
    return changed


def on_portfolio_published(sender, *, portfolio_id: int, jobseeker_id: int, **kwargs) -> None:
    """Receiver (connected in apps.py): portfolios never import this app, so staff levels
    reach a publish through its signal."""
    assessments_apply_to_portfolio(portfolio_id=portfolio_id, jobseeker_id=jobseeker_id)


# What an erased person's trajectory keeps: dates, status, centre, coach, goal statuses
# and target levels, modules. Their words go; a reason is required of an ended trajectory,
# so it becomes this mark.
ERASED_MARK = "…"


@transaction.atomic
def trajectories_anonymise(user: User) -> None:
    """Erasure step (registered with portfolios.privacy): keep `user`'s trajectories for the
    centre's figures but without anything they or staff wrote about them; the account's
    deletion then empties the link to the person. Assessments go with the account.
    """
    trajectories = Trajectory.objects.filter(jobseeker=user)
    GoalComment.objects.filter(goal__trajectory__in=trajectories).delete()
    DevelopmentGoal.objects.filter(trajectory__in=trajectories).update(text=ERASED_MARK)
    trajectories.exclude(ended_reason="").update(ended_reason=ERASED_MARK)
