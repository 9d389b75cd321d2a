"""The jobseeker's own editor: five steps, then preview and publish.

Views only parse, call a service or selector, and render. Each step saves a new
draft revision; others keep seeing the published version until the jobseeker
publishes. Every editor URL acts on the signed-in person's own portfolio, so there
is no id to guess; revisions are looked up within that portfolio only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.taxonomy.autocomplete import concept_autocomplete
from portal.taxonomy.models import Concept, ConceptStatus, ConceptType
from portal.taxonomy.selectors import skills_for_occupations

from . import selectors, services, suggestions, uploads
from .forms import (
    NARRATIVE_FORMS,
    AboutForm,
    ConsentForm,
    LanguageForm,
    OccupationSearchForm,
    PhotoForm,
    SkillLevelForm,
    SkillSearchForm,
    WishesForm,
)
from .models import Audience, CoachSuggestion, EditorStep, EvidenceKind, PortfolioPage

SKILL_TYPES = [ConceptType.SKILL, ConceptType.KNOWLEDGE]
SEARCH_LIMIT = 10
SUGGESTION_LIMIT = 8


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    url_name: str


STEPS = [
    Step(EditorStep.ABOUT, EditorStep.ABOUT.label, "portfolio_edit_about"),
    Step(EditorStep.SKILLS, EditorStep.SKILLS.label, "portfolio_edit_skills"),
    Step(EditorStep.DONE, EditorStep.DONE.label, "portfolio_edit_done"),
    Step(EditorStep.WISHES, EditorStep.WISHES.label, "portfolio_edit_wishes"),
    Step(EditorStep.CONSENT, EditorStep.CONSENT.label, "portfolio_edit_consent"),
    Step("publish", gettext_lazy("Look and publish"), "portfolio_edit_publish"),
]
STEP_KEYS = [step.key for step in STEPS]


def _empty_steps(draft: PortfolioPage, *, consent_chosen: bool) -> set[str]:
    """The steps where the jobseeker has not filled in anything yet."""
    empty = set()
    if not (draft.headline or draft.about_me):
        empty.add("about")
    if not draft.skills.all():
        empty.add("skills")
    if not draft.narrative:
        empty.add("done")
    wishes = (
        draft.occupations.all(),
        draft.sectors,
        draft.work_types,
        draft.hours_min,
        draft.hours_max,
        draft.days_available,
        draft.postcode,
        draft.earliest_start,
        draft.languages.all(),
    )
    if not any(wishes):
        empty.add("wishes")
    if not consent_chosen:
        empty.add("consent")
    return empty


def _next_url(key: str) -> str:
    return reverse(STEPS[STEP_KEYS.index(key) + 1].url_name)


def jobseeker_editor(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Only for a jobseeker (or someone without an organisation), on their own portfolio.

    Anonymous visitors go to the login page; coaches, staff, recruiters and
    network admins get 403. The portfolio is made on the first visit.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not selectors.portfolio_editor_allowed(user=request.user):
            raise PermissionDenied
        portfolio = selectors.portfolio_of(jobseeker=request.user)
        if portfolio is None:
            portfolio = services.portfolio_create(jobseeker=request.user)
        return view(request, portfolio, *args, **kwargs)

    return login_required(wrapper)


def _render(
    request: HttpRequest,
    template: str,
    *,
    portfolio: PortfolioPage,
    draft: PortfolioPage,
    step: str,
    status: int = 200,
    **context,
) -> HttpResponse:
    empty = _empty_steps(draft, consent_chosen=selectors.consent_chosen(portfolio=portfolio))
    # One query for every step: the progress indicator counts them, the step shows its own.
    open_suggestions = suggestions.suggestions_open(portfolio=portfolio)
    per_step = Counter(suggestion.step for suggestion in open_suggestions)
    steps = [
        {
            "key": item.key,
            "title": item.title,
            "url": reverse(item.url_name),
            "number": number,
            "current": item.key == step,
            "empty": item.key in empty,
            "suggestions": per_step[item.key],
        }
        for number, item in enumerate(STEPS, start=1)
    ]
    current = STEP_KEYS.index(step)
    return render(
        request,
        template,
        {
            "portfolio": portfolio,
            "draft": draft,
            "steps": steps,
            "step": steps[current],
            "previous_step": steps[current - 1] if current else None,
            "next_step": steps[current + 1] if current + 1 < len(steps) else None,
            "empty_count": len(empty),
            "open_suggestions_count": len(open_suggestions),
            "step_suggestions": [s for s in open_suggestions if s.step == step],
            **context,
        },
        status=status,
    )


def _saved(request: HttpRequest) -> None:
    messages.success(request, _("Saved. Only you see this until you publish it."))


# --- Start, and step 1: About me. ---------------------------------------------------------


@jobseeker_editor
def editor_start(request: HttpRequest, portfolio: PortfolioPage) -> HttpResponse:
    """Open the editor where the jobseeker left off: the first step that is still empty."""
    draft = portfolio.get_latest_revision_as_object()
    empty = _empty_steps(draft, consent_chosen=selectors.consent_chosen(portfolio=portfolio))
    first = next((step for step in STEPS if step.key in empty), STEPS[-1])
    return redirect(first.url_name)


@jobseeker_editor
def edit_about(request: HttpRequest, portfolio: PortfolioPage) -> HttpResponse:
    """Headline, about me, what helps me at work, and a photo (stored as the person's evidence)."""
    draft = selectors.portfolio_draft_for_editor(portfolio=portfolio)
    photo = selectors.portfolio_photo(portfolio=draft)
    if request.method == "POST":
        form = AboutForm(request.POST)
        photo_form = PhotoForm(request.POST, request.FILES)
        if form.is_valid() and photo_form.is_valid():
            fields = dict(form.cleaned_data)
            upload = photo_form.cleaned_data["photo"]
            try:
                if upload is not None:
                    fields["photo_evidence"] = uploads.evidence_create(
                        owner=request.user,
                        kind=EvidenceKind.PHOTO,
                        uploaded_file=upload,
                        title=_("Photo"),
                    )
                elif photo_form.cleaned_data["remove_photo"]:
                    fields["photo_evidence"] = None
            except ValidationError as error:
                photo_form.add_error("photo", error)
            else:
                services.portfolio_save_draft(portfolio=portfolio, by=request.user, fields=fields)
                _saved(request)
                return redirect(_next_url("about"))
    else:
        form = AboutForm(initial={name: getattr(draft, name) for name in AboutForm.base_fields})
        photo_form = PhotoForm()
    if photo is None:
        del photo_form.fields["remove_photo"]
    return _render(
        request,
        "portfolios/editor/about.html",
        portfolio=portfolio,
        draft=draft,
        step="about",
        form=form,
        photo_form=photo_form,
        photo=photo,
        status=400 if form.errors or photo_form.errors else 200,
    )


# --- Step 2: What I am good at. -------------------------------------------------------------


def _concept_or_404(request: HttpRequest, value: str | None, types: list[str]) -> Concept:
    try:
        concept_id = int(value or "")
    except ValueError as error:
        raise Http404 from error
    return get_object_or_404(
        Concept, pk=concept_id, concept_type__in=types, status=ConceptStatus.RELEASED
    )


def _search(query: str, types: list[str]) -> list:
    if not query.strip():
        return []
    return concept_autocomplete(
        query=query,
        language=translation.get_language() or "nl",
        types=types,
        limit=SEARCH_LIMIT,
    )


@jobseeker_editor
def edit_skills(request: HttpRequest, portfolio: PortfolioPage) -> HttpResponse:
    """The skill picker: search, choose a level for a skill, change it or remove it."""
    draft = selectors.portfolio_draft_for_editor(portfolio=portfolio)
    skills = list(draft.skills.all())
    chosen, level_form, status = None, None, 200

    if request.method == "POST":
        action = request.POST.get("action")
        concept = _concept_or_404(request, request.POST.get("concept"), SKILL_TYPES)
        if action == "remove":
            services.portfolio_skill_remove(
                portfolio=portfolio, by=request.user, concept_id=concept.pk
            )
            messages.success(request, _("%(skill)s is removed.") % {"skill": concept.label()})
            return redirect("portfolio_edit_skills")
        level_form = SkillLevelForm(request.POST)
        if level_form.is_valid():
            try:
                services.portfolio_skill_set(
                    portfolio=portfolio, by=request.user, concept=concept, **level_form.cleaned_data
                )
            except ValidationError as error:
                level_form.add_error(None, error)
            else:
                _saved(request)
                return redirect("portfolio_edit_skills")
        chosen, status = concept, 400
    elif "kies" in request.GET:
        chosen = _concept_or_404(request, request.GET.get("kies"), SKILL_TYPES)
        current = next((skill for skill in skills if skill.concept_id == chosen.pk), None)
        initial = {"level": current.level, "note": current.note} if current else {}
        level_form = SkillLevelForm(initial=initial)

    search_form = SkillSearchForm(request.GET or None)
    query = search_form.cleaned_data["q"] if search_form.is_valid() else ""
    have = {skill.concept_id for skill in skills}
    occupation_ids = [occupation.concept_id for occupation in draft.occupations.all()]
    suggestions = [
        concept
        for concept in skills_for_occupations(occupation_ids, limit=SUGGESTION_LIMIT + len(have))
        if concept.pk not in have
    ][:SUGGESTION_LIMIT]
    return _render(
        request,
        "portfolios/editor/skills.html",
        portfolio=portfolio,
        draft=draft,
        step="skills",
        skills=skills,
        have=have,
        search_form=search_form,
        query=query,
        results=_search(query, SKILL_TYPES) if chosen is None else [],
        suggestions=suggestions,
        occupations=draft.occupations.all(),
        chosen=chosen,
        chosen_is_new=chosen is not None and chosen.pk not in have,
        level_form=level_form,
        status=status,
    )


# --- Step 3: What I have done. --------------------------------------------------------------


@jobseeker_editor
def edit_done(request: HttpRequest, portfolio: PortfolioPage) -> HttpResponse:
    draft = selectors.portfolio_draft_for_editor(portfolio=portfolio)
    return _render(
        request,
        "portfolios/editor/done.html",
        portfolio=portfolio,
        draft=draft,
        step="done",
        entries=list(draft.narrative),
    )


@jobseeker_editor
def edit_done_entry(
    request: HttpRequest, portfolio: PortfolioPage, kind: str = "", block_id=None
) -> HttpResponse:
    """Add an entry (`kind` given) or change one (`block_id` given), in a plain form."""
    draft = selectors.portfolio_draft_for_editor(portfolio=portfolio)
    block = None
    if block_id is not None:
        block = next((b for b in draft.narrative if b.id == str(block_id)), None)
        if block is None:
            raise Http404
        kind = block.block_type
    if kind not in NARRATIVE_FORMS:
        raise Http404
    form_class = NARRATIVE_FORMS[kind]
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                services.portfolio_narrative_save(
                    portfolio=portfolio,
                    by=request.user,
                    block_type=kind,
                    value=form.cleaned_data,
                    block_id=str(block_id) if block_id else None,
                )
            except ObjectDoesNotExist as error:
                raise Http404 from error
            _saved(request)
            return redirect("portfolio_edit_done")
    else:
        initial = dict(block.value) if block is not None else {}
        form = form_class(initial=initial)
    return _render(
        request,
        "portfolios/editor/done_entry.html",
        portfolio=portfolio,
        draft=draft,
        step="done",
        form=form,
        kind=kind,
        block=block,
        status=400 if form.errors else 200,
    )


@jobseeker_editor
@require_POST
def remove_done_entry(request: HttpRequest, portfolio: PortfolioPage, block_id) -> HttpResponse:
    try:
        services.portfolio_narrative_remove(
            portfolio=portfolio, by=request.user, block_id=str(block_id)
        )
    except ObjectDoesNotExist as error:
        raise Http404 from error
    messages.success(request, _("The entry is removed."))
    return redirect("portfolio_edit_done")


# --- Step 4: What I want. ---------------------------------------------------------------


@jobseeker_editor
def edit_wishes(request: HttpRequest, portfolio: PortfolioPage) -> HttpResponse:
    """Wanted work (taxonomy picker), hours, days, travel, kinds of work, and languages.

    Hours and languages are one form: adding or removing a language also keeps the
    hours and days the person changed a moment before (saved when they are valid,
    shown again with the message when not). The work picker's buttons send the
    same fields along when the page's script is on.
    """
    draft = selectors.portfolio_draft_for_editor(portfolio=portfolio)
    initial = WishesForm.initial_from(draft)
    wishes_form = WishesForm(initial=initial)
    language_form = LanguageForm()
    status = 200

    if request.method == "POST":
        action = request.POST.get("action")
        wishes_ok = True
        # The hours form came along (always, from this page): never drop what it says.
        if "wishes" in request.POST or action == "save":
            wishes_form = WishesForm(request.POST, initial=initial)
            wishes_ok = wishes_form.is_valid()
            if wishes_ok and (action == "save" or wishes_form.has_changed()):
                services.portfolio_save_draft(
                    portfolio=portfolio, by=request.user, fields=wishes_form.page_fields()
                )
        done = None
        if action == "add_occupation":
            concept = _concept_or_404(
                request, request.POST.get("concept"), [ConceptType.OCCUPATION]
            )
            services.portfolio_occupation_add(portfolio=portfolio, by=request.user, concept=concept)
            done = _("Saved. Only you see this until you publish it.")
        elif action == "remove_occupation":
            concept = _concept_or_404(
                request, request.POST.get("concept"), [ConceptType.OCCUPATION]
            )
            services.portfolio_occupation_remove(
                portfolio=portfolio, by=request.user, concept_id=concept.pk
            )
            done = _("%(work)s is removed.") % {"work": concept.label()}
        elif "remove_language" in request.POST:
            services.portfolio_language_remove(
                portfolio=portfolio, by=request.user, language=request.POST["remove_language"]
            )
            done = _("The language is removed.")
        elif action == "add_language":
            language_form = LanguageForm(request.POST)
            if language_form.is_valid():
                services.portfolio_language_set(
                    portfolio=portfolio, by=request.user, **language_form.cleaned_data
                )
                done = _("Saved. Only you see this until you publish it.")
        elif action == "save" and wishes_ok:
            _saved(request)
            return redirect(_next_url("wishes"))
        if done is not None:
            messages.success(request, done)
            if wishes_ok:
                return redirect("portfolio_edit_wishes")
            # Done, but the hours have a mistake: show them again as typed, with the message.
            language_form = LanguageForm()
            draft = selectors.portfolio_draft_for_editor(portfolio=portfolio)
        status = 400

    search_form = OccupationSearchForm(request.GET or None)
    query = search_form.cleaned_data["q"] if search_form.is_valid() else ""
    occupations = list(draft.occupations.all())
    return _render(
        request,
        "portfolios/editor/wishes.html",
        portfolio=portfolio,
        draft=draft,
        step="wishes",
        occupations=occupations,
        have={occupation.concept_id for occupation in occupations},
        search_form=search_form,
        query=query,
        results=_search(query, [ConceptType.OCCUPATION]),
        wishes_form=wishes_form,
        language_form=language_form,
        languages=draft.languages.all(),
        status=status,
    )


# --- Step 5: Who may see it. ----------------------------------------------------------------


@jobseeker_editor
def edit_consent(request: HttpRequest, portfolio: PortfolioPage) -> HttpResponse:
    """Four switches, each with the exact sentence that is stored when it changes."""
    draft = selectors.portfolio_draft_for_editor(portfolio=portfolio)
    consent = selectors.consent_of(portfolio=portfolio)
    texts = {audience.value: services.consent_text(audience.value) for audience in Audience}
    if request.method == "POST":
        form = ConsentForm(request.POST, texts=texts)
        if form.is_valid():
            for audience in Audience:
                consent = services.consent_set(
                    portfolio=portfolio,
                    audience=audience.value,
                    granted=form.cleaned_data[audience.value],
                    by=request.user,
                )
            messages.success(request, _("Your choice is saved. It counts right away."))
            return redirect(_next_url("consent"))
    else:
        form = ConsentForm(
            initial={audience.value: getattr(consent, audience.value) for audience in Audience},
            texts=texts,
        )
    return _render(
        request,
        "portfolios/editor/consent.html",
        portfolio=portfolio,
        draft=draft,
        step="consent",
        form=form,
        consent=consent,
        audiences=[(audience, form[audience.value]) for audience in Audience],
    )


# --- Preview, publish, history. ---------------------------------------------------------


@jobseeker_editor
def edit_publish(request: HttpRequest, portfolio: PortfolioPage) -> HttpResponse:
    """Where the jobseeker sees the state, opens the two previews, publishes or takes it offline."""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "publish":
            services.portfolio_publish(portfolio=portfolio, by=request.user)
            messages.success(request, _("Your portfolio is published."))
        elif action == "unpublish":
            if portfolio.live:
                services.portfolio_unpublish(portfolio=portfolio, by=request.user)
            messages.success(request, _("Your portfolio is offline. Nobody else sees it now."))
        else:
            raise Http404
        return redirect("portfolio_edit_publish")
    draft = selectors.portfolio_draft_for_editor(portfolio=portfolio)
    return _render(
        request,
        "portfolios/editor/publish.html",
        portfolio=portfolio,
        draft=draft,
        step="publish",
        consent=selectors.consent_of(portfolio=portfolio),
    )


PREVIEWS = {"coach": "coach", "werkgever": "employer"}


@jobseeker_editor
def preview(request: HttpRequest, portfolio: PortfolioPage, audience: str) -> HttpResponse:
    """The draft exactly as a coach, or an employer, would see it once published."""
    if audience not in PREVIEWS:
        raise Http404
    draft = selectors.portfolio_draft_for_editor(portfolio=portfolio)
    consent = selectors.consent_of(portfolio=portfolio)
    as_employer = PREVIEWS[audience] == "employer"
    return _render(
        request,
        "portfolios/editor/preview.html",
        portfolio=portfolio,
        draft=draft,
        step="publish",
        as_employer=as_employer,
        consent=consent,
        show_identity=consent.employers_named if as_employer else True,
        show_support_needs=not as_employer,
    )


@jobseeker_editor
def history(request: HttpRequest, portfolio: PortfolioPage) -> HttpResponse:
    draft = selectors.portfolio_draft_for_editor(portfolio=portfolio)
    return _render(
        request,
        "portfolios/editor/history.html",
        portfolio=portfolio,
        draft=draft,
        step="publish",
        revisions=selectors.portfolio_revisions(portfolio=portfolio),
    )


@jobseeker_editor
@require_POST
def restore(request: HttpRequest, portfolio: PortfolioPage, revision_id: int) -> HttpResponse:
    """Save an older version as the newest draft; the published version stays until publish."""
    try:
        services.portfolio_restore_revision(
            portfolio=portfolio, by=request.user, revision_id=revision_id
        )
    except ObjectDoesNotExist as error:
        raise Http404 from error
    messages.success(
        request, _("The older version is back as your draft. Publish it when you are ready.")
    )
    return redirect("portfolio_edit_publish")


# --- Suggestions of the coach. ----------------------------------------------------------------


@jobseeker_editor
@require_POST
def decide_suggestion(
    request: HttpRequest, portfolio: PortfolioPage, suggestion_id: int
) -> HttpResponse:
    """Accept or ignore a coach's suggestion; accepting changes the draft, never the published version."""
    suggestion = suggestions.suggestion_on(portfolio=portfolio, suggestion_id=suggestion_id)
    if suggestion is None:
        raise Http404
    action = request.POST.get("action")
    try:
        if action == "accept":
            suggestions.suggestion_accept(suggestion=suggestion, by=request.user)
            messages.success(request, _accepted_message(suggestion))
        elif action == "ignore":
            suggestions.suggestion_ignore(suggestion=suggestion, by=request.user)
            messages.success(request, _("The suggestion is put away."))
        else:
            raise Http404
    except ValidationError as error:
        messages.info(request, error.messages[0])
    return redirect(STEPS[STEP_KEYS.index(suggestion.step)].url_name)


def _accepted_message(suggestion: CoachSuggestion) -> str:
    if suggestion.skill is not None:
        concept = suggestion.skill
    elif suggestion.occupation is not None:
        concept = suggestion.occupation
    else:
        return _("Good. You can change this step yourself now.")
    return _("%(name)s is added. Others see it after you publish.") % {"name": concept.label()}
