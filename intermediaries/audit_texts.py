"""How the jobseeker's "who looked at my data" list names this app's objects.

A proposal is the vacancy and its employer, a goal or comment is the goal, a
trajectory its training centre: never "proposal 13" or a status code.
"""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from portal.audit.labels import register_action_labels, register_describer

from .models import (
    CaseloadAssignment,
    DevelopmentGoal,
    GoalComment,
    Placement,
    Proposal,
    SkillAssessment,
    TrainingModule,
    Trajectory,
)


def _vacancy_at(title: str, employer: str) -> str:
    return str(_("%(vacancy)s at %(employer)s") % {"vacancy": title, "employer": employer})


def _pk_ints(ids: list[str]) -> list[int]:
    return [int(pk) for pk in ids if pk.isdigit()]


def _proposals(ids: list[str]) -> dict[str, str]:
    rows = Proposal.objects.filter(pk__in=_pk_ints(ids)).values_list(
        "pk", "vacancy__title", "vacancy__organisation__name"
    )
    return {str(pk): _vacancy_at(title, employer) for pk, title, employer in rows}


def _placements(ids: list[str]) -> dict[str, str]:
    rows = Placement.objects.filter(pk__in=_pk_ints(ids)).values_list(
        "pk", "proposal__vacancy__title", "proposal__vacancy__organisation__name"
    )
    return {str(pk): _vacancy_at(title, employer) for pk, title, employer in rows}


def _values(manager, field: str):
    def describe(ids: list[str]) -> dict[str, str]:
        rows = manager.filter(pk__in=_pk_ints(ids)).annotate(label=F(field))
        return {str(pk): label for pk, label in rows.values_list("pk", "label")}

    return describe


def _assessments(ids: list[str]) -> dict[str, str]:
    rows = SkillAssessment.objects.filter(pk__in=_pk_ints(ids)).select_related("concept")
    return {str(row.pk): row.concept.label() for row in rows.only("pk", "concept")}


def register() -> None:
    register_describer("intermediaries.proposal", _proposals)
    register_describer("intermediaries.placement", _placements)
    register_describer(
        "intermediaries.caseloadassignment",
        _values(CaseloadAssignment.objects, "organisation__name"),
    )
    register_describer(
        "intermediaries.trajectory", _values(Trajectory.objects, "organisation__name")
    )
    register_describer("intermediaries.developmentgoal", _values(DevelopmentGoal.objects, "text"))
    register_describer("intermediaries.goalcomment", _values(GoalComment.objects, "goal__text"))
    register_describer("intermediaries.trainingmodule", _values(TrainingModule.objects, "name"))
    register_describer("intermediaries.skillassessment", _assessments)
    register_action_labels({"proposal.name_seen": _("saw your name with a proposal for a vacancy")})
