"""How the jobseeker's "who looked at my data" list names a training centre's objects.

A goal or comment is the goal, a module its name, an assessment its skill, a trajectory
its training centre: never "trajectory 13" or a status code.

Audit rows are only ever added, so rows written before these models moved here
(issue 18) still name them `intermediaries.<model>`; both names are described.
"""

from django.db.models import F

from portal.audit.labels import register_describer

from .models import DevelopmentGoal, GoalComment, SkillAssessment, TrainingModule, Trajectory

# The app label these models had before they moved to `training`.
FORMER_APP_LABEL = "intermediaries"


def _pk_ints(ids: list[str]) -> list[int]:
    return [int(pk) for pk in ids if pk.isdigit()]


def _values(manager, field: str):
    def describe(ids: list[str]) -> dict[str, str]:
        rows = manager.filter(pk__in=_pk_ints(ids)).annotate(label=F(field))
        return {str(pk): label for pk, label in rows.values_list("pk", "label")}

    return describe


def _assessments(ids: list[str]) -> dict[str, str]:
    rows = SkillAssessment.objects.filter(pk__in=_pk_ints(ids)).select_related("concept")
    return {str(row.pk): row.concept.label() for row in rows.only("pk", "concept")}


def register() -> None:
    describers = {
        Trajectory: _values(Trajectory.objects, "organisation__name"),
        DevelopmentGoal: _values(DevelopmentGoal.objects, "text"),
        GoalComment: _values(GoalComment.objects, "goal__text"),
        TrainingModule: _values(TrainingModule.objects, "name"),
        SkillAssessment: _assessments,
    }
    for model, describe in describers.items():
        register_describer(model._meta.label_lower, describe)
        register_describer(f"{FORMER_APP_LABEL}.{model._meta.model_name}", describe)
