"""Employer screens, the vacancy wizard and the network's vacancy list.

Views parse the request, ask the permission policy (through the selectors),
call a service and render. Vacancies and employers a user has no business with
answer 404, so they cannot be probed.
"""

from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from allauth.account.utils import complete_signup, setup_user_email
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.accounts.selectors import account_exists
from portal.taxonomy.autocomplete import concept_autocomplete
from portal.validation import bounded_int

from . import selectors, services
from .extensions import vacancy_list_columns
from .forms import (
    BasicsForm,
    EmployerProfileForm,
    EmployerSignupForm,
    ExtrasForm,
    WhereWhenForm,
)
from .models import SkillLevel, VacancyStatus, WorkType
from .permissions import PUBLISH, vacancy_permission_policy
from .services import SkillChoice

SEARCH_LIMIT = 10
MAX_QUERY_LENGTH = 100


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- Employer sign-up ------------------------------------------------------------------


def _signup_thanks(organisation_name: str) -> str:
    return _(
        "Thank you! A network admin checks %(organisation)s. You get an e-mail when it is approved."
    ) % {"organisation": organisation_name}


def employer_signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        messages.info(request, _("You are already logged in."))
        return redirect("dashboard")
    form = EmployerSignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if account_exists(email=form.cleaned_data["email"]):
            # The same answer as for a new address; only the address's owner learns more.
            get_adapter(request).send_account_already_exists_mail(form.cleaned_data["email"])
            messages.success(request, _signup_thanks(form.cleaned_data["organisation_name"]))
            return redirect("account_email_verification_sent")
        try:
            with transaction.atomic():
                membership = services.employer_register(**form.registration_data())
                setup_user_email(request, membership.user, [])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _signup_thanks(membership.organisation.name))
            # allauth sends the link to check the e-mail address, then logs the person in.
            return complete_signup(
                request,
                membership.user,
                settings.ACCOUNT_EMAIL_VERIFICATION,
                reverse("employer_vacancies", args=[membership.organisation.slug]),
            )
    return render(request, "vacancies/employer_signup.html", {"form": form})


@login_required
def employer_profile(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.employer_organisation_for(user=request.user, slug=slug)
    profile = getattr(organisation, "employer_profile", None) if organisation else None
    if profile is None:
        raise Http404
    form = EmployerProfileForm.for_profile(profile, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.employer_profile_update(
                profile=profile, by=request.user, **form.profile_data()
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The details are saved."))
            return redirect("employer_vacancies", slug=organisation.slug)
    return render(
        request,
        "vacancies/employer_profile.html",
        {"organisation": organisation, "form": form},
    )


# --- The employer's vacancies ----------------------------------------------------------


@login_required
def employer_vacancies(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.employer_organisation_for(user=request.user, slug=slug)
    if organisation is None:
        raise Http404
    state = request.GET.get("status", "")
    if state not in VacancyStatus.values:
        state = ""
    page = Paginator(
        selectors.employer_vacancies(organisation=organisation, state=state), 50
    ).get_page(request.GET.get("pagina"))
    columns = vacancy_list_columns()
    return render(
        request,
        "vacancies/employer_vacancies.html",
        {
            "organisation": organisation,
            "page": page,
            "columns": columns,
            "rows": [
                (vacancy, [(column.heading, *column.cell(vacancy)) for column in columns])
                for vacancy in page
            ],
            "state": state,
            "states": VacancyStatus.choices,
            "has_profile": hasattr(organisation, "employer_profile"),
        },
    )


STEPS = (
    ("basis", gettext_lazy("The work"), BasicsForm),
    ("plaats-en-tijd", gettext_lazy("Place and time"), WhereWhenForm),
    ("vaardigheden", gettext_lazy("Skills"), None),
    ("extra", gettext_lazy("Support and social return"), ExtrasForm),
)
STEP_NAMES = [name for name, _label, _form in STEPS]


def _steps_context(current: str, vacancy=None) -> dict:
    index = STEP_NAMES.index(current)
    return {
        "steps": [
            {"name": name, "label": label, "number": n, "current": name == current}
            for n, (name, label, _form) in enumerate(STEPS, start=1)
        ],
        "step_number": index + 1,
        "step_count": len(STEPS),
        "step_label": STEPS[index][1],
        "previous_step": STEP_NAMES[index - 1] if index > 0 else None,
        "vacancy": vacancy,
    }


def _after_step(vacancy, step: str) -> HttpResponse:
    index = STEP_NAMES.index(step)
    if index + 1 < len(STEP_NAMES):
        return redirect("vacancy_edit", pk=vacancy.pk, step=STEP_NAMES[index + 1])
    return redirect("vacancy_manage", pk=vacancy.pk)


@login_required
def vacancy_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 1 of the wizard for a new vacancy; it is saved as a draft from here on."""
    organisation = selectors.employer_organisation_for(user=request.user, slug=slug)
    if organisation is None:
        raise Http404
    form = BasicsForm.for_vacancy(None, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            vacancy = services.vacancy_create(
                organisation=organisation, by=request.user, **form.vacancy_data()
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return _after_step(vacancy, "basis")
    context = _steps_context("basis")
    context.update({"organisation": organisation, "form": form})
    return render(request, "vacancies/wizard_step.html", context)


@login_required
def vacancy_edit(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    vacancy = selectors.vacancy_for_change(user=request.user, pk=pk)
    if vacancy is None or step not in STEP_NAMES:
        raise Http404
    if step == "vaardigheden":
        return _skills_step(request, vacancy)
    form_class = {name: form for name, _label, form in STEPS}[step]
    form = form_class.for_vacancy(vacancy, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.vacancy_update(vacancy=vacancy, by=request.user, **form.vacancy_data())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return _after_step(vacancy, step)
    context = _steps_context(step, vacancy)
    context.update({"organisation": vacancy.organisation, "form": form})
    return render(request, "vacancies/wizard_step.html", context)


def _level(value: str | None, default: int) -> int:
    level = bounded_int(value, default=default)
    return level if level in SkillLevel.values else default


def _skills_step(request: HttpRequest, vacancy) -> HttpResponse:
    """Pick skills without JavaScript: search, suggestions and the chosen list in one form.

    Every button posts the whole form, so a changed level is never lost; then the
    page is shown again (with the search results still there) or the next step.
    """
    chosen = selectors.vacancy_skills(vacancy=vacancy)
    query = (request.POST.get("q") or request.GET.get("q") or "")[:MAX_QUERY_LENGTH].strip()
    problem = ""
    if request.method == "POST":
        post = request.POST
        choices = [
            SkillChoice(
                concept_id=row.concept_id,
                required=post.get(f"kind-{row.concept_id}", "required" if row.required else "nice")
                == "required",
                min_level=_level(post.get(f"level-{row.concept_id}"), row.min_level),
            )
            for row in chosen
        ]
        remove = post.get("remove")
        if remove:
            choices = [c for c in choices if str(c.concept_id) != remove]
        for button, required in (("add_required", True), ("add_nice", False)):
            concept_id = bounded_int(post.get(button), default=None)
            if concept_id is not None and all(c.concept_id != concept_id for c in choices):
                choices.append(SkillChoice(concept_id=concept_id, required=required))
        wants_next = "next" in post
        if not choices and (wants_next or vacancy.status == VacancyStatus.OPEN):
            problem = _("Add at least one skill. Search for a skill, or pick a suggestion.")
        else:
            try:
                services.vacancy_set_skills(vacancy=vacancy, skills=choices, by=request.user)
            except ValidationError as error:
                problem = " ".join(error.messages)
            else:
                if wants_next:
                    return _after_step(vacancy, "vaardigheden")
                url = reverse("vacancy_edit", args=[vacancy.pk, "vaardigheden"])
                if query:
                    url += "?" + urlencode({"q": query})
                anchor = "#resultaten" if "search" in post else "#gekozen"
                return redirect(url + anchor)
        chosen = selectors.vacancy_skills(vacancy=vacancy)
    chosen_ids = {row.concept_id for row in chosen}
    results = []
    if query:
        language = translation.get_language() or "nl"
        results = [
            suggestion
            for suggestion in concept_autocomplete(
                query=query, language=language, types=["skill", "knowledge"], limit=SEARCH_LIMIT
            )
            if suggestion.id not in chosen_ids
        ]
    context = _steps_context("vaardigheden", vacancy)
    context.update(
        {
            "organisation": vacancy.organisation,
            "chosen": chosen,
            "suggestions": selectors.suggested_skills(vacancy=vacancy, exclude=chosen_ids),
            "query": query,
            "results": results,
            "problem": problem,
            "levels": SkillLevel.choices,
        }
    )
    return render(request, "vacancies/wizard_skills.html", context)


@login_required
def vacancy_manage(request: HttpRequest, pk: int) -> HttpResponse:
    """The employer's view of one vacancy: everything it says, its state, and what to do next."""
    vacancy = selectors.vacancy_for(user=request.user, pk=pk)
    if vacancy is None:
        raise Http404
    actions = vacancy_permission_policy.actions_for_instance(request.user, vacancy)
    problems = services.vacancy_problems(vacancy)
    skills = selectors.vacancy_skills(vacancy=vacancy)
    return render(
        request,
        "vacancies/vacancy_manage.html",
        {
            "vacancy": vacancy,
            "organisation": vacancy.organisation,
            "required_skills": [s for s in skills if s.required],
            "nice_skills": [s for s in skills if not s.required],
            "problems": problems,
            "can_publish": PUBLISH in actions and not problems,
            "is_open": vacancy.effective_status == VacancyStatus.OPEN,
        },
    )


@login_required
@require_POST
def vacancy_publish(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = selectors.vacancy_for_change(user=request.user, pk=pk)
    if vacancy is None:
        raise Http404
    try:
        services.vacancy_publish(vacancy=vacancy, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The vacancy is open. Coaches can see it now."))
    return redirect("vacancy_manage", pk=vacancy.pk)


@login_required
@require_POST
def vacancy_close(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = selectors.vacancy_for_change(user=request.user, pk=pk)
    if vacancy is None:
        raise Http404
    filled = request.POST.get("filled") == "1"
    services.vacancy_close(vacancy=vacancy, by=request.user, filled=filled)
    messages.success(
        request,
        _("The vacancy is marked as filled.") if filled else _("The vacancy is closed."),
    )
    return redirect("vacancy_manage", pk=vacancy.pk)


@login_required
@require_POST
def vacancy_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = selectors.vacancy_for_change(user=request.user, pk=pk)
    if vacancy is None:
        raise Http404
    copy = services.vacancy_duplicate(vacancy=vacancy, by=request.user)
    messages.success(request, _("A copy is made. Check it and fill in the dates."))
    return redirect("vacancy_edit", pk=copy.pk, step="basis")


# --- The network's vacancies -----------------------------------------------------------


@login_required
def vacancy_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.VacancyFilters.from_query(request.GET)
    page = Paginator(selectors.network_vacancies(user=request.user, filters=filters), 25).get_page(
        request.GET.get("pagina")
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "vacancies/vacancy_list.html",
        {
            "page": page,
            "filters": filters,
            "work_types": WorkType.choices,
            "places": selectors.network_places(user=request.user),
            "filter_query": query.urlencode(),
        },
    )


@login_required
def vacancy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = selectors.visible_vacancy(user=request.user, pk=pk)
    if vacancy is None:
        raise Http404
    skills = list(vacancy.skills.all())
    return render(
        request,
        "vacancies/vacancy_detail.html",
        {
            "vacancy": vacancy,
            "required_skills": [s for s in skills if s.required],
            "nice_skills": [s for s in skills if not s.required],
        },
    )
