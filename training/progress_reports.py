"""The progress report PDF of one person, for a review meeting at a training centre.

It shows goals, modules, skills (self-assessed beside staff-assessed), highlights and
next steps. Staff of a training centre get what happened at their centre; the person
gets everything about themself. WeasyPrint renders `training/pdf/progress_report.html`
in the background, with the fonts on disk and nothing from the network (`portal.pdf`). It is a generated file (portal.generated_files): kept as long as PDF
CVs, then `manage.py purge_expired_files` deletes it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from intermediaries.models import Proposal, ProposalState
from intermediaries.selectors import proposals_about_jobseeker
from portal.accounts.models import User
from portal.audit.services import audit_record
from portal.choices import SkillLevel
from portal.generated_files import generated_file_build, generated_file_queue
from portal.organisations.models import Organisation
from portal.pdf import pdf_layout, pdf_write
from portfolios.models import PortfolioSkill
from portfolios.permissions import portfolio_permission_policy

from .charts import grouped_bar_chart
from .models import (
    DevelopmentGoal,
    GoalStatus,
    ModuleStatus,
    ProgressReport,
    SkillAssessment,
    TrainingModule,
    Trajectory,
    TrajectoryStatus,
)
from .permissions import is_training_staff_of

HIGHLIGHTS = 12


# --- Who may ------------------------------------------------------------------------------


def may_request(*, user: User, jobseeker: User, organisation: Organisation | None) -> bool:
    """Staff of a training centre where the person is or was enrolled, for that centre;
    the person for their own report (organisation None) once they had a trajectory.
    """
    if not (user.is_authenticated and user.is_active):
        return False
    trajectories = Trajectory.objects.filter(jobseeker=jobseeker)
    if organisation is None:
        return user.pk == jobseeker.pk and trajectories.exists()
    return (
        is_training_staff_of(user, organisation)
        and trajectories.filter(organisation=organisation).exists()
    )


# --- What it shows ------------------------------------------------------------------------


@dataclass(frozen=True)
class SkillRow:
    label: str
    self_level: int | None
    staff_level: int | None
    staff_date: date | None

    @property
    def self_label(self) -> str:
        return SkillLevel(self.self_level).label if self.self_level else ""

    @property
    def staff_label(self) -> str:
        return SkillLevel(self.staff_level).label if self.staff_level else ""


@dataclass(frozen=True)
class Highlight:
    when: date
    text: str


def _scoped(queryset, organisation: Organisation | None, path: str):
    return queryset if organisation is None else queryset.filter(**{path: organisation})


def _skill_rows(jobseeker: User, organisation: Organisation | None, viewer: User) -> list[SkillRow]:
    """Each skill the person rated in their published portfolio or staff assessed, with the
    self-assessed level beside the latest staff level. The self-assessed levels only when
    `viewer` may see the portfolio (the person, or staff through the person's consent).
    """
    portfolios = portfolio_permission_policy.visible_to(viewer).filter(jobseeker=jobseeker)
    published = PortfolioSkill.objects.filter(page__in=portfolios.values("pk")).select_related(
        "concept"
    )
    assessments = _scoped(
        SkillAssessment.objects.filter(jobseeker=jobseeker), organisation, "organisation"
    ).select_related("concept")
    rows: dict[int, dict[str, Any]] = {}
    for skill in published:
        rows[skill.concept_id] = {"concept": skill.concept, "self": skill.level}
    # Newest first (the model's ordering): the first one seen per skill is the latest.
    for assessment in assessments:
        row = rows.setdefault(assessment.concept_id, {"concept": assessment.concept})
        if "staff" not in row:
            row["staff"] = assessment.level
            row["staff_date"] = assessment.assessed_on
    skills = [
        SkillRow(
            label=row["concept"].label(),
            self_level=row.get("self"),
            staff_level=row.get("staff"),
            staff_date=row.get("staff_date"),
        )
        for row in rows.values()
    ]
    return sorted(skills, key=lambda skill: skill.label.lower())


def _highlights(
    trajectories: list[Trajectory],
    modules: list[TrainingModule],
    assessments: list[SkillAssessment],
    proposals: list[Proposal],
) -> list[Highlight]:
    moments = []
    for trajectory in trajectories:
        moments.append(
            Highlight(
                trajectory.start_date,
                _("Started at %(centre)s") % {"centre": trajectory.organisation.name},
            )
        )
        if trajectory.ended_at:
            moments.append(
                Highlight(
                    timezone.localdate(trajectory.ended_at),
                    _("Trajectory ended: %(reason)s") % {"reason": trajectory.ended_reason},
                )
            )
    for module in modules:
        if module.completed_date:
            moments.append(
                Highlight(module.completed_date, _("Completed %(name)s") % {"name": module.name})
            )
    for assessment in assessments:
        moments.append(
            Highlight(
                assessment.assessed_on,
                _("%(skill)s assessed: %(level)s")
                % {"skill": assessment.concept.label(), "level": assessment.get_level_display()},
            )
        )
    for proposal in proposals:
        if proposal.state in (ProposalState.INTERVIEW_PLANNED, ProposalState.PLACED):
            moments.append(
                Highlight(
                    timezone.localdate(proposal.state_changed_at),
                    _("%(state)s: %(vacancy)s")
                    % {"state": proposal.get_state_display(), "vacancy": proposal.vacancy.title},
                )
            )
    return sorted(moments, key=lambda moment: moment.when, reverse=True)[:HIGHLIGHTS]


def _skills_chart(skills: list[SkillRow]) -> str:
    rated = [skill for skill in skills if skill.self_level or skill.staff_level]
    if not rated:
        return ""
    return grouped_bar_chart(
        label=_("Skill levels: self-assessed and assessed by staff (1 to 4)"),
        x_labels=[skill.label for skill in rated],
        series=[
            (_("Self-assessed"), [skill.self_level or 0 for skill in rated]),
            (_("Assessed by staff"), [skill.staff_level or 0 for skill in rated]),
        ],
    )


def report_context(
    *, jobseeker: User, organisation: Organisation | None, viewer: User
) -> dict[str, Any]:
    """Everything the report shows `viewer`, in the active language; a fixed number of queries."""
    trajectories = list(
        _scoped(
            Trajectory.objects.filter(jobseeker=jobseeker), organisation, "organisation"
        ).select_related("organisation", "coach")
    )
    ids = [trajectory.pk for trajectory in trajectories]
    goals = list(
        DevelopmentGoal.objects.filter(trajectory_id__in=ids)
        .select_related("concept")
        .annotate(comment_count=Count("comments"))
    )
    modules = list(
        TrainingModule.objects.filter(trajectory_id__in=ids).order_by(
            "status", "planned_date", "id"
        )
    )
    assessments = list(
        _scoped(
            SkillAssessment.objects.filter(jobseeker=jobseeker), organisation, "organisation"
        ).select_related("concept")
    )
    proposals = list(
        proposals_about_jobseeker(
            jobseeker=jobseeker,
            organisations=None
            if organisation is None
            else Organisation.objects.filter(pk=organisation.pk),
        ).select_related("vacancy")
    )
    skills = _skill_rows(jobseeker, organisation, viewer)
    today = timezone.localdate()
    return {
        "person_name": jobseeker.get_full_name() or jobseeker.email,
        "organisation": organisation,
        "trajectories": trajectories,
        "running": [t for t in trajectories if t.status != TrajectoryStatus.ENDED],
        "goals": goals,
        "goals_reached": sum(goal.status == GoalStatus.REACHED for goal in goals),
        "modules": modules,
        "skills": skills,
        "skills_chart": _skills_chart(skills),
        "highlights": _highlights(trajectories, modules, assessments, proposals),
        "next_goals": [goal for goal in goals if goal.status == GoalStatus.OPEN],
        "next_modules": [module for module in modules if module.status == ModuleStatus.PLANNED],
        "made_on": today,
    }


def report_html(
    *, jobseeker: User, organisation: Organisation | None, viewer: User, language: str
) -> str:
    with translation.override(language):
        context = report_context(jobseeker=jobseeker, organisation=organisation, viewer=viewer)
        context["language"] = language
        return render_to_string("training/pdf/progress_report.html", context)


def report_document(
    *, jobseeker: User, organisation: Organisation | None, viewer: User, language: str
):
    """The laid-out WeasyPrint document (pages and boxes), before it is written as PDF."""
    html = report_html(
        jobseeker=jobseeker, organisation=organisation, viewer=viewer, language=language
    )
    return pdf_layout(html)


def report_render(
    *, jobseeker: User, organisation: Organisation | None, viewer: User, language: str
) -> bytes:
    return pdf_write(
        report_document(
            jobseeker=jobseeker, organisation=organisation, viewer=viewer, language=language
        )
    )


# --- The background job: request, render, download ---------------------------------------


@transaction.atomic
def progress_report_request(
    *, jobseeker: User, organisation: Organisation | None, by: User, language: str
) -> ProgressReport:
    """Ask for a progress report PDF; it is rendered in the background. Always a fresh one:
    progress changes from day to day.
    """
    if not may_request(user=by, jobseeker=jobseeker, organisation=organisation):
        raise PermissionDenied
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    report = ProgressReport.objects.create(
        jobseeker=jobseeker, organisation=organisation, requested_by=by, language=language
    )
    audit_record(
        actor=by,
        action="progress_report.request",
        subject=jobseeker,
        target=report,
        details={"language": language},
    )
    generated_file_queue(report)
    return report


def progress_report_build(*, report_id: int) -> None:
    """Render a requested report into the private storage (runs in the worker; see portal.generated_files)."""
    generated_file_build(ProgressReport, report_id, render=_report_content)


def _report_content(report: ProgressReport, progress: Callable[[int], None]) -> bytes:
    laid_out = report_document(
        jobseeker=report.jobseeker,
        organisation=report.organisation,
        viewer=report.requested_by,
        language=report.language,
    )
    progress(70)
    return pdf_write(laid_out)


def progress_report_for(*, user: User, public_id) -> ProgressReport | None:
    """A report `user` asked for and may still get now (membership is checked again), else None."""
    if not user.is_authenticated:
        return None
    report = (
        ProgressReport.objects.select_related("jobseeker", "organisation")
        .filter(public_id=public_id, requested_by=user)
        .first()
    )
    if report is None or not may_request(
        user=user, jobseeker=report.jobseeker, organisation=report.organisation
    ):
        return None
    return report


def progress_report_record_download(*, report: ProgressReport, by: User) -> None:
    audit_record(
        actor=by, action="progress_report.download", subject=report.jobseeker, target=report
    )


def progress_report_filename(report: ProgressReport) -> str:
    name = slugify(report.jobseeker.get_full_name()) or "voortgang"
    return f"voortgangsrapport-{name}-{timezone.localdate(report.created_at):%Y-%m-%d}.pdf"
