"""Training-centre trajectories: the centre's list, one person's progress, and "My progress".

Staff (training staff, coaches, admins) of the training centre use the centre's screens;
for anyone else the centre and its trajectories answer 404, so they cannot be probed.
Views parse, call a service or selector and render. A refused step shows the page again
with the message beside the form and everything typed still in it.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.organisations.models import Organisation
from portal.taxonomy.models import Concept

from . import selectors, services
from .charts import skill_level_chart
from .forms import (
    AssessmentForm,
    CoachChangeForm,
    CommentForm,
    EnrolForm,
    GoalForm,
    GoalStatusForm,
    ModuleCompleteForm,
    ModuleForm,
    StatusForm,
    TrajectoryFilterForm,
)
from .models import (
    DevelopmentGoal,
    ModuleStatus,
    TrainingModule,
    Trajectory,
    TrajectoryStatus,
)
from .permissions import training_centres_of

PAGE_SIZE = 50


def training_centre_or_404(request: HttpRequest, slug: str) -> Organisation:
    """The training centre where the user is staff, else 404 (another centre cannot be probed)."""
    organisation = training_centres_of(request.user).filter(slug=slug).first()
    if organisation is None:
        raise Http404
    return organisation


def _refused(form: forms.Form, error: ValidationError | PermissionDenied) -> None:
    form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))


# --- The centre's trajectories ----------------------------------------------------------------


@login_required
def trajectory_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The centre's trajectories with filters, and enrolling a jobseeker (POST)."""
    organisation = training_centre_or_404(request, slug)
    staff = selectors.centre_staff(organisation=organisation)
    jobseekers = selectors.enrolable_jobseekers(organisation=organisation)
    enrol_form = EnrolForm(jobseekers=jobseekers, staff=staff, prefix="enrol")
    if request.method == "POST":
        enrol_form = EnrolForm(request.POST, jobseekers=jobseekers, staff=staff, prefix="enrol")
        if enrol_form.is_valid():
            data = enrol_form.cleaned_data
            try:
                trajectory = services.trajectory_enrol(
                    jobseeker=data["jobseeker"],
                    organisation=organisation,
                    by=request.user,
                    start_date=data["start_date"],
                    planned_end_date=data["planned_end_date"],
                    coach=data["coach"],
                )
            except (ValidationError, PermissionDenied) as error:
                _refused(enrol_form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s is enrolled. Now set goals together.")
                    % {"name": _name(data["jobseeker"])},
                )
                return redirect("trajectory_detail", slug=organisation.slug, pk=trajectory.pk)
    filter_form = TrajectoryFilterForm(request.GET, staff=list(staff))
    rows = selectors.centre_trajectories(organisation=organisation, filters=filter_form.filters())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "training/trajectories/list.html",
        {
            "organisation": organisation,
            "filter_form": filter_form,
            "enrol_form": enrol_form,
            "page": page,
            "filter_query": query.urlencode(),
        },
    )


def _name(user) -> str:
    return user.get_full_name() or user.email


# --- One person's progress at the centre ------------------------------------------------------


@dataclass
class GoalRow:
    goal: DevelopmentGoal
    status_form: forms.Form | None = None
    comment_form: forms.Form | None = None


@dataclass
class ModuleRow:
    module: TrainingModule
    complete_form: forms.Form | None = None


@dataclass
class Bound:
    """The one form that was posted and refused, shown again as it was typed."""

    name: str = ""
    pk: int | None = None
    form: forms.Form | None = None

    def get(self, name: str, pk: int | None = None) -> forms.Form | None:
        return self.form if (self.name, self.pk) == (name, pk) else None


def _trajectory_of(request: HttpRequest, slug: str, pk: int) -> Trajectory:
    organisation = training_centre_or_404(request, slug)
    return get_object_or_404(
        Trajectory.objects.select_related("jobseeker", "coach", "organisation"),
        pk=pk,
        organisation=organisation,
        jobseeker__isnull=False,
    )


@dataclass
class Progress:
    """What the person page shows of one person at one centre, and the skills its forms offer."""

    here: selectors.Timeline
    portfolio_shared: bool
    skills: list[selectors.SkillLevels]
    known: list[Concept]


def _progress(request: HttpRequest, trajectory: Trajectory) -> Progress:
    organisation, jobseeker = trajectory.organisation, trajectory.jobseeker
    timeline = selectors.person_timeline(jobseeker=jobseeker, viewer=request.user)
    here = selectors.Timeline(
        goals=[g for g in timeline.goals if g.trajectory.organisation_id == organisation.pk],
        modules=[m for m in timeline.modules if m.trajectory_id == trajectory.pk],
        assessments=[a for a in timeline.assessments if a.organisation_id == organisation.pk],
        proposals=[p for p in timeline.proposals if p.organisation_id == organisation.pk],
    )
    portfolio_skills = selectors.published_skills(jobseeker=jobseeker, viewer=request.user)
    skills = selectors.skill_levels(assessments=here.assessments, portfolio_skills=portfolio_skills)
    # The skills offered in the forms: assessed or published ones, then those of goals.
    known = {row.concept.pk: row.concept for row in skills}
    for goal in here.goals:
        if goal.concept:
            known.setdefault(goal.concept_id, goal.concept)
    return Progress(
        here=here,
        portfolio_shared=bool(portfolio_skills),
        skills=skills,
        known=list(known.values()),
    )


def _render_detail(
    request: HttpRequest, trajectory: Trajectory, bound: Bound | None = None
) -> HttpResponse:
    bound = bound or Bound()
    organisation, jobseeker = trajectory.organisation, trajectory.jobseeker
    progress = _progress(request, trajectory)
    here, skills, known = progress.here, progress.skills, progress.known
    running = trajectory.status != TrajectoryStatus.ENDED
    if bound.form is not None and not running:
        # An ended trajectory shows no forms, so the refusal comes as a message.
        for error in bound.form.non_field_errors():
            messages.error(request, error)
    staff = selectors.centre_staff(organisation=organisation)
    goals = [
        GoalRow(
            goal=goal,
            status_form=bound.get("goal_status", goal.pk)
            or (
                GoalStatusForm(prefix=f"g{goal.pk}", initial={"status": goal.status})
                if running
                else None
            ),
            comment_form=bound.get("comment", goal.pk)
            or (CommentForm(prefix=f"c{goal.pk}") if running else None),
        )
        for goal in here.goals
        if goal.trajectory_id == trajectory.pk
    ]
    modules = [
        ModuleRow(
            module=module,
            complete_form=bound.get("complete", module.pk)
            or (
                ModuleCompleteForm(prefix=f"m{module.pk}")
                if running and module.status == ModuleStatus.PLANNED
                else None
            ),
        )
        for module in here.modules
    ]
    context = {
        "organisation": organisation,
        "trajectory": trajectory,
        "jobseeker": jobseeker,
        "running": running,
        "history": [
            other
            for other in selectors.trajectories_of_person_at(
                jobseeker=jobseeker, organisation=organisation
            )
            if other.pk != trajectory.pk
        ],
        "goals": goals,
        "modules": modules,
        "skills": skills,
        "portfolio_shared": progress.portfolio_shared,
        "entries": selectors.timeline_entries(here),
        "chart": skill_level_chart(skills=skills, title=_("Assessed level per skill over time"))
        if any(row.history for row in skills)
        else None,
    }
    if running:
        context.update(
            status_form=bound.get("status")
            or StatusForm(initial={"status": trajectory.status}, prefix="status"),
            coach_form=bound.get("coach")
            or CoachChangeForm(staff=staff, initial={"coach": trajectory.coach_id}, prefix="coach"),
            goal_form=bound.get("goal") or GoalForm(known_skills=known, prefix="goal"),
            module_form=bound.get("module") or ModuleForm(known_skills=known, prefix="module"),
            assessment_form=bound.get("assessment")
            or AssessmentForm(known_skills=known, prefix="assessment"),
        )
    return render(request, "training/trajectories/detail.html", context)


@login_required
def trajectory_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One person's progress at the centre: goals, modules, assessments and timeline."""
    trajectory = _trajectory_of(request, slug, pk)
    services.trajectory_record_view(trajectory=trajectory, viewer=request.user)
    return _render_detail(request, trajectory)


def _known_skills(request: HttpRequest, trajectory: Trajectory) -> list[Concept]:
    return _progress(request, trajectory).known


def _act(request, trajectory, bound: Bound, action, success: str) -> HttpResponse:
    """Run `action` with the valid form; on refusal show the page again with the form."""
    if bound.form.is_valid():
        try:
            action(bound.form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            _refused(bound.form, error)
        else:
            messages.success(request, success)
            return redirect(
                "trajectory_detail", slug=trajectory.organisation.slug, pk=trajectory.pk
            )
    return _render_detail(request, trajectory, bound)


@login_required
@require_POST
def trajectory_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    trajectory = _trajectory_of(request, slug, pk)
    bound = Bound("status", form=StatusForm(request.POST, prefix="status"))
    return _act(
        request,
        trajectory,
        bound,
        lambda data: services.trajectory_set_status(
            trajectory=trajectory, by=request.user, status=data["status"], reason=data["reason"]
        ),
        _("The status is changed."),
    )


@login_required
@require_POST
def trajectory_coach(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    trajectory = _trajectory_of(request, slug, pk)
    staff = selectors.centre_staff(organisation=trajectory.organisation)
    bound = Bound("coach", form=CoachChangeForm(request.POST, staff=staff, prefix="coach"))
    return _act(
        request,
        trajectory,
        bound,
        lambda data: services.trajectory_set_coach(
            trajectory=trajectory, by=request.user, coach=data["coach"]
        ),
        _("The coach is changed."),
    )


@login_required
@require_POST
def trajectory_goal_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    trajectory = _trajectory_of(request, slug, pk)
    form = GoalForm(request.POST, known_skills=_known_skills(request, trajectory), prefix="goal")
    return _act(
        request,
        trajectory,
        Bound("goal", form=form),
        lambda data: services.goal_create(
            trajectory=trajectory,
            by=request.user,
            text=data["text"],
            concept=data["concept"],
            target_level=data["target_level"],
            due_date=data["due_date"],
        ),
        _("The goal is added."),
    )


def _goal_of(trajectory: Trajectory, goal_pk: int) -> DevelopmentGoal:
    return get_object_or_404(
        DevelopmentGoal.objects.select_related("trajectory__jobseeker", "trajectory__organisation"),
        pk=goal_pk,
        trajectory=trajectory,
    )


@login_required
@require_POST
def trajectory_goal_status(request: HttpRequest, slug: str, pk: int, goal_pk: int) -> HttpResponse:
    trajectory = _trajectory_of(request, slug, pk)
    goal = _goal_of(trajectory, goal_pk)
    bound = Bound("goal_status", goal.pk, GoalStatusForm(request.POST, prefix=f"g{goal.pk}"))
    return _act(
        request,
        trajectory,
        bound,
        lambda data: services.goal_set_status(goal=goal, by=request.user, status=data["status"]),
        _("The status of the goal is changed."),
    )


@login_required
@require_POST
def trajectory_goal_comment(request: HttpRequest, slug: str, pk: int, goal_pk: int) -> HttpResponse:
    trajectory = _trajectory_of(request, slug, pk)
    goal = _goal_of(trajectory, goal_pk)
    bound = Bound("comment", goal.pk, CommentForm(request.POST, prefix=f"c{goal.pk}"))
    return _act(
        request,
        trajectory,
        bound,
        lambda data: services.goal_comment_add(goal=goal, by=request.user, text=data["text"]),
        _("Your comment is added."),
    )


@login_required
@require_POST
def trajectory_module_plan(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    trajectory = _trajectory_of(request, slug, pk)
    form = ModuleForm(
        request.POST, known_skills=_known_skills(request, trajectory), prefix="module"
    )
    return _act(
        request,
        trajectory,
        Bound("module", form=form),
        lambda data: services.module_plan(
            trajectory=trajectory,
            by=request.user,
            name=data["name"],
            provider=data["provider"],
            hours=data["hours"],
            skills=[data["concept"]] if data["concept"] else [],
            certificate=data["certificate"],
            planned_date=data["planned_date"],
        ),
        _("The module is planned."),
    )


@login_required
@require_POST
def trajectory_module_complete(
    request: HttpRequest, slug: str, pk: int, module_pk: int
) -> HttpResponse:
    trajectory = _trajectory_of(request, slug, pk)
    module = get_object_or_404(
        TrainingModule.objects.select_related("trajectory__jobseeker", "trajectory__organisation"),
        pk=module_pk,
        trajectory=trajectory,
    )
    bound = Bound("complete", module.pk, ModuleCompleteForm(request.POST, prefix=f"m{module.pk}"))
    return _act(
        request,
        trajectory,
        bound,
        lambda data: services.module_complete(
            module=module, by=request.user, completed_date=data["completed_date"]
        ),
        _("The module is completed."),
    )


@login_required
@require_POST
def trajectory_assessment_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    trajectory = _trajectory_of(request, slug, pk)
    form = AssessmentForm(
        request.POST, known_skills=_known_skills(request, trajectory), prefix="assessment"
    )

    def record(data: dict) -> None:
        if trajectory.status == TrajectoryStatus.ENDED:
            raise ValidationError(_("This trajectory has ended."))
        services.assessment_record(
            jobseeker=trajectory.jobseeker,
            organisation=trajectory.organisation,
            by=request.user,
            concept=data["concept"],
            level=data["level"],
            assessed_on=data["assessed_on"],
            observation=data["observation"],
        )

    return _act(
        request, trajectory, Bound("assessment", form=form), record, _("The assessment is saved.")
    )


# --- The jobseeker: "My progress" ---------------------------------------------------------------


@dataclass
class MyTrajectory:
    trajectory: Trajectory
    goals: list[GoalRow]
    modules: list[TrainingModule]


def _render_my_progress(request: HttpRequest, bound: Bound | None = None) -> HttpResponse:
    bound = bound or Bound()
    user = request.user
    trajectories = selectors.trajectories_of_jobseeker(jobseeker=user)
    timeline = selectors.person_timeline(jobseeker=user, viewer=user)
    rows = []
    for trajectory in trajectories:
        running = trajectory.status != TrajectoryStatus.ENDED
        rows.append(
            MyTrajectory(
                trajectory=trajectory,
                goals=[
                    GoalRow(
                        goal=goal,
                        comment_form=bound.get("comment", goal.pk)
                        or (CommentForm(prefix=f"c{goal.pk}") if running else None),
                    )
                    for goal in timeline.goals
                    if goal.trajectory_id == trajectory.pk
                ],
                modules=[m for m in timeline.modules if m.trajectory_id == trajectory.pk],
            )
        )
    skills = selectors.skill_levels(
        assessments=timeline.assessments,
        portfolio_skills=selectors.published_skills(jobseeker=user, viewer=user),
    )
    assessed = [row for row in skills if row.history]
    return render(
        request,
        "training/trajectories/my_progress.html",
        {
            "rows": rows,
            "skills": assessed,
            "chart": skill_level_chart(
                skills=skills, title=_("How your trainer saw your skills over time")
            )
            if assessed
            else None,
        },
    )


@login_required
def my_progress(request: HttpRequest) -> HttpResponse:
    """The jobseeker's own trajectories, goals, modules and what their trainer saw."""
    return _render_my_progress(request)


@login_required
@require_POST
def my_goal_comment(request: HttpRequest, goal_pk: int) -> HttpResponse:
    """The jobseeker writes a comment on one of their own goals."""
    goal = get_object_or_404(
        DevelopmentGoal.objects.select_related("trajectory"),
        pk=goal_pk,
        trajectory__jobseeker=request.user,
    )
    form = CommentForm(request.POST, prefix=f"c{goal.pk}")
    if form.is_valid():
        try:
            services.goal_comment_add(goal=goal, by=request.user, text=form.cleaned_data["text"])
        except (ValidationError, PermissionDenied) as error:
            _refused(form, error)
        else:
            messages.success(request, _("Thank you. Your comment is saved."))
            return redirect(f"{reverse('my_progress')}#doel-{goal.pk}")
    return _render_my_progress(request, Bound("comment", goal.pk, form))
