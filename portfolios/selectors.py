from django.db.models import Prefetch, QuerySet
from wagtail.models import Revision

from portal.accounts.models import User
from portal.taxonomy.models import Concept

from .models import (
    ConsentEvent,
    Evidence,
    EvidenceKind,
    PortfolioConsent,
    PortfolioPage,
    PortfolioSkill,
)
from .permissions import portfolio_permission_policy


def portfolio_of(*, jobseeker: User) -> PortfolioPage | None:
    return PortfolioPage.objects.filter(jobseeker=jobseeker).first()


def portfolio_for_viewer(*, viewer: User, public_id: str) -> PortfolioPage | None:
    """The published portfolio with everything its page shows, or None when `viewer` may not see it.

    A fixed number of queries, however many skills the portfolio has.
    """
    return (
        portfolio_permission_policy.visible_to(viewer)
        .filter(public_id=public_id)
        .select_related("jobseeker", "consent")
        .prefetch_related(
            Prefetch(
                "skills",
                queryset=PortfolioSkill.objects.select_related("concept").order_by(
                    "-level", "sort_order"
                ),
            ),
            "occupations__concept",
            "languages",
        )
        .first()
    )


def consent_of(*, portfolio: PortfolioPage) -> PortfolioConsent:
    return PortfolioConsent.objects.get_or_create(portfolio=portfolio)[0]


# --- The jobseeker's own editor. ---------------------------------------------------------


def portfolio_editor_allowed(*, user: User) -> bool:
    """Whether `user` may open the portfolio editor (one query)."""
    return portfolio_permission_policy.may_build_own(user)


def portfolio_draft_for_editor(*, portfolio: PortfolioPage) -> PortfolioPage:
    """The newest version (draft or published) with the concepts of its skills and occupations.

    Revisions keep only concept ids; this fetches all concepts in one query, so
    the editor and the previews cost the same with 1 or with 30 skills.
    """
    draft = portfolio.get_latest_revision_as_object()
    # With nothing unpublished, Wagtail hands back the live page, whose children are
    # database rows; hold them in memory (modelcluster defers writes) like a revision's.
    for relation in ("skills", "occupations", "languages"):
        manager = getattr(draft, relation)
        manager.set(list(manager.all()))
    children = [*draft.skills.all(), *draft.occupations.all()]
    concepts = Concept.objects.in_bulk({child.concept_id for child in children})
    for child in children:
        if child.concept_id in concepts:
            child.concept = concepts[child.concept_id]
    return draft


def portfolio_photo(*, portfolio: PortfolioPage) -> Evidence | None:
    """The photo this version of the portfolio points to, if it still exists and is the owner's."""
    if portfolio.photo_evidence_id is None:
        return None
    return Evidence.objects.filter(
        pk=portfolio.photo_evidence_id, owner=portfolio.jobseeker_id, kind=EvidenceKind.PHOTO
    ).first()


def portfolio_revisions(*, portfolio: PortfolioPage, limit: int = 50) -> QuerySet[Revision]:
    """The newest revisions of the portfolio, newest first, with who saved them."""
    return (
        Revision.objects.for_instance(portfolio)
        .select_related("user")
        .order_by("-created_at", "-id")[:limit]
    )


def consent_chosen(*, portfolio: PortfolioPage) -> bool:
    """Whether the jobseeker has switched any audience on or off yet."""
    return ConsentEvent.objects.filter(
        portfolio=portfolio, changed_by=portfolio.jobseeker_id
    ).exists()
