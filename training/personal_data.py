"""What a training centre holds about a jobseeker, for their "download everything about me" export.

Registered with `portfolios.privacy.register_export_section` when the app is ready.
Erasure keeps the trajectories, nameless (`services.trajectories_anonymise`), so the
centre's cohort figures stay; assessments go with the person.
"""

from typing import Any

from django.db.models import Prefetch

from portal.accounts.models import User

from .models import DevelopmentGoal, GoalComment, SkillAssessment, Trajectory


def _name(user: User | None) -> str:
    # As the rest of the export names people: a deleted account leaves an empty name.
    return str(user) if user is not None else ""


def trajectories_about(user: User) -> list[dict[str, Any]]:
    """Trajectories at training centres with their goals, comments and modules."""
    goals = DevelopmentGoal.objects.select_related("concept").prefetch_related(
        Prefetch("comments", queryset=GoalComment.objects.select_related("author"))
    )
    trajectories = (
        Trajectory.objects.filter(jobseeker=user)
        .select_related("organisation", "coach")
        .prefetch_related(Prefetch("goals", queryset=goals), "modules__skills")
        .order_by("start_date", "id")
    )
    return [
        {
            "training_centre": trajectory.organisation.name,
            "coach": _name(trajectory.coach),
            "start_date": trajectory.start_date,
            "planned_end_date": trajectory.planned_end_date,
            "status": trajectory.status,
            "ended_reason": trajectory.ended_reason,
            "goals": [
                {
                    "goal": goal.text,
                    "skill": goal.concept.label() if goal.concept else None,
                    "target_level": goal.target_level,
                    "status": goal.status,
                    "due_date": goal.due_date,
                    "comments": [
                        {"by": _name(c.author), "text": c.text, "at": c.created_at}
                        for c in goal.comments.all()
                    ],
                }
                for goal in trajectory.goals.all()
            ],
            "modules": [
                {
                    "name": module.name,
                    "provider": module.provider,
                    "hours": module.hours,
                    "skills": [skill.label() for skill in module.skills.all()],
                    "certificate": module.certificate,
                    "status": module.status,
                    "planned_date": module.planned_date,
                    "completed_date": module.completed_date,
                }
                for module in trajectory.modules.all()
            ],
        }
        for trajectory in trajectories
    ]


def assessments_about(user: User) -> list[dict[str, Any]]:
    """The levels staff recorded for the person's skills, with their observations."""
    return [
        {
            "skill": assessment.concept.label(),
            "level": assessment.level,
            "assessed_on": assessment.assessed_on,
            "observation": assessment.observation,
            "assessed_by": _name(assessment.assessed_by),
            "training_centre": assessment.organisation.name,
        }
        for assessment in SkillAssessment.objects.filter(jobseeker=user)
        .select_related("concept", "assessed_by", "organisation")
        .order_by("assessed_on", "id")
    ]


EXPORT_SECTIONS = {
    "trajectories": trajectories_about,
    "skill_assessments": assessments_about,
}
