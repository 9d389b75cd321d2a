"""Writes to portfolios. Every change records who and when; visibility changes notify after commit."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.models import Page

from portal.accounts.models import User
from portal.audit.services import audit_record

from .models import Audience, ConsentEvent, PortfolioConsent, PortfolioIndexPage, PortfolioPage
from .signals import portfolio_visibility_changed


def _visibility_changed(portfolio_id: int) -> None:
    transaction.on_commit(
        lambda: portfolio_visibility_changed.send(sender=PortfolioPage, portfolio_id=portfolio_id)
    )


def portfolio_index() -> PortfolioIndexPage:
    """The page that holds all portfolios, outside the site tree (created when missing)."""
    index = PortfolioIndexPage.objects.first()
    if index is None:
        root = Page.get_first_root_node()
        index = root.add_child(instance=PortfolioIndexPage(title="Portfolios", slug="portfolios"))
    return index


@transaction.atomic
def portfolio_create(*, jobseeker: User) -> PortfolioPage:
    """Start the jobseeker's own portfolio: an empty, unpublished draft that only they see."""
    existing = PortfolioPage.objects.filter(jobseeker=jobseeker).first()
    if existing is not None:
        return existing
    page = PortfolioPage(
        title=jobseeker.get_full_name() or jobseeker.email,
        slug=f"portfolio-{jobseeker.pk}",
        jobseeker=jobseeker,
        owner=jobseeker,
        live=False,
    )
    portfolio_index().add_child(instance=page)
    page.save_revision(user=jobseeker)
    PortfolioConsent.objects.create(portfolio=page)
    audit_record(actor=jobseeker, action="portfolio.create", subject=jobseeker, target=page)
    return page


def portfolio_draft(portfolio: PortfolioPage) -> PortfolioPage:
    """The newest version, draft or published, as the editor shows it."""
    return portfolio.get_latest_revision_as_object()


@transaction.atomic
def portfolio_save_draft(
    *,
    portfolio: PortfolioPage,
    by: User,
    fields: dict[str, Any] | None = None,
    children: dict[str, list[dict[str, Any]]] | None = None,
) -> PortfolioPage:
    """Save one editor step as a new draft revision; the published version stays as it was.

    `fields` are plain page fields; `children` replaces a child collection
    ("skills", "occupations", "languages") with the given rows.
    """
    if by != portfolio.jobseeker:
        raise PermissionDenied(_("Only the jobseeker edits their own portfolio."))
    draft = portfolio_draft(portfolio)
    for name, value in (fields or {}).items():
        setattr(draft, name, value)
    for relation, rows in (children or {}).items():
        model = getattr(PortfolioPage, relation).rel.related_model
        getattr(draft, relation).set([model(**row) for row in rows])
    draft.full_clean()
    revision = draft.save_revision(user=by, clean=False)
    audit_record(actor=by, action="portfolio.save_draft", subject=by, target=portfolio)
    return revision.as_object()


@transaction.atomic
def portfolio_publish(*, portfolio: PortfolioPage, by: User) -> PortfolioPage:
    """Make the newest draft the version others see and search (a human always publishes it)."""
    if by != portfolio.jobseeker:
        raise PermissionDenied(_("Only the jobseeker publishes their own portfolio."))
    # Read the newest revision from the database: the caller's object may predate the last save.
    portfolio = PortfolioPage.objects.select_related("latest_revision").get(pk=portfolio.pk)
    revision = portfolio.latest_revision or portfolio.save_revision(user=by)
    # Our permission policy decided above; Wagtail's page permissions are for site editors.
    revision.publish(user=by, skip_permission_checks=True)
    audit_record(actor=by, action="portfolio.publish", subject=by, target=portfolio)
    _visibility_changed(portfolio.pk)
    return PortfolioPage.objects.get(pk=portfolio.pk)


@transaction.atomic
def portfolio_unpublish(*, portfolio: PortfolioPage, by: User) -> None:
    """Take the portfolio offline: nobody but the owner sees it until it is published again."""
    if by != portfolio.jobseeker:
        raise PermissionDenied
    UnpublishPageAction(portfolio, user=by).execute(skip_permission_checks=True)
    audit_record(actor=by, action="portfolio.unpublish", subject=by, target=portfolio)
    _visibility_changed(portfolio.pk)


def consent_text(audience: str) -> str:
    """The sentence the jobseeker sees beside a switch, in the active language; it is stored with each change."""
    texts = {
        Audience.COACH_ORGANISATION: _(
            "The coaches of my organisation may see my portfolio, with my name."
        ),
        Audience.NETWORK: _(
            "Coaches and matchers of other organisations in the network may see my portfolio, "
            "with my name."
        ),
        Audience.EMPLOYERS_ANONYMOUS: _(
            "Employers may see my portfolio without my name, photo or contact details."
        ),
        Audience.EMPLOYERS_NAMED: _(
            "Employers may see my portfolio with my name and contact details."
        ),
    }
    return str(texts[audience])


@transaction.atomic
def consent_set(
    *, portfolio: PortfolioPage, audience: str, granted: bool, by: User
) -> PortfolioConsent:
    """Switch one audience on or off. Counts at once; the search index follows after commit."""
    if by != portfolio.jobseeker:
        raise PermissionDenied(_("Only the jobseeker decides who sees their portfolio."))
    if audience not in Audience.values:
        raise ValidationError(_("Unknown audience."))
    consent = PortfolioConsent.objects.select_for_update().get(portfolio=portfolio)
    if getattr(consent, audience) == granted:
        return consent
    setattr(consent, audience, granted)
    consent.updated_at = timezone.now()
    consent.save()
    ConsentEvent.objects.create(
        portfolio=portfolio,
        changed_by=by,
        audience=audience,
        granted=granted,
        text_shown=consent_text(audience),
        language=translation.get_language() or "nl",
    )
    audit_record(
        actor=by,
        action="portfolio.consent",
        subject=portfolio.jobseeker,
        target=portfolio,
        details={"audience": audience, "granted": granted},
    )
    _visibility_changed(portfolio.pk)
    return consent


@transaction.atomic
def consent_set_coach_approval(
    *, portfolio: PortfolioPage, approved: bool, by: User
) -> PortfolioConsent:
    """The coach's half of sharing with employers. The caller checks that `by` coaches this person."""
    consent = PortfolioConsent.objects.select_for_update().get(portfolio=portfolio)
    if consent.coach_approves_employers == approved:
        return consent
    consent.coach_approves_employers = approved
    consent.updated_at = timezone.now()
    consent.save()
    ConsentEvent.objects.create(
        portfolio=portfolio,
        changed_by=by,
        audience="coach_approves_employers",
        granted=approved,
        text_shown=str(_("As coach, I agree that employers may see this portfolio.")),
        language=translation.get_language() or "nl",
    )
    audit_record(
        actor=by,
        action="portfolio.coach_employers",
        subject=portfolio.jobseeker,
        target=portfolio,
        details={"approved": approved},
    )
    _visibility_changed(portfolio.pk)
    return consent


def portfolio_record_view(*, portfolio: PortfolioPage, viewer: User, what: str = "page") -> None:
    """Log that someone other than the owner looked at the portfolio (page or PDF)."""
    if viewer == portfolio.jobseeker:
        return
    organisations = list(
        viewer.memberships.filter(is_active=True).values_list("organisation__name", flat=True)
    )
    audit_record(
        actor=viewer,
        action="portfolio.view",
        subject=portfolio.jobseeker,
        target=portfolio,
        details={
            "what": what,
            "revision_id": portfolio.live_revision_id,
            "organisations": organisations,
        },
    )
