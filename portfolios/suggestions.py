"""Coach suggestions: a coach of the jobseeker's own organisation suggests, the jobseeker decides.

A coach never edits or publishes the portfolio. Accepting a skill or an occupation
adds it to the jobseeker's draft through the editor's own services, so it is
published only when the jobseeker publishes. Every write is audited.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.audit.services import audit_record
from portal.choices import SkillLevel
from portal.taxonomy.models import Concept, ConceptStatus, ConceptType

from . import services
from .models import CoachSuggestion, EditorStep, PortfolioPage, SuggestionState
from .permissions import portfolio_permission_policy

SKILL_TYPES = (ConceptType.SKILL, ConceptType.KNOWLEDGE)
MAX_TEXT_LENGTH = 1000

# --- Services ------------------------------------------------------------------------------


@transaction.atomic
def suggestion_create(
    *,
    portfolio: PortfolioPage,
    by: User,
    step: str,
    text: str = "",
    skill: Concept | None = None,
    skill_level: int | None = None,
    occupation: Concept | None = None,
) -> CoachSuggestion:
    """Leave a suggestion on one step of the jobseeker's portfolio.

    Only a coach or organisation admin of the jobseeker's own organisation may
    (never the jobseeker, never staff of another organisation). A skill goes with
    a level and only on the skills step; an occupation only on the wishes step.
    """
    if not portfolio_permission_policy.can_coach(by, portfolio):
        raise PermissionDenied(_("Only a coach of this jobseeker's organisation can suggest."))
    text = text.strip()
    if step not in EditorStep.values:
        raise ValidationError(_("Choose a step."))
    if len(text) > MAX_TEXT_LENGTH:
        raise ValidationError(_("Write at most %(count)s characters.") % {"count": MAX_TEXT_LENGTH})
    if skill is not None:
        _check_concept(skill, SKILL_TYPES)
        if step != EditorStep.SKILLS:
            raise ValidationError(_("A skill belongs to the step “What I am good at”."))
        if skill_level not in SkillLevel.values:
            raise ValidationError(_("Choose how well the jobseeker can do this."))
    else:
        skill_level = None
    if occupation is not None:
        _check_concept(occupation, (ConceptType.OCCUPATION,))
        if step != EditorStep.WISHES:
            raise ValidationError(_("Work belongs to the step “What I want”."))
    if not (text or skill or occupation):
        raise ValidationError(_("Write your suggestion."))
    suggestion = CoachSuggestion.objects.create(
        portfolio=portfolio,
        step=step,
        author=by,
        text=text,
        skill=skill,
        skill_level=skill_level,
        occupation=occupation,
    )
    _audit(suggestion, by=by, action="suggestion.create")
    return suggestion


@transaction.atomic
def suggestion_accept(*, suggestion: CoachSuggestion, by: User) -> CoachSuggestion:
    """The jobseeker takes the suggestion over: a skill or occupation goes into their draft.

    Nothing is published. A skill they already have gets the suggested level and
    keeps their own example. A text suggestion is only marked as taken over:
    the jobseeker changes their texts themselves.
    """
    suggestion = _lock_open(suggestion, by=by)
    portfolio = suggestion.portfolio
    if suggestion.skill is not None:
        current = next(
            (
                skill
                for skill in services.portfolio_draft(portfolio).skills.all()
                if skill.concept_id == suggestion.skill_id
            ),
            None,
        )
        services.portfolio_skill_set(
            portfolio=portfolio,
            by=by,
            concept=suggestion.skill,
            level=suggestion.skill_level,
            note=current.note if current else "",
        )
    if suggestion.occupation is not None:
        services.portfolio_occupation_add(portfolio=portfolio, by=by, concept=suggestion.occupation)
    return _decide(suggestion, by=by, state=SuggestionState.ACCEPTED)


@transaction.atomic
def suggestion_ignore(*, suggestion: CoachSuggestion, by: User) -> CoachSuggestion:
    """The jobseeker puts the suggestion away; their portfolio stays as it is."""
    suggestion = _lock_open(suggestion, by=by)
    return _decide(suggestion, by=by, state=SuggestionState.IGNORED)


def _check_concept(concept: Concept, types: tuple[str, ...]) -> None:
    if concept.concept_type not in types or concept.status != ConceptStatus.RELEASED:
        raise ValidationError(_("Choose a skill or work from the list."))


def _lock_open(suggestion: CoachSuggestion, *, by: User) -> CoachSuggestion:
    """The suggestion, locked, if `by` is its jobseeker and nobody decided on it yet."""
    locked = (
        CoachSuggestion.objects.select_for_update(of=("self",))
        .select_related("portfolio", "skill", "occupation")
        .get(pk=suggestion.pk)
    )
    if by.pk != locked.portfolio.jobseeker_id:
        raise PermissionDenied(_("Only the jobseeker decides about a suggestion."))
    if locked.state != SuggestionState.OPEN:
        raise ValidationError(_("You already decided about this suggestion."))
    return locked


def _decide(suggestion: CoachSuggestion, *, by: User, state: str) -> CoachSuggestion:
    suggestion.state = state
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["state", "decided_at"])
    action = "suggestion.accept" if state == SuggestionState.ACCEPTED else "suggestion.ignore"
    _audit(suggestion, by=by, action=action)
    return suggestion


def _audit(suggestion: CoachSuggestion, *, by: User, action: str) -> None:
    # The target is the portfolio, so erasing the jobseeker scrubs these rows with the rest;
    # the text stays out of the log (it may name people).
    audit_record(
        actor=by,
        action=action,
        subject=suggestion.portfolio.jobseeker,
        target=suggestion.portfolio,
        details={"suggestion": suggestion.pk, "step": suggestion.step},
    )


# --- Selectors -----------------------------------------------------------------------------


def suggestions_open(*, portfolio: PortfolioPage) -> list[CoachSuggestion]:
    """The open suggestions on the portfolio, oldest first, in one query."""
    return list(
        CoachSuggestion.objects.filter(portfolio=portfolio, state=SuggestionState.OPEN)
        .select_related("author", "skill", "occupation")
        .order_by("created_at", "id")
    )


def suggestion_on(*, portfolio: PortfolioPage, suggestion_id: int) -> CoachSuggestion | None:
    """A suggestion on this portfolio, or None: one on someone else's is never found."""
    return (
        CoachSuggestion.objects.filter(pk=suggestion_id, portfolio=portfolio)
        .select_related("portfolio", "skill", "occupation")
        .first()
    )


def suggestions_by_author(*, portfolio: PortfolioPage, author: User) -> QuerySet[CoachSuggestion]:
    """What `author` suggested on this portfolio, newest first, with the state of each."""
    return (
        CoachSuggestion.objects.filter(portfolio=portfolio, author=author)
        .select_related("skill", "occupation")
        .order_by("-created_at", "-id")
    )
